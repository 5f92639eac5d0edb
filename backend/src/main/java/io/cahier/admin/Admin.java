package io.cahier.admin;

import io.cahier.Config;
import io.cahier.accounts.AccountStore;
import io.cahier.accounts.Accounts;
import io.cahier.accounts.User;
import io.cahier.http.CahierException;
import io.cahier.http.ErrorCode;
import io.cahier.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The admin command line ({@code scripts/cahier admin ...}): works on the same store as the
 * server ({@code --data-dir} / {@code CAHIER_DATA_DIR} or {@code --db-url} / {@code CAHIER_DB_URL}),
 * also while the server runs (SQLite's WAL and busy timeout let a second process write).
 * <pre>
 * create-user --email E --name N --password-stdin [--facilitator]
 * create-token --email E [--label L]      prints a new API token on standard output
 * </pre>
 * Exit codes: 0 done, 2 usage, 3 the email is taken, 4 invalid input (such as a weak password),
 * 5 no such user, 1 anything else (the store cannot be reached...). Never prints a password.
 */
public final class Admin {

    static final int USAGE = 2;
    static final int DUPLICATE = 3;
    static final int INVALID = 4;
    static final int UNKNOWN_USER = 5;
    static final int FAILED = 1;

    private static final String USAGE_TEXT = """
            usage: cahier admin create-user --email E --name N --password-stdin [--facilitator] [store flags]
                   cahier admin create-token --email E [--label L] [store flags]
            store flags (or CAHIER_DATA_DIR / CAHIER_DB_URL): --data-dir DIR | --db-url postgresql://...""";

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    Admin(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new Admin(System.in, System.out, System.err).run(args, System.getenv()));
    }

    /** Usage mistakes. */
    private static final class Usage extends RuntimeException {
        Usage(String message) {
            super(message, null, false, false);
        }
    }

    int run(String[] args, Map<String, String> env) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            err.println(USAGE_TEXT);
            return args.length == 0 ? USAGE : 0;
        }
        String command = args[0];
        String email = null;
        String name = null;
        String label = null;
        boolean passwordStdin = false;
        boolean facilitator = false;
        List<String> storeFlags = new ArrayList<>();
        try {
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--email" -> email = value(args, ++i, arg);
                    case "--name" -> name = value(args, ++i, arg);
                    case "--label" -> label = value(args, ++i, arg);
                    case "--password-stdin" -> passwordStdin = true;
                    case "--facilitator" -> facilitator = true;
                    case "--data-dir", "--db-url" -> {
                        storeFlags.add(arg);
                        storeFlags.add(value(args, ++i, arg));
                    }
                    default -> throw new Usage("unknown argument \"" + arg + "\"");
                }
            }
            if (email == null) {
                throw new Usage("--email is required");
            }
            switch (command) {
                case "create-user" -> {
                    if (name == null) {
                        throw new Usage("--name is required");
                    }
                    if (!passwordStdin) {
                        throw new Usage("--password-stdin is required: the password is read from standard input, never from an argument");
                    }
                }
                case "create-token" -> {
                    if (passwordStdin || facilitator || name != null) {
                        throw new Usage("create-token takes --email and optionally --label");
                    }
                }
                default -> throw new Usage("unknown command \"" + command + "\"");
            }
        } catch (Usage e) {
            err.println("cahier admin: " + e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        Config config;
        try {
            config = Config.from(env, storeFlags.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            err.println("cahier admin: " + e.getMessage());
            return USAGE;
        }
        String password = null;
        if (passwordStdin) {
            try {
                password = readPassword(in);
            } catch (IOException e) {
                err.println("cahier admin: cannot read the password from standard input: " + e.getMessage());
                return FAILED;
            }
            if (password.isEmpty()) {
                err.println("cahier admin: no password on standard input");
                return INVALID;
            }
        }
        Vertx vertx = Vertx.vertx();
        Database database = null;
        try {
            database = config.dbUrl() != null ? Database.postgres(vertx, config.dbUrl(), 2) : Database.sqlite(vertx, config.dataDir());
            Database db = database;
            await(db.migrate());
            Accounts accounts = new Accounts(vertx, new AccountStore(db), Duration.ofDays(config.sessionDays()));
            if (command.equals("create-user")) {
                User user = await(accounts.createUser(email, name, password, facilitator));
                out.println("created " + (user.facilitator() ? "facilitator " : "user ") + user.email() + " (" + user.id() + ")");
            } else {
                User user = await(accounts.userByEmail(email));
                if (user == null) {
                    err.println("cahier admin: no user with the email " + email.strip().toLowerCase(java.util.Locale.ROOT));
                    return UNKNOWN_USER;
                }
                Accounts.NewToken token = await(accounts.createToken(user.id(), label == null ? "admin command line" : label));
                err.println("API token " + token.token().id() + " for " + user.email() + " (shown once; send it as Authorization: Bearer <token>):");
                out.println(token.secret());
            }
            return 0;
        } catch (CahierException e) {
            err.println("cahier admin: " + e.getMessage());
            return e.code() == ErrorCode.CONFLICT ? DUPLICATE : e.code() == ErrorCode.BAD_REQUEST ? INVALID : FAILED;
        } catch (RuntimeException e) {
            err.println("cahier admin: " + e.getMessage());
            return FAILED;
        } finally {
            // the store's connections close before Vert.x's threads stop under them
            try {
                if (database != null) {
                    database.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                err.println("cahier admin: closing the store: " + e);
            }
            // closed from this thread, not from a callback on an event loop that the close stops
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                err.println("cahier admin: stopping: " + e);
            }
        }
    }

    /** Standard input up to its end, without the line break that ends it (echo, a here-string). */
    static String readPassword(InputStream in) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new Usage(flag + " needs a value");
        }
        return args[i];
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the store did not answer within 60 s");
        }
    }
}
