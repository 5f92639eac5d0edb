package io.cahier.accounts;

import static io.cahier.accounts.AccountFixtures.createUser;
import static io.cahier.accounts.AccountFixtures.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.accounts.AccountFixtures.Browser;
import io.cahier.accounts.AccountFixtures.CapturedLog;
import io.cahier.testing.HttpCall;
import io.cahier.testing.HttpCall.Answer;
import io.cahier.testing.TestServer;
import io.cahier.testing.TestWs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Personal API tokens: shown once, listed without their secret, accepted on REST and on /ws, revocable. */
@Timeout(120)
class ApiTokensTest {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dataDir;

    private static JsonObject createToken(TestServer server, Browser browser, String label) {
        Answer created = HttpCall.to(server.port(), "POST", "/api/tokens").cookie(browser.cookie()).csrf(browser.csrf())
                .body(new JsonObject().put("label", label)).send();
        assertEquals(201, created.status(), created.toString());
        return created.json();
    }

    private static Answer get(TestServer server, String path, String token) {
        return HttpCall.to(server.port(), "GET", path).bearer(token).send();
    }

    /** The HTTP status that refused a WebSocket upgrade. */
    private static int refusedUpgrade(TestServer server, Map<String, String> headers) {
        CompletionException refused = assertThrows(CompletionException.class,
                () -> TestWs.connect(server.port(), "name=Mallory", headers).close());
        assertTrue(refused.getCause() instanceof WebSocketHandshakeException, String.valueOf(refused.getCause()));
        return ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
    }

    @Test
    void aTokenIsShownOnceListedWithoutItsSecretAndActsAsItsUser() {
        List<String> secrets = new ArrayList<>(List.of(PASSWORD));
        try (CapturedLog log = new CapturedLog(); TestServer server = TestServer.start(dataDir)) {
            User ana = createUser(server, "ana@example.org", "Ana Lopez", PASSWORD, true);
            Browser browser = signIn(server, "ana@example.org", PASSWORD);
            secrets.addAll(List.of(browser.cookie(), browser.csrf()));
            JsonObject created = createToken(server, browser, "  export script ");
            String token = created.getString("token");
            secrets.add(token);
            assertTrue(token.matches("ct_[a-kmnp-z2-9]{16}_[A-Za-z0-9_-]{43}"), token);
            assertEquals("export script", created.getString("label"));
            assertNull(created.getValue("lastUsedAt"));

            Answer me = get(server, "/api/session", token);
            assertEquals(200, me.status(), me.toString());
            assertEquals(ana.toJson(), me.json().getJsonObject("user"));
            assertFalse(me.json().containsKey("csrfToken"), "a token needs no CSRF proof");
            Answer workspace = HttpCall.to(server.port(), "POST", "/api/workspaces").bearer(token)
                    .body(new JsonObject().put("name", "Atelier")).send();
            assertEquals(201, workspace.status(), "a bearer request is not cookie-authenticated: " + workspace);

            JsonArray listed = get(server, "/api/tokens", token).array();
            assertEquals(1, listed.size());
            JsonObject entry = listed.getJsonObject(0);
            assertEquals(created.getString("id"), entry.getString("id"));
            assertFalse(entry.containsKey("token"), "the secret is shown once: " + entry);
            // ct_<16-character id>_<secret>: the secret is base64url, so it may itself hold '_'
            assertFalse(entry.encode().contains(token.substring("ct_".length() + 16 + 1)), "no secret in the list: " + entry);
            assertTrue(entry.getLong("lastUsedAt") != null, "the use was recorded: " + entry);
            assertEquals(listed, HttpCall.to(server.port(), "GET", "/api/tokens").cookie(browser.cookie()).send().array());

            Answer minted = HttpCall.to(server.port(), "POST", "/api/tokens").bearer(token)
                    .body(new JsonObject().put("label", "more")).send();
            assertEquals(401, minted.status(), "a token cannot make tokens: " + minted);
            log.assertNoneOf(secrets);
        }
    }

    @Test
    void aTokenOpensTheWebSocketAsItsUser() {
        try (TestServer server = TestServer.start(dataDir)) {
            User ana = createUser(server, "ana@example.org", "Ana Lopez", PASSWORD, false);
            String token = createToken(server, signIn(server, "ana@example.org", PASSWORD), "bot").getString("token");
            String doc = server.createDocument("note");
            assertEquals(201, server.post("/api/workspaces/" + server.workspace() + "/members",
                    new JsonObject().put("email", "ana@example.org").put("role", "editor")).status());
            try (TestWs ws = TestWs.connect(server.port(), "name=Impostor&discipline=jurist", Map.of("Authorization", "Bearer " + token))) {
                ws.send(new JsonObject().put("type", "join").put("doc", doc)).next("joined");
                ws.send(new JsonObject().put("type", "op").put("doc", doc).put("rev", 0).put("op", new JsonArray().add("Bonjour"))
                        .put("client", "k3f9q2mxv7ta8wbe").put("seq", 1)).next("ack");
            }
            JsonObject author = server.get("/api/documents/" + doc + "/ops").json().getJsonArray("ops").getJsonObject(0)
                    .getJsonObject("author");
            assertEquals(new JsonObject().put("id", ana.id()).put("name", "Ana Lopez"), author,
                    "the account names the author, not the name parameter");
        }
    }

    @Test
    void revokedForgedAndMalformedTokensAreRefusedNeverGuests() {
        try (TestServer server = TestServer.start(dataDir)) {
            createUser(server, "ana@example.org", "Ana", PASSWORD, false);
            Browser browser = signIn(server, "ana@example.org", PASSWORD);
            JsonObject created = createToken(server, browser, "laptop");
            String token = created.getString("token");
            JsonObject kept = createToken(server, browser, "server");
            assertEquals(200, get(server, "/api/workspaces", token).status());

            Answer revoked = HttpCall.to(server.port(), "DELETE", "/api/tokens/" + created.getString("id"))
                    .cookie(browser.cookie()).csrf(browser.csrf()).send();
            assertEquals(204, revoked.status(), revoked.toString());
            assertEquals(404, HttpCall.to(server.port(), "DELETE", "/api/tokens/" + created.getString("id"))
                    .cookie(browser.cookie()).csrf(browser.csrf()).send().status(), "revoked once");
            assertEquals(List.of(kept.getString("id")), get(server, "/api/tokens", kept.getString("token")).array()
                    .stream().map(t -> ((JsonObject) t).getString("id")).toList());

            String id = created.getString("id");
            String forged = "ct_" + id + "_" + Secrets.newSecret();
            String unknown = "ct_" + "abcdefghijkmnpqr" + "_" + Secrets.newSecret();
            for (String refused : List.of(token, forged, unknown, "ct_nonsense", "x")) {
                Answer answer = get(server, "/api/workspaces", refused);
                assertEquals(401, answer.status(), refused + ": " + answer);
                assertEquals("unauthorized", answer.json().getString("code"));
                assertEquals(401, refusedUpgrade(server, Map.of("Authorization", "Bearer " + refused)), refused);
            }
            assertEquals(401, HttpCall.to(server.port(), "GET", "/api/workspaces").header("Authorization", "Basic YTpi").send().status(),
                    "only bearer tokens are accepted");
            assertEquals(401, refusedUpgrade(server, Map.of("Cookie", "cahier_session=" + Secrets.newSecret())),
                    "a forged session cookie is refused on the upgrade too");
            try (TestWs ws = TestWs.connect(server.port(), "name=Camille", Map.of("Cookie", "cahier_session=" + browser.cookie()))) {
                assertEquals("pong", ws.send("{\"type\":\"ping\"}").next("pong").getString("type"), "a session opens the socket");
            }
        }
    }
}
