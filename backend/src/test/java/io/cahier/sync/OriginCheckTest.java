package io.cahier.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.testing.TestServer;
import io.cahier.testing.TestWs;
import io.vertx.core.json.JsonObject;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only Cahier's own pages open sockets: a page of another site cannot use a signed-in browser's cookie. */
class OriginCheckTest {

    @Test
    void theOriginIsThePublicAddressOrTheAddressReached() {
        String publicOrigin = io.cahier.http.Origins.of("https://cahier.example.org/");
        assertEquals("https://cahier.example.org", publicOrigin);
        assertTrue(io.cahier.http.Origins.allowed(null, "node-1:8081", publicOrigin), "not a browser");
        assertTrue(io.cahier.http.Origins.allowed("https://cahier.example.org", "node-1:8081", publicOrigin), "behind the balancer");
        assertTrue(io.cahier.http.Origins.allowed("https://CAHIER.example.org:443", "node-1:8081", publicOrigin), "default port, case");
        assertTrue(io.cahier.http.Origins.allowed("http://localhost:8123", "localhost:8123", publicOrigin), "the node reached directly");
        assertFalse(io.cahier.http.Origins.allowed("https://evil.example", "node-1:8081", publicOrigin));
        assertFalse(io.cahier.http.Origins.allowed("https://cahier.example.org.evil.example", "node-1:8081", publicOrigin));
        assertFalse(io.cahier.http.Origins.allowed("http://localhost:9999", "localhost:8123", publicOrigin), "another port is another site");
        assertFalse(io.cahier.http.Origins.allowed("null", "localhost:8123", publicOrigin), "an opaque origin");
    }

    @Test
    void aSocketOpenedByAnotherSitesPageIsRefusedBeforeTheUpgrade(@TempDir Path dataDir) {
        try (TestServer server = TestServer.start(dataDir, "--public-url", "https://cahier.example.org")) {
            // a signed-in browser (Ana's session cookie) on another site's page
            Map<String, String> ana = server.guest("Ana").headers();
            CompletionException refused = assertThrows(CompletionException.class,
                    () -> TestWs.connect(server.port(), null, with(ana, "Origin", "https://evil.example")).close());
            assertTrue(refused.getCause() instanceof WebSocketHandshakeException, String.valueOf(refused.getCause()));
            assertEquals(403, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());

            String doc = server.createDocument("note");
            for (String origin : new String[] {"https://cahier.example.org", "http://localhost:" + server.port()}) {
                try (TestWs ws = TestWs.connect(server.port(), null, with(ana, "Origin", origin))) {
                    assertEquals(doc, ws.send(new JsonObject().put("type", "join").put("doc", doc)).next("joined").getString("doc"), origin);
                }
            }
        }
    }

    @Test
    void anotherSitesPageCannotChangeAnythingOverRestEvenWithTheCookieAndTheProof(@TempDir Path dataDir) {
        try (TestServer server = TestServer.start(dataDir, "--public-url", "https://cahier.example.org")) {
            String ws = server.workspace();
            Map<String, String> ana = server.guest("Ana").headers(); // cookie and CSRF proof
            String note = new JsonObject().put("title", "Note").put("kind", "note").encode();
            TestServer.Response refused = server.request("POST", "/api/workspaces/" + ws + "/documents", note,
                    with(ana, "Origin", "https://evil.example"));
            assertEquals(403, refused.status(), refused.toString());
            assertEquals(201, server.request("POST", "/api/workspaces/" + ws + "/documents", note,
                    with(ana, "Origin", "https://cahier.example.org")).status());
            // nor sign a browser in, nor make it join a workspace (login CSRF)
            String token = server.invite(ws, "editor");
            assertEquals(403, server.request("POST", "/api/invitations/" + token + "/redeem",
                    new JsonObject().put("name", "Mallory").put("discipline", "designer").encode(),
                    Map.of("Origin", "https://evil.example")).status());
            assertEquals(403, server.request("POST", "/api/session", new JsonObject().put("email", "a@example.org")
                    .put("password", "whatever password").encode(), Map.of("Origin", "https://evil.example")).status());
            assertEquals(200, server.request("GET", "/api/workspaces", null, with(ana, "Origin", "https://evil.example")).status(),
                    "reading is not concerned: the page cannot read the answer (no CORS)");
        }
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(headers);
        more.put(name, value);
        return more;
    }
}
