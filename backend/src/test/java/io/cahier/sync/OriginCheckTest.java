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
        String publicOrigin = SyncService.origin("https://cahier.example.org/");
        assertEquals("https://cahier.example.org", publicOrigin);
        assertTrue(SyncService.originAllowed(null, "node-1:8081", publicOrigin), "not a browser");
        assertTrue(SyncService.originAllowed("https://cahier.example.org", "node-1:8081", publicOrigin), "behind the balancer");
        assertTrue(SyncService.originAllowed("https://CAHIER.example.org:443", "node-1:8081", publicOrigin), "default port, case");
        assertTrue(SyncService.originAllowed("http://localhost:8123", "localhost:8123", publicOrigin), "the node reached directly");
        assertFalse(SyncService.originAllowed("https://evil.example", "node-1:8081", publicOrigin));
        assertFalse(SyncService.originAllowed("https://cahier.example.org.evil.example", "node-1:8081", publicOrigin));
        assertFalse(SyncService.originAllowed("http://localhost:9999", "localhost:8123", publicOrigin), "another port is another site");
        assertFalse(SyncService.originAllowed("null", "localhost:8123", publicOrigin), "an opaque origin");
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

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(headers);
        more.put(name, value);
        return more;
    }
}
