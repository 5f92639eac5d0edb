package io.cahier.sync;

import static io.cahier.sync.SyncProtocolTest.join;
import static io.cahier.sync.SyncProtocolTest.op;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.testing.TestServer;
import io.cahier.testing.TestWs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error code of the protocol, each provoked for real; a refused message changes nothing. */
class ErrorCodesTest {

    @TempDir
    Path dataDir;

    private static JsonObject error(TestWs ws) {
        return ws.next("error");
    }

    private static void assertStillServes(TestWs ws) {
        assertEquals("pong", ws.send("{\"type\":\"ping\"}").next("pong").getString("type"));
    }

    @Test
    void badMessageForAnythingThatIsNotAWellFormedMessage() {
        try (TestServer server = TestServer.start(dataDir); TestWs ws = server.connect("Ana")) {
            String doc = server.createDocument("note");
            String[] frames = {
                "not json", "[1,2]", "{}", "{\"type\":7}", "{\"type\":\"dance\"}",
                "{\"type\":\"join\"}", "{\"type\":\"join\",\"doc\":12}",
                "{\"type\":\"join\",\"doc\":\"" + doc + "\",\"rev\":-1}",
                "{\"type\":\"join\",\"doc\":\"" + doc + "\",\"rev\":1e30}",
                "{\"type\":\"op\",\"doc\":\"" + doc + "\",\"rev\":0,\"op\":[\"a\"],\"client\":\"c\"}",
                "{\"type\":\"op\",\"doc\":\"" + doc + "\",\"rev\":0,\"op\":[\"a\"],\"client\":\"c\",\"seq\":0}",
                "{\"type\":\"op\",\"doc\":\"" + doc + "\",\"rev\":0,\"op\":[\"a\"],\"client\":\"" + "x".repeat(65) + "\",\"seq\":1}",
                "{\"type\":\"op\",\"doc\":\"" + doc + "\",\"rev\":0,\"op\":[\"a\"],\"client\":\"c\",\"seq\":1}", // not joined
                "{\"type\":\"presence\",\"doc\":\"" + doc + "\",\"rev\":0,\"selection\":[0,0]}", // not joined
                "{\"type\":\"leave\",\"doc\":\"" + doc + "\"}", // not joined
            };
            for (String frame : frames) {
                JsonObject error = error(ws.send(frame));
                assertEquals("bad-message", error.getString("code"), frame);
                assertFalse(error.getString("message").isBlank());
            }
            ws.send(join(doc)).next("joined");
            assertEquals("bad-message", error(ws.send(join(doc))).getString("code"), "joining twice");
            for (String missing : new String[] {"", ",\"op\":null"}) {
                JsonObject noOp = error(ws.send("{\"type\":\"op\",\"doc\":\"" + doc + "\",\"rev\":0,\"client\":\"c\",\"seq\":1" + missing + "}"));
                assertEquals("bad-message", noOp.getString("code"), "an op message without its op: " + noOp);
                assertEquals(1, noOp.getLong("seq"), noOp.encode());
            }
            assertEquals("bad-message", error(ws.send(new JsonObject().put("type", "presence").put("doc", doc).put("rev", 0)
                    .put("selection", new JsonArray().add(5).add(0)))).getString("code"), "selection outside the text");
            assertStillServes(ws);
            assertEquals(0, server.get("/api/documents/" + doc).json().getLong("rev"));
        }
    }

    @Test
    void badOpForInvalidOperationsWithTheVectorReason() {
        try (TestServer server = TestServer.start(dataDir); TestWs ws = server.connect("Ana")) {
            String doc = server.createDocument("note");
            ws.send(join(doc)).next("joined");
            ws.send(op(doc, 0, new JsonArray().add("a😀b"), "c", 1)).next("ack");
            Object[][] cases = {
                {new JsonArray().add(3).add("x"), "base-length"},
                {new JsonArray().add(2).add("x").add(2), "splits-surrogate"},
                {new JsonArray().add(0).add("x"), "bad-component"},
            };
            long seq = 2;
            for (Object[] c : cases) {
                JsonObject error = error(ws.send(op(doc, 1, (JsonArray) c[0], "c", seq)));
                assertEquals("bad-op", error.getString("code"), c[0].toString());
                assertEquals(c[1], error.getString("reason"), c[0].toString());
                assertEquals(doc, error.getString("doc"));
                assertEquals(seq, error.getLong("seq"));
                seq++;
            }
            // a lone surrogate cannot even be encoded by most clients: written as a JSON escape
            JsonObject lone = error(ws.send("{\"type\":\"op\",\"doc\":\"" + doc + "\",\"rev\":1,\"op\":[4,\"\\ud83d\"],\"client\":\"c\",\"seq\":" + seq + "}"));
            assertEquals("unpaired-surrogate", lone.getString("reason"));
            seq++;
            JsonObject future = error(ws.send(op(doc, 9, new JsonArray().add(4).add("x"), "c", seq)));
            assertEquals("bad-op", future.getString("code"), "a revision in the future");
            assertEquals("a😀b", server.text(doc));
            assertEquals(1, server.get("/api/documents/" + doc).json().getLong("rev"));
        }
    }

    @Test
    void unknownDocAndRevUnavailable() {
        // a join of an unknown document is a client's mistake, not the server's: no warning in the log
        java.util.logging.Logger caffeine = java.util.logging.Logger.getLogger("com.github.benmanes.caffeine");
        List<java.util.logging.LogRecord> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        caffeine.addHandler(handler);
        try (TestServer server = TestServer.start(dataDir); TestWs ws = server.connect("Ana")) {
            JsonObject unknown = error(ws.send(join("nope")));
            assertEquals("unknown-doc", unknown.getString("code"));
            assertEquals("nope", unknown.getString("doc"));
            assertEquals(List.of(), warnings.stream().map(java.util.logging.LogRecord::getMessage).toList());
            String doc = server.createDocument("note");
            JsonObject ahead = error(ws.send(new JsonObject().put("type", "join").put("doc", doc).put("rev", 5)));
            assertEquals("rev-unavailable", ahead.getString("code"));
            // the refused join left nothing behind: joining again works
            assertEquals(0, ws.send(join(doc)).next("joined").getLong("rev"));
        } finally {
            caffeine.removeHandler(handler);
        }
    }

    @Test
    void tooLargeFrameIsRefusedAndTheConnectionStaysOpen() {
        try (TestServer server = TestServer.start(dataDir, "--max-frame", "2048"); TestWs ws = server.connect("Ana")) {
            String doc = server.createDocument("note");
            ws.send(join(doc)).next("joined");
            JsonObject error = error(ws.send(op(doc, 0, new JsonArray().add("é".repeat(3000)), "c", 1)));
            assertEquals("too-large", error.getString("code"));
            assertStillServes(ws);
            assertEquals("", server.text(doc));
        }
    }

    @Test
    void frameFarBeyondTheLimitDropsTheConnection() {
        try (TestServer server = TestServer.start(dataDir, "--max-frame", "2048"); TestWs ws = server.connect("Ana")) {
            ws.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(9000) + "\"}");
            int code = ws.awaitClose();
            // 1009 if the close frame gets through; else the socket just ends (1006) or, when the
            // server closes it with the frame still unread, TCP resets it (-1: epoll does so).
            assertTrue(code == 1006 || code == 1009 || code == -1, "dropped without being read, close code " + code);
            try (TestWs other = server.connect("Bruno")) {
                assertStillServes(other);
            }
        }
    }

    @Test
    void messageOfSmallFramesFarBeyondTheLimitDropsTheConnection() {
        try (TestServer server = TestServer.start(dataDir, "--max-frame", "2048"); TestWs ws = server.connect("Ana")) {
            // each frame is under the frame limit (4 × 2048); together they are over it. Only the last
            // one crosses it: the server may close the connection as soon as a frame does, and a frame
            // sent after that would fail to send.
            String pad = "x".repeat(5000);
            ws.sendFragments("{\"type\":\"ping\",\"pad\":\"" + pad, pad + "\"}");
            assertEquals(1009, ws.awaitClose(), "a message too big to read closes the connection with 1009");
            try (TestWs other = server.connect("Bruno")) {
                assertStillServes(other);
            }
        }
    }

    @Test
    void compressionIsNotNegotiated() throws Exception {
        // a compressed frame a few megabytes long can inflate to gigabytes before any size check
        try (TestServer server = TestServer.start(dataDir)) {
            try (java.net.Socket socket = new java.net.Socket("localhost", server.port())) {
                socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: localhost:" + server.port()
                        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                        + headerLines(io.cahier.testing.Workshop.bearer(server.facilitatorToken())) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.setSoTimeout(10_000);
                String head = new String(socket.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
                StringBuilder rest = new StringBuilder();
                while (!rest.toString().endsWith("\r\n\r\n")) {
                    int c = socket.getInputStream().read();
                    if (c == -1) {
                        break;
                    }
                    rest.append((char) c);
                }
                assertEquals("HTTP/1.1 101", head, head + rest);
                assertFalse(rest.toString().toLowerCase(java.util.Locale.ROOT).contains("sec-websocket-extensions"), rest.toString());
            }
        }
    }

    private static String headerLines(java.util.Map<String, String> headers) {
        StringBuilder lines = new StringBuilder();
        headers.forEach((name, value) -> lines.append(name).append(": ").append(value).append("\r\n"));
        return lines.toString();
    }

    @Test
    void rateLimitedOpsAreNotApplied() {
        try (TestServer server = TestServer.start(dataDir, "--op-rate", "1", "--op-burst", "3"); TestWs ws = server.connect("Ana")) {
            String doc = server.createDocument("note");
            ws.send(join(doc)).next("joined");
            for (int seq = 1; seq <= 6; seq++) {
                ws.send(op(doc, 0, new JsonArray().add("x"), "c", seq));
            }
            int acked = 0;
            int limited = 0;
            for (int i = 0; i < 6; i++) {
                JsonObject answer = ws.next(f -> "ack".equals(f.getString("type")) || "error".equals(f.getString("type")), "ack or error");
                if ("ack".equals(answer.getString("type"))) {
                    acked++;
                } else {
                    assertEquals("rate-limited", answer.getString("code"));
                    limited++;
                }
            }
            assertEquals(3, acked, "the burst");
            assertEquals(3, limited);
            assertEquals("xxx", server.text(doc));
        }
    }

    @Test
    void archivedDocumentIsReadOnly() {
        try (TestServer server = TestServer.start(dataDir); TestWs ws = server.connect("Ana")) {
            String doc = server.createDocument("note");
            ws.send(join(doc)).next("joined");
            assertEquals(200, server.request("PATCH", "/api/documents/" + doc, "{\"archived\":true}").status());
            JsonObject error = error(ws.send(op(doc, 0, new JsonArray().add("x"), "c", 1)));
            assertEquals("forbidden", error.getString("code"));
            assertEquals("", server.text(doc));
            assertEquals(200, server.request("PATCH", "/api/documents/" + doc, "{\"archived\":false}").status());
            assertEquals(1, ws.send(op(doc, 0, new JsonArray().add("x"), "c", 1)).next("ack").getLong("rev"));
        }
    }

    @Test
    void storageDownAnswersUnavailableAndAppliesNothing() throws Exception {
        String doc;
        try (TestServer server = TestServer.start(dataDir); TestWs ws = server.connect("Ana")) {
            doc = server.createDocument("note");
            ws.send(join(doc)).next("joined");
            ws.send(op(doc, 0, new JsonArray().add("kept"), "c", 1)).next("ack");
            server.server().database().close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            JsonObject error = error(ws.send(op(doc, 1, new JsonArray().add(4).add(" lost"), "c", 2)));
            assertEquals("unavailable", error.getString("code"));
            assertEquals(2, error.getLong("seq"));
            JsonObject again = error(ws.send(op(doc, 1, new JsonArray().add(4).add(" lost"), "c", 2)));
            assertEquals("unavailable", again.getString("code"), "while the document cannot reload");
        }
        try (TestServer restarted = TestServer.start(dataDir)) {
            assertEquals("kept", restarted.text(doc));
            assertEquals(1, restarted.get("/api/documents/" + doc).json().getLong("rev"));
        }
    }

    @Test
    void garbageSenderIsDisconnectedWithPolicyViolation() {
        try (TestServer server = TestServer.start(dataDir); TestWs ws = server.connect("Ana")) {
            for (int i = 0; i < 101; i++) {
                ws.send("garbage " + i);
            }
            assertEquals(1008, ws.awaitClose());
            try (TestWs other = server.connect("Bruno")) {
                assertStillServes(other);
            }
        }
    }

    @Test
    void restErrorsAreProblemDocuments() {
        try (TestServer server = TestServer.start(dataDir)) {
            TestServer.Response missing = server.get("/api/documents/nope");
            assertEquals(404, missing.status());
            assertTrue(missing.contentType().startsWith("application/problem+json"));
            assertEquals("unknown-doc", missing.json().getString("code"));
            TestServer.Response bad = server.request("POST", "/api/workspaces", "{\"name\":");
            assertEquals(400, bad.status());
            assertEquals("bad-request", bad.json().getString("code"));
            String ws = server.createWorkspace("Atelier");
            TestServer.Response kind = server.post("/api/workspaces/" + ws + "/documents", new JsonObject().put("title", "T").put("kind", "poem"));
            assertEquals(400, kind.status());
            assertTrue(kind.json().getString("detail").contains("paper"));
            TestServer.Response rev = server.get("/api/documents/" + server.createDocument("note") + "/text?rev=abc");
            assertEquals(400, rev.status());
        }
    }
}
