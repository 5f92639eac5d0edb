package io.cahier.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The store's connection pool and its schema. SQLite is the embedded default: one file in the data
 * directory, WAL journal, synchronous commits (an acknowledged write survives a crash). PostgreSQL
 * ({@code CAHIER_DB_URL}) is the production and cluster store. Repositories only see Vert.x's
 * {@link Pool} and {@code SqlTemplate}, so both stores run the same repositories and migrations
 * ({@code db/common/}, with {@code db/<dialect>/} copies only where the SQL must differ).
 */
public final class Database {

    /** Migrations in order; each is {@code db/<dialect>/<name>} on the classpath. */
    private static final List<String> MIGRATIONS = List.of("V1__documents.sql", "V2__glossaries.sql", "V3__accounts.sql",
            "V4__members.sql", "V5__proposals.sql", "V6__rounds.sql", "V7__documents_by_workspace.sql", "V8__submissions.sql");

    private final Pool pool;
    private final String dialect;
    private final Vertx vertx;
    private final javax.sql.DataSource dataSource;
    private org.sqlite.SQLiteConnection writer;
    /** The writer's transaction statements (see {@link #writer()}). */
    private WriterTransaction transaction;

    private final PgConnectOptions pgOptions;
    /** The embedded store's background checkpoints (null on PostgreSQL). */
    private final Checkpointer checkpointer;

    private Database(Vertx vertx, Pool pool, String dialect, javax.sql.DataSource dataSource, PgConnectOptions pgOptions,
            long checkpointPeriodMs) {
        this.vertx = vertx;
        this.pool = pool;
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.pgOptions = pgOptions;
        this.checkpointer = dataSource == null ? null : new Checkpointer(vertx, dataSource, checkpointPeriodMs);
    }

    public static final String SQLITE = "sqlite";
    public static final String POSTGRESQL = "postgresql";

    /** What the embedded store's writer does on its JDBC connection, inside one transaction. */
    public interface BlockingWork {
        void run(java.sql.Connection connection) throws java.sql.SQLException;
    }

    /**
     * Runs {@code work} in one transaction on the embedded store's writer connection and commits
     * (an fsync). The committer calls it from its own event loop, and it runs right there: a
     * commit of a batch costs ~0.15 ms of CPU and an fsync of ~0.2 ms, and handing it to a worker
     * thread and back cost more than that on two busy cores, where the latency tail grew
     * (measured, 1,000 typists on 100 documents: p99 10.5–12.4 ms on the event loop against
     * 14.2–22.0 ms through a worker, and 46–49% of a core against 60%). Operations that arrive
     * meanwhile wait in the socket buffers and go into the next batch.
     *
     * <p>Only if another transaction holds the write lock (a REST write through the pool, which
     * holds it across several steps on an event loop, perhaps this one) does it not wait there:
     * the event loop would wait for a transaction that waits for the event loop. It then runs on
     * a worker thread, which waits for the lock for up to the busy timeout. The returned future is
     * complete already, except then.
     */
    public Future<Void> writeNow(BlockingWork work) {
        if (dataSource == null) {
            return Future.failedFuture(new IllegalStateException("no embedded writer for " + dialect));
        }
        try {
            synchronized (this) {
                commit(work);
                return Future.succeededFuture();
            }
        } catch (java.sql.SQLException e) {
            if ((e.getErrorCode() & 0xff) != SQLITE_BUSY) {
                return Future.failedFuture(e);
            }
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return vertx.executeBlocking(() -> {
            synchronized (this) {
                writer().setBusyTimeout(BUSY_TIMEOUT_MS); // off the event loop, it may wait for the lock
                try {
                    commit(work);
                } finally {
                    if (writer != null && !writer.isClosed()) {
                        writer.setBusyTimeout(0);
                    }
                }
                return null;
            }
        }, true);
    }

    /** SQLite's primary result code when a lock is taken (extended codes keep it in their low byte). */
    private static final int SQLITE_BUSY = 5;
    /** How long a connection waits for a lock held by another one. */
    static final int BUSY_TIMEOUT_MS = 10_000;

    /**
     * BEGIN, COMMIT and ROLLBACK prepared once on the writer, which stays in the driver's
     * auto-commit mode: the driver's own {@code commit()} compiled "commit" and then "begin" for
     * every transaction, ~1,000 times a second under load.
     */
    private record WriterTransaction(java.sql.PreparedStatement begin, java.sql.PreparedStatement commit,
            java.sql.PreparedStatement rollback) {
    }

    /**
     * The writer connection, opened if need be. It never waits for a lock held by another
     * connection (busy timeout 0): {@link #writeNow} then retries on a worker thread.
     */
    private org.sqlite.SQLiteConnection writer() throws java.sql.SQLException {
        if (closed) {
            throw new java.sql.SQLException("the store is closed");
        }
        if (writer == null || writer.isClosed()) {
            org.sqlite.SQLiteConnection opened = dataSource.getConnection().unwrap(org.sqlite.SQLiteConnection.class);
            try {
                opened.setBusyTimeout(0);
                // The driver otherwise matches every statement it runs against a regular expression,
                // to offer generated keys nobody reads here (~4% of the server's allocation under load).
                opened.getConnectionConfig().setGetGeneratedKeys(false);
                transaction = new WriterTransaction(opened.prepareStatement("BEGIN"), opened.prepareStatement("COMMIT"),
                        opened.prepareStatement("ROLLBACK"));
            } catch (java.sql.SQLException e) {
                opened.close();
                throw e;
            }
            writer = opened;
        }
        return writer;
    }

    /** One transaction on the writer; the caller holds this. */
    private void commit(BlockingWork work) throws java.sql.SQLException {
        java.sql.Connection connection = writer();
        WriterTransaction statements = transaction;
        try {
            statements.begin().execute();
            work.run(connection);
            statements.commit().execute();
        } catch (java.sql.SQLException | RuntimeException e) {
            try {
                statements.rollback().execute();
            } catch (java.sql.SQLException rollbackFailed) {
                e.addSuppressed(rollbackFailed);
                connection.close();
            }
            throw e;
        }
        checkpointer.afterCommit(connection);
    }

    public Pool pool() {
        return pool;
    }

    public String dialect() {
        return dialect;
    }

    /**
     * WAL pages (4 KiB each) after which a commit copies the log back into the database file: a
     * backstop, since the {@link Checkpointer} copies it every {@link Checkpointer#PERIOD_MS} beside
     * the writer. 1,000 typists on 100 documents write ~9,500 pages a second, so the log normally
     * holds under 100,000; past this threshold a commit copies it itself, as at SQLite's default
     * of 1,000 pages, where a busy server did so inside several commits a second and those commits
     * were the slowest ones.
     */
    static final int WAL_CHECKPOINT_PAGES = 131_072;

    /** Connections of the embedded store's pool, beside its writer. */
    static final int SQLITE_READERS = 4;

    /** Opens (creating it if needed) {@code cahier.db} in the data directory. */
    public static Database sqlite(Vertx vertx, Path dataDir) {
        return sqlite(vertx, dataDir, Checkpointer.PERIOD_MS);
    }

    /** The same, with background checkpoints every {@code checkpointPeriodMs} (tests). */
    static Database sqlite(Vertx vertx, Path dataDir, long checkpointPeriodMs) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir.toAbsolutePath(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        SQLiteDataSource dataSource = new SQLiteDataSource(config) {
            @Override
            public org.sqlite.SQLiteConnection getConnection(String user, String password) throws java.sql.SQLException {
                org.sqlite.SQLiteConnection connection = super.getConnection(user, password);
                try (java.sql.Statement pragma = connection.createStatement()) {
                    pragma.execute("PRAGMA wal_autocheckpoint = " + WAL_CHECKPOINT_PAGES);
                } catch (java.sql.SQLException e) {
                    connection.close();
                    throw e;
                }
                return connection;
            }
        };
        dataSource.setUrl("jdbc:sqlite:" + dataDir.resolve("cahier.db").toAbsolutePath());
        // Readers run in parallel under WAL; the committer is the only steady writer.
        Pool pool = JDBCPool.pool(vertx, dataSource, new PoolOptions().setMaxSize(SQLITE_READERS).setName("cahier-sqlite"));
        return new Database(vertx, pool, SQLITE, dataSource, null, checkpointPeriodMs);
    }

    /**
     * A pool of {@code poolSize} connections to the PostgreSQL database at {@code url}
     * ({@code postgresql://user:password@host:port/database}). Nothing is connected yet:
     * {@link #migrate} is the first use and fails with a clear message when the database cannot be
     * reached.
     */
    public static Database postgres(Vertx vertx, String url, int poolSize) {
        PgConnectOptions options = pgOptions(url);
        Pool pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(poolSize).setName("cahier-pg"))
                // Fail fast (start-up, storage outage) rather than after the default minute.
                .with(new io.vertx.core.net.NetClientOptions().setConnectTimeout(5_000))
                .connectingTo(options)
                .using(vertx)
                .build();
        return new Database(vertx, pool, POSTGRESQL, null, options, 0);
    }

    /** Parses a database URL, refusing anything but a PostgreSQL one with a message that says the form. */
    public static PgConnectOptions pgOptions(String url) {
        if (url == null || !url.matches("postgres(ql)?://[^/?#]+.*")) { // a scheme, then at least a host
            throw new IllegalArgumentException("CAHIER_DB_URL must look like postgresql://user:password@host:port/database, not \""
                    + redact(url) + "\"");
        }
        PgConnectOptions options;
        try {
            options = PgConnectOptions.fromUri(url);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("CAHIER_DB_URL \"" + redact(url) + "\" is not a valid PostgreSQL URL "
                    + "(postgresql://user:password@host:port/database): " + redact(String.valueOf(e.getMessage())));
        }
        options.setPipeliningLimit(16);
        // A statement not cached is prepared in a round trip of its own before it runs: with the
        // cache, the committer's append is one round trip. The limit admits that statement.
        options.setCachePreparedStatements(true).setPreparedStatementCacheSqlLimit(4096);
        return options;
    }

    /** The URL with its password hidden, for messages and logs. */
    public static String redact(String url) {
        return url == null ? "" : url.replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
    }

    /** Where this store is, for logs and /health (never a password). */
    public String describe() {
        if (pgOptions == null) {
            return SQLITE;
        }
        return POSTGRESQL + " " + pgOptions.getUser() + "@" + pgOptions.getHost() + ":" + pgOptions.getPort() + "/" + pgOptions.getDatabase();
    }

    /** The connection settings of a PostgreSQL store (for its notification listener), or null. */
    public PgConnectOptions pgOptions() {
        return pgOptions;
    }

    /**
     * Applies the migrations not yet applied. On PostgreSQL all of them run in one transaction
     * under an advisory lock, so that nodes of a cluster starting together migrate once; a store
     * that cannot be reached fails here with a message that names it.
     */
    public Future<Void> migrate() {
        if (dialect.equals(POSTGRESQL)) {
            return pool.withTransaction(conn -> conn.query("SELECT pg_advisory_xact_lock(7346207)").execute()
                            .compose(v -> applyMissing(conn, migration -> applyOn(conn, migration))))
                    .recover(failure -> Future.failedFuture(new IllegalStateException(
                            "cannot use the PostgreSQL database " + describe() + ": " + failure.getMessage(), failure)));
        }
        return applyMissing(pool, this::apply);
    }

    /** Applies, in order and through {@code apply}, the migrations {@code client}'s store has not recorded. */
    private static Future<Void> applyMissing(io.vertx.sqlclient.SqlClient client,
            java.util.function.Function<String, Future<Void>> apply) {
        return client.query("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)")
                .execute()
                .compose(v -> client.query("SELECT name FROM schema_migrations").execute())
                .compose(rows -> {
                    List<String> applied = new ArrayList<>();
                    rows.forEach(row -> applied.add(row.getString("name")));
                    Future<Void> chain = Future.succeededFuture();
                    for (String migration : MIGRATIONS) {
                        if (!applied.contains(migration)) {
                            chain = chain.compose(v -> apply.apply(migration));
                        }
                    }
                    return chain;
                });
    }

    private Future<Void> apply(String migration) {
        return inTransaction(conn -> applyOn(conn, migration));
    }

    private Future<Void> applyOn(io.vertx.sqlclient.SqlConnection conn, String migration) {
        List<String> statements = statements(read(migration));
        Future<Void> chain = Future.succeededFuture();
        for (String statement : statements) {
            chain = chain.compose(v -> conn.query(statement).execute().mapEmpty());
        }
        return chain.compose(v -> io.vertx.sqlclient.templates.SqlTemplate.forUpdate(conn,
                        "INSERT INTO schema_migrations (name, applied_at) VALUES (#{name}, #{time})")
                .execute(java.util.Map.of("name", migration, "time", System.currentTimeMillis())).mapEmpty());
    }

    /** A migration's SQL: this dialect's own copy if there is one, else the common one. */
    private String read(String migration) {
        InputStream in = Database.class.getClassLoader().getResourceAsStream("db/" + dialect + "/" + migration);
        if (in == null) {
            in = Database.class.getClassLoader().getResourceAsStream("db/common/" + migration);
        }
        try (InputStream sql = in) {
            if (sql == null) {
                throw new IllegalStateException("missing migration " + migration);
            }
            return new String(sql.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits a migration into statements: they end with a semicolon at the end of a line. */
    static List<String> statements(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    /**
     * Runs {@code work} in one transaction. On SQLite the transaction is opened with
     * {@code BEGIN IMMEDIATE} on a connection left in autocommit mode: the JDBC pool's own
     * transactions leave connections out of autocommit, and a connection that then reads holds an
     * old WAL snapshot for ever (measured: reads kept seeing revision 0 after commits).
     */
    public <T> Future<T> inTransaction(java.util.function.Function<io.vertx.sqlclient.SqlConnection, Future<T>> work) {
        if (!dialect.equals(SQLITE)) {
            return pool.withTransaction(work);
        }
        return pool.getConnection().compose(conn -> conn.query("BEGIN IMMEDIATE").execute()
                .compose(begun -> work.apply(conn))
                .compose(result -> conn.query("COMMIT").execute().map(result),
                        failure -> conn.query("ROLLBACK").execute().transform(rolledBack -> Future.<T>failedFuture(failure)))
                .eventually(conn::close));
    }

    /** Whether a failure is a unique-key violation, on either store. */
    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("UNIQUE constraint failed") || message.contains("duplicate key value")
                    || (t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState()))) {
                return true;
            }
        }
        return false;
    }

    public Future<Void> close() {
        Future<Void> checkpoints = checkpointer == null ? Future.succeededFuture() : checkpointer.close();
        // the writer and the pool close whatever became of the checkpoints' connection
        return checkpoints.transform(c -> vertx.executeBlocking(() -> {
            synchronized (this) {
                if (writer != null) {
                    writer.close();
                    writer = null;
                }
                closed = true;
            }
            return null;
        })).compose(v -> pool.close());
    }

    private boolean closed;

    /** True once {@link #close} was called: writes fail from then on. */
    public synchronized boolean isClosed() {
        return closed;
    }
}
