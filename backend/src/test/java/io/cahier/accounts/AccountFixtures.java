package io.cahier.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.cahier.testing.HttpCall;
import io.cahier.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Users made straight in a test server's store, signing in over HTTP, and the server's log lines. */
final class AccountFixtures {

    private AccountFixtures() {
    }

    /** A signed-in browser: its session cookie and the CSRF token its changes carry. */
    record Browser(String cookie, String csrf, JsonObject user) {
    }

    static User createUser(TestServer server, String email, String name, String password, boolean facilitator) {
        Accounts accounts = new Accounts(server.vertx(), new AccountStore(server.server().database()), Duration.ofDays(14));
        try {
            return accounts.createUser(email, name, password, facilitator).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not create " + email, e);
        }
    }

    static Browser signIn(TestServer server, String email, String password) {
        HttpCall.Answer answer = HttpCall.to(server.port(), "POST", "/api/session")
                .body(new JsonObject().put("email", email).put("password", password)).send();
        assertEquals(200, answer.status(), answer.toString());
        assertNotNull(answer.sessionCookie(), "signing in sets the session cookie");
        return new Browser(answer.sessionCookie(), answer.json().getString("csrfToken"), answer.json().getJsonObject("user"));
    }

    /** Runs a statement on the test server's store (to age a session, say). */
    static void sql(TestServer server, String statement) {
        try {
            server.server().database().pool().query(statement).execute().toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(statement, e);
        }
    }

    /** Every log line of this JVM while open (the in-process server logs through java.util.logging). */
    static final class CapturedLog implements AutoCloseable {
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final Handler handler = new Handler() {
            private final SimpleFormatter formatter = new SimpleFormatter();

            @Override
            public void publish(LogRecord record) {
                lines.add(formatter.format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        CapturedLog() {
            Logger.getLogger("").addHandler(handler);
        }

        List<String> lines() {
            return new ArrayList<>(lines);
        }

        /** Fails if any line contains any of the secrets. */
        void assertNoneOf(List<String> secrets) {
            for (String line : lines) {
                for (String secret : secrets) {
                    if (secret != null && !secret.isEmpty() && line.contains(secret)) {
                        throw new AssertionError("a secret appears in the log: " + line.replace(secret, "<secret>"));
                    }
                }
            }
        }

        @Override
        public void close() {
            Logger.getLogger("").removeHandler(handler);
        }
    }
}
