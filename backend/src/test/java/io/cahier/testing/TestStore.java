package io.cahier.testing;

import io.cahier.storage.Database;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The store every test server runs on: one suite, two stores. Maven runs the backend's tests
 * twice, once on SQLite (the default) and once with {@code -Dcahier.test.store=postgresql}; a test
 * names a data directory, and on PostgreSQL that directory stands for a database of its own,
 * {@code cahier_test_<random>}, created on first use from {@code CAHIER_TEST_PG_URL} and dropped
 * when the test JVM exits. A server restarted on the same directory finds the same database.
 * When {@code CI} is set, a PostgreSQL run without a database fails; it never skips.
 */
public final class TestStore {

    private static final Map<Path, String> DATABASES = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile Vertx admin;

    private TestStore() {
    }

    public static boolean postgres() {
        return Database.POSTGRESQL.equals(System.getProperty("cahier.test.store", Database.SQLITE));
    }

    /** The flags that put a server's store at {@code dataDir}. */
    public static List<String> flags(Path dataDir) {
        List<String> flags = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        if (postgres()) {
            flags.addAll(List.of("--db-url", databaseUrl(dataDir)));
        }
        return flags;
    }

    /** The database standing for {@code dataDir} (PostgreSQL runs only), created on first use. */
    public static synchronized String databaseUrl(Path dataDir) {
        String existing = DATABASES.get(dataDir.toAbsolutePath());
        if (existing != null) {
            return existing;
        }
        String url = adminUrl();
        String name = "cahier_test_" + randomSuffix();
        execute(url, "CREATE DATABASE " + name);
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        options.setDatabase(name);
        String created = "postgresql://" + encode(options.getUser())
                + (options.getPassword() == null ? "" : ":" + encode(options.getPassword()))
                + "@" + (options.getHost().contains(":") ? "[" + options.getHost() + "]" : options.getHost())
                + ":" + options.getPort() + "/" + name;
        if (DATABASES.isEmpty()) {
            Runtime.getRuntime().addShutdownHook(new Thread(TestStore::dropAll, "drop-test-databases"));
        }
        DATABASES.put(dataDir.toAbsolutePath(), created);
        return created;
    }

    /** Where test databases are created: {@code CAHIER_TEST_PG_URL} (scripts/test finds or starts a PostgreSQL). */
    public static String adminUrl() {
        String url = System.getenv("CAHIER_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            url = System.getProperty("cahier.test.pg.url");
        }
        if (url == null || url.isBlank()) {
            String message = "no PostgreSQL for the PostgreSQL test run: set CAHIER_TEST_PG_URL "
                    + "(scripts/test finds the one at 127.0.0.1:5432 or starts a throwaway one)";
            if (System.getenv("CI") != null) {
                throw new AssertionError(message);
            }
            org.junit.jupiter.api.Assumptions.abort(message);
        }
        return url;
    }

    private static String encode(String part) {
        return java.net.URLEncoder.encode(part, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String randomSuffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            suffix.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return suffix.toString();
    }

    private static void dropAll() {
        for (String url : DATABASES.values()) {
            String name = PgConnectOptions.fromUri(url).getDatabase();
            try {
                execute(adminUrl(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException | AssertionError e) {
                System.err.println("could not drop test database " + name + ": " + e);
            }
        }
    }

    /** Runs one statement on the database at {@code url}. */
    public static void execute(String url, String sql) {
        Vertx vertx = adminVertx();
        Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
        try {
            pool.query(sql).execute().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("PostgreSQL: " + sql + " failed on " + Database.redact(url), e);
        } finally {
            pool.close();
        }
    }

    private static synchronized Vertx adminVertx() {
        if (admin == null) {
            admin = Vertx.vertx();
        }
        return admin;
    }
}
