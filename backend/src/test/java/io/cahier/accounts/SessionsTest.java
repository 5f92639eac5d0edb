package io.cahier.accounts;

import static io.cahier.accounts.AccountFixtures.createUser;
import static io.cahier.accounts.AccountFixtures.signIn;
import static io.cahier.accounts.AccountFixtures.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.accounts.AccountFixtures.Browser;
import io.cahier.accounts.AccountFixtures.CapturedLog;
import io.cahier.testing.HttpCall;
import io.cahier.testing.HttpCall.Answer;
import io.cahier.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing in and out, sessions that expire and are revoked, CSRF, the first start, brute force. */
@org.junit.jupiter.api.Timeout(180)
class SessionsTest {

    private static final String PASSWORD = "correct horse battery";
    private static final String NEW_PASSWORD = "staple of the paradigm";

    @TempDir
    Path dataDir;
    private CapturedLog log;
    /** Every password, cookie and token a test handled: none may appear in the log. */
    private final List<String> secrets = new ArrayList<>(List.of(PASSWORD, NEW_PASSWORD, "wrong password 1"));

    @BeforeEach
    void captureLog() {
        log = new CapturedLog();
    }

    @AfterEach
    void noSecretInTheLog() {
        log.close();
        log.assertNoneOf(secrets);
    }

    private Answer call(TestServer server, String method, String path, Browser browser, JsonObject body) {
        HttpCall call = HttpCall.to(server.port(), method, path);
        if (browser != null) {
            call.cookie(browser.cookie()).csrf(browser.csrf());
        }
        if (body != null) {
            call.body(body);
        }
        return call.send();
    }

    private Browser remember(Browser browser) {
        secrets.add(browser.cookie());
        secrets.add(browser.csrf());
        return browser;
    }

    private static void assertProblem(Answer answer, int status, String code) {
        assertEquals(status, answer.status(), answer.toString());
        assertEquals("application/problem+json", answer.header("content-type"));
        assertEquals(code, answer.json().getString("code"), answer.toString());
    }

    @Test
    void theSetupLinkCreatesTheFirstFacilitatorOnceThenConflicts() {
        try (TestServer server = TestServer.start(dataDir)) {
            String link = server.server().setupLink();
            assertNotNull(link, "a store with no user prints a set-up link");
            assertTrue(link.startsWith("http://localhost:" + server.port() + "/setup#"), link);
            String token = link.substring(link.indexOf('#') + 1);
            secrets.add(token);
            JsonObject form = new JsonObject().put("email", " Camille@Example.org ").put("name", "Camille").put("password", PASSWORD);

            assertProblem(call(server, "POST", "/api/setup", null, form.copy().put("token", token + "x")), 401, "unauthorized");
            sql(server, "UPDATE setup_tokens SET expires_at = expires_at - 86400001");
            assertProblem(call(server, "POST", "/api/setup", null, form.copy().put("token", token)), 401, "unauthorized");
            sql(server, "UPDATE setup_tokens SET expires_at = expires_at + 86400001");
            assertProblem(call(server, "POST", "/api/setup", null, form.copy().put("token", token).put("password", "short")),
                    400, "bad-request");
            Answer created = call(server, "POST", "/api/setup", null, form.copy().put("token", token));
            assertEquals(201, created.status(), created.toString());
            JsonObject user = created.json().getJsonObject("user");
            assertEquals("camille@example.org", user.getString("email"), "emails are stored lower-cased");
            assertTrue(user.getBoolean("facilitator"));
            Browser browser = remember(new Browser(created.sessionCookie(), created.json().getString("csrfToken"), user));
            assertEquals(user, call(server, "GET", "/api/session", browser, null).json().getJsonObject("user"),
                    "the set-up signs the facilitator in");

            assertProblem(call(server, "POST", "/api/setup", null, form.copy().put("token", token)), 409, "conflict");
            assertProblem(call(server, "POST", "/api/setup", null, form.copy().put("token", "another").put("email", "b@example.org")),
                    409, "conflict");
            assertEquals(200, call(server, "GET", "/setup", null, null).status(), "the link opens the web client");
        }
        try (TestServer restarted = TestServer.start(dataDir)) {
            assertNull(restarted.server().setupLink(), "no set-up link once a user exists");
        }
    }

    @Test
    void signInWhoAmIAndSignOut() {
        try (TestServer server = TestServer.start(dataDir)) {
            User made = createUser(server, "ana@example.org", "Ana", PASSWORD, false);
            Answer signedIn = call(server, "POST", "/api/session", null,
                    new JsonObject().put("email", "ANA@example.org").put("password", PASSWORD));
            assertEquals(200, signedIn.status(), signedIn.toString());
            assertEquals(new JsonObject().put("id", made.id()).put("email", "ana@example.org").put("name", "Ana")
                    .put("facilitator", false), signedIn.json().getJsonObject("user"));
            String cookieHeader = signedIn.sessionCookieHeader();
            assertTrue(cookieHeader.toLowerCase(java.util.Locale.ROOT).contains("; httponly"), cookieHeader);
            assertTrue(cookieHeader.contains("SameSite=Lax"), cookieHeader);
            assertTrue(cookieHeader.contains("Path=/"), cookieHeader);
            assertTrue(cookieHeader.contains("Max-Age=" + 14 * 86_400), cookieHeader);
            assertFalse(cookieHeader.toLowerCase(java.util.Locale.ROOT).contains("; secure"), "no Secure flag without TLS: " + cookieHeader);
            Browser browser = remember(new Browser(signedIn.sessionCookie(), signedIn.json().getString("csrfToken"), null));

            Answer me = call(server, "GET", "/api/session", browser, null);
            assertEquals(200, me.status());
            assertEquals(made.id(), me.json().getJsonObject("user").getString("id"));
            assertEquals(browser.csrf(), me.json().getString("csrfToken"));
            assertProblem(call(server, "GET", "/api/session", null, null), 401, "unauthorized");

            Answer out = call(server, "DELETE", "/api/session", browser, null);
            assertEquals(204, out.status());
            assertEquals("", out.sessionCookie(), "signing out clears the cookie");
            assertTrue(out.sessionCookieHeader().contains("Max-Age=0"), out.sessionCookieHeader());
            Answer refused = call(server, "GET", "/api/session", browser, null);
            assertProblem(refused, 401, "unauthorized");
            assertEquals("", refused.sessionCookie(), "a dead session's cookie is cleared");
            assertProblem(call(server, "GET", "/api/workspaces", browser, null), 401, "unauthorized");
            assertProblem(call(server, "GET", "/api/workspaces", null, null), 401, "unauthorized"); // nobody reads
            assertEquals(200, call(server, "POST", "/api/session", browser,
                    new JsonObject().put("email", "ana@example.org").put("password", PASSWORD)).status(),
                    "a stale cookie does not prevent signing in again");
        }
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailGetTheSameRefusal() {
        try (TestServer server = TestServer.start(dataDir)) {
            createUser(server, "ana@example.org", "Ana", PASSWORD, false);
            Answer wrongPassword = call(server, "POST", "/api/session", null,
                    new JsonObject().put("email", "ana@example.org").put("password", "wrong password 1"));
            Answer unknownEmail = call(server, "POST", "/api/session", null,
                    new JsonObject().put("email", "nobody@example.org").put("password", PASSWORD));
            assertProblem(wrongPassword, 401, "unauthorized");
            assertEquals(wrongPassword.text(), unknownEmail.text(), "one message whatever was wrong");
            assertEquals(wrongPassword.status(), unknownEmail.status());
            assertNull(wrongPassword.sessionCookie());
            assertProblem(call(server, "POST", "/api/session", null, new JsonObject().put("email", "ana@example.org")),
                    400, "bad-request");
        }
    }

    @Test
    void sessionsLastTheConfiguredDaysAndAreRefusedOnceExpired() {
        try (TestServer server = TestServer.start(dataDir, "--session-days", "2")) {
            createUser(server, "ana@example.org", "Ana", PASSWORD, false);
            Answer signedIn = call(server, "POST", "/api/session", null,
                    new JsonObject().put("email", "ana@example.org").put("password", PASSWORD));
            assertTrue(signedIn.sessionCookieHeader().contains("Max-Age=" + 2 * 86_400), signedIn.sessionCookieHeader());
            Browser browser = remember(new Browser(signedIn.sessionCookie(), signedIn.json().getString("csrfToken"), null));
            Browser other = remember(signIn(server, "ana@example.org", PASSWORD));
            long lifetime = server.server().database().pool().query("SELECT expires_at - created_at AS life FROM sessions").execute()
                    .toCompletionStage().toCompletableFuture().join().iterator().next().getLong("life");
            assertEquals(2 * 86_400_000L, lifetime);
            assertEquals(200, call(server, "GET", "/api/session", browser, null).status());

            sql(server, "UPDATE sessions SET expires_at = " + (System.currentTimeMillis() - 1) + " WHERE id = '"
                    + Secrets.sha256(browser.cookie()) + "'");
            assertProblem(call(server, "GET", "/api/session", browser, null), 401, "unauthorized");
            assertEquals(200, call(server, "GET", "/api/session", other, null).status(), "only the expired session ends");
        }
    }

    @Test
    void changingThePasswordRevokesTheOtherSessions() {
        try (TestServer server = TestServer.start(dataDir)) {
            createUser(server, "ana@example.org", "Ana", PASSWORD, false);
            Browser here = remember(signIn(server, "ana@example.org", PASSWORD));
            Browser there = remember(signIn(server, "ana@example.org", PASSWORD));

            assertProblem(call(server, "POST", "/api/session/password", here,
                    new JsonObject().put("current", "wrong password 1").put("new", NEW_PASSWORD)), 401, "unauthorized");
            assertProblem(call(server, "POST", "/api/session/password", here,
                    new JsonObject().put("current", PASSWORD).put("new", "too short")), 400, "bad-request");
            assertEquals(200, call(server, "GET", "/api/session", there, null).status(), "refused changes revoke nothing");

            Answer changed = call(server, "POST", "/api/session/password", here,
                    new JsonObject().put("current", PASSWORD).put("new", NEW_PASSWORD));
            assertEquals(204, changed.status(), changed.toString());
            assertEquals(200, call(server, "GET", "/api/session", here, null).status(), "the session that changed it stays");
            assertProblem(call(server, "GET", "/api/session", there, null), 401, "unauthorized");
            assertProblem(call(server, "POST", "/api/session", null,
                    new JsonObject().put("email", "ana@example.org").put("password", PASSWORD)), 401, "unauthorized");
            remember(signIn(server, "ana@example.org", NEW_PASSWORD));
        }
    }

    @Test
    void aCookieAuthenticatedChangeNeedsTheCsrfToken() {
        try (TestServer server = TestServer.start(dataDir)) {
            createUser(server, "ana@example.org", "Ana", PASSWORD, true);
            Browser browser = remember(signIn(server, "ana@example.org", PASSWORD));
            JsonObject workspace = new JsonObject().put("name", "Atelier");

            Answer noHeader = HttpCall.to(server.port(), "POST", "/api/workspaces").cookie(browser.cookie()).body(workspace).send();
            assertProblem(noHeader, 403, "forbidden");
            Answer wrongHeader = HttpCall.to(server.port(), "POST", "/api/workspaces").cookie(browser.cookie())
                    .csrf(browser.csrf() + "x").body(workspace).send();
            assertProblem(wrongHeader, 403, "forbidden");
            assertProblem(HttpCall.to(server.port(), "DELETE", "/api/session").cookie(browser.cookie()).send(), 403, "forbidden");
            assertEquals(0, server.get("/api/workspaces").array().size(), "a refused change changes nothing");

            assertEquals(200, HttpCall.to(server.port(), "GET", "/api/workspaces").cookie(browser.cookie()).send().status(),
                    "reading needs no proof");
            assertEquals(201, call(server, "POST", "/api/workspaces", browser, workspace).status());
            assertEquals(201, server.post("/api/workspaces", workspace).status(), "a bearer token needs no CSRF proof");
        }
    }

    @Test
    void bruteForceSignInIsRateLimitedPerEmail() {
        try (TestServer server = TestServer.start(dataDir)) {
            createUser(server, "ana@example.org", "Ana", PASSWORD, false);
            JsonObject wrong = new JsonObject().put("email", "ana@example.org").put("password", "wrong password 1");
            for (int i = 0; i < AccountRoutes.FAILURES_PER_EMAIL; i++) {
                assertProblem(call(server, "POST", "/api/session", null, wrong), 401, "unauthorized");
            }
            Answer limited = call(server, "POST", "/api/session", null,
                    new JsonObject().put("email", "Ana@example.org").put("password", PASSWORD));
            assertProblem(limited, 429, "rate-limited");
            long retryAfter = Long.parseLong(limited.header("Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
            assertNull(limited.sessionCookie(), "even the right password waits");
        }
    }

    @Test
    void guessingSetupTokensIsRateLimitedPerAddress() {
        try (TestServer server = TestServer.start(dataDir)) {
            secrets.add(server.server().setupLink().substring(server.server().setupLink().indexOf('#') + 1));
            JsonObject form = new JsonObject().put("email", "a@example.org").put("name", "A").put("password", PASSWORD);
            for (int i = 0; i < AccountRoutes.SETUP_FAILURES_PER_ADDRESS; i++) {
                assertProblem(call(server, "POST", "/api/setup", null, form.copy().put("token", "guess" + i)), 401, "unauthorized");
            }
            Answer limited = call(server, "POST", "/api/setup", null, form.copy().put("token", "guess"));
            assertProblem(limited, 429, "rate-limited");
            assertNotEquals(null, limited.header("Retry-After"));
        }
    }

    @Test
    void sessionsAreSecureBehindTls() {
        try (TestServer server = TestServer.start(dataDir, "--public-url", "https://cahier.example.org")) {
            assertTrue(server.server().setupLink().startsWith("https://cahier.example.org/setup#"));
            createUser(server, "ana@example.org", "Ana", PASSWORD, false);
            Answer signedIn = call(server, "POST", "/api/session", null,
                    new JsonObject().put("email", "ana@example.org").put("password", PASSWORD));
            secrets.add(signedIn.sessionCookie());
            assertTrue(signedIn.sessionCookieHeader().toLowerCase(java.util.Locale.ROOT).contains("; secure"), signedIn.sessionCookieHeader());
        }
    }
}
