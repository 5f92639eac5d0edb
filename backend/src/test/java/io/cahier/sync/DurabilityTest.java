package io.cahier.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.protocol.ot.TextOperationJson;
import io.cahier.testing.ServerProcess;
import io.cahier.testing.TestServer;
import io.cahier.testing.TestWs;
import io.cahier.testing.HttpCall;
import io.cahier.testing.Typist;
import io.cahier.testing.Workshop;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is ever lost: across a normal restart, a SIGKILL under load, and a SIGTERM
 * under load (graceful shutdown). The server runs as a real separate process for the last two.
 */
class DurabilityTest {

    private static final int TYPISTS = 4;

    @TempDir
    Path dataDir;
    @TempDir
    Path logs;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void documentsRevisionsAndTextsSurviveARestart() {
        String paper;
        String note;
        String expected;
        try (TestServer server = TestServer.start(dataDir)) {
            paper = server.createDocument("paper");
            note = server.createDocument("note");
            Typist typist = new Typist(note, "t1", 7, Workshop.bearer(server.facilitatorToken())).join(server.port());
            for (int i = 0; i < 30; i++) {
                typist.typeOne();
            }
            expected = typist.text();
            assertEquals(expected, server.text(note));
        }
        try (TestServer server = TestServer.start(dataDir)) {
            assertEquals(expected, server.text(note));
            assertEquals(30, server.get("/api/documents/" + note).json().getLong("rev"));
            assertEquals(1, server.get("/api/documents/" + paper).json().getLong("rev"));
            try (TestWs ws = server.connect("Ana")) {
                JsonObject joined = ws.send(new JsonObject().put("type", "join").put("doc", note)).next("joined");
                assertEquals(30, joined.getLong("rev"));
                assertEquals(expected, joined.getString("text"));
            }
            Typist again = new Typist(note, "t2", 8, Workshop.bearer(server.facilitatorToken())).join(server.port());
            again.typeOne();
            assertEquals(again.text(), server.text(note));
        }
    }

    /**
     * Submissions acknowledged before a restart are still recognised when their clients send them
     * again: acknowledged with their revisions, not applied twice, whether they come on their old
     * base revision or, as from a client that rebased them, on the head. Cleo's only submission is
     * long behind (the store's table of last submissions has it from a snapshot); Ana's last one
     * comes after the last snapshot (the log has it), her first is older than her last.
     */
    @Test
    void resubmissionsFromBeforeARestartAreAcknowledgedAndNotAppliedAgain() {
        String doc;
        JsonObject cleoFirst;
        JsonObject anaFirst;
        JsonObject anaLast;
        String expected;
        try (TestServer server = TestServer.start(dataDir)) {
            doc = server.createDocument("note");
            try (TestWs ana = server.connect("Ana"); TestWs bruno = server.connect("Bruno"); TestWs cleo = server.connect("Cleo")) {
                JsonObject joined = cleo.send(join(doc, "cleo")).next("joined");
                cleoFirst = insertAtEnd(doc, joined.getLong("rev"), joined.getString("text"), "C", "cleo", 1);
                cleoFirst.put("acked", cleo.send(cleoFirst).next("ack").getLong("rev"));
                joined = ana.send(join(doc, "ana")).next("joined");
                anaFirst = insertAtEnd(doc, joined.getLong("rev"), joined.getString("text"), "once", "ana", 1);
                anaFirst.put("acked", ana.send(anaFirst).next("ack").getLong("rev"));
                JsonObject state = bruno.send(join(doc, "bruno")).next("joined");
                long rev = state.getLong("rev");
                String text = state.getString("text");
                for (int seq = 1; seq <= LiveDocument.WINDOW + 44; seq++) { // past a snapshot (every 200) and the window
                    rev = bruno.send(insertAtEnd(doc, rev, text, "b", "bruno", seq)).next("ack").getLong("rev");
                    text = text + "b";
                }
                anaLast = insertAtEnd(doc, rev, text, "last", "ana", 2);
                anaLast.put("acked", ana.send(anaLast).next("ack").getLong("rev"));
            }
            expected = server.text(doc);
        }
        try (TestServer server = TestServer.start(dataDir)) {
            try (TestWs ana = server.connect("Ana"); TestWs cleo = server.connect("Cleo")) {
                JsonObject joined = ana.send(join(doc, "ana")).next("joined");
                long head = joined.getLong("rev");
                String text = joined.getString("text");
                assertEquals(expected, text);
                cleo.send(join(doc, "cleo")).next("joined");
                for (JsonObject[] sent : new JsonObject[][] {{cleoFirst}, {anaFirst}, {anaLast}}) {
                    JsonObject op = sent[0].copy();
                    long acked = (Long) op.remove("acked");
                    TestWs socket = "cleo".equals(op.getString("client")) ? cleo : ana;
                    assertEquals(acked, socket.send(op).next("ack").getLong("rev"), op.getString("client") + " on its old base");
                    JsonObject rebased = insertAtEnd(doc, head, text, "?", op.getString("client"), op.getLong("seq"));
                    assertEquals(acked, socket.send(rebased).next("ack").getLong("rev"), op.getString("client") + " rebased on the head");
                }
                assertEquals(head + 1, ana.send(insertAtEnd(doc, head, text, "!", "ana", 3)).next("ack").getLong("rev"),
                        "the next submission is new");
            }
            assertEquals(expected + "!", server.text(doc));
        }
    }

    private static JsonObject join(String doc, String client) {
        return new JsonObject().put("type", "join").put("doc", doc).put("client", client);
    }

    private static JsonObject insertAtEnd(String doc, long rev, String text, String typed, String client, long seq) {
        String op = TextOperationJson.toJson(io.cahier.protocol.ot.TextOperation.insertAt(text.length(), text.length(), typed));
        return new JsonObject().put("type", "op").put("doc", doc).put("rev", rev).put("op", new io.vertx.core.json.JsonArray(op))
                .put("client", client).put("seq", seq);
    }

    @Test
    void everyAcknowledgedOperationSurvivesSigkillAndClientsConvergeAfterRestart() throws Exception {
        int port = ServerProcess.freePort();
        String doc;
        List<Typist> typists = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(dataDir, port, logs.resolve("server.log"))) {
            doc = createDocument(port);
            runUntil(typists, doc, port, 300, () -> {
                try {
                    server.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try (ServerProcess server = ServerProcess.start(dataDir, port, logs.resolve("server2.log"))) {
            assertAckedOperationsArePresent(port, doc, typists);
            for (Typist typist : typists) {
                typist.rejoin(port);
            }
            long head = head(port, doc);
            for (Typist typist : typists) {
                typist.catchUpTo(head);
                assertEquals(text(port, doc), typist.text(), "typist converged with the server");
            }
            assertLogReplaysToText(port, doc);
        }
    }

    @Test
    void sigtermFinishesInFlightCommitsAndClosesWithGoingAway() throws Exception {
        int port = ServerProcess.freePort();
        String doc;
        List<Typist> typists = new ArrayList<>();
        AtomicInteger exit = new AtomicInteger(-1);
        try (ServerProcess server = ServerProcess.start(dataDir, port, logs.resolve("server.log"))) {
            doc = createDocument(port);
            runUntil(typists, doc, port, 200, () -> {
                try {
                    exit.set(server.terminate());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertTrue(exit.get() == 143 || exit.get() == 0, "exit code after SIGTERM: " + exit.get());
        assertTrue(typists.stream().anyMatch(t -> Integer.valueOf(1001).equals(t.socket().closeCode())),
                "clients were told the server is going away (1001)");
        try (ServerProcess server = ServerProcess.start(dataDir, port, logs.resolve("server2.log"))) {
            assertAckedOperationsArePresent(port, doc, typists);
            assertLogReplaysToText(port, doc);
        }
    }

    /** Typists type in lock step on their own threads; once {@code acks} are in, {@code stop} runs. */
    private void runUntil(List<Typist> typists, String doc, int port, int acks, Runnable stop) throws Exception {
        AtomicInteger total = new AtomicInteger();
        AtomicBoolean stopped = new AtomicBoolean();
        CountDownLatch enough = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(TYPISTS);
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < TYPISTS; i++) {
            Typist typist = new Typist(doc, "typist-" + i, 100 + i, Workshop.bearer(token(port))).join(port);
            typists.add(typist);
            Thread thread = new Thread(() -> {
                try {
                    while (true) {
                        typist.typeOne();
                        if (total.incrementAndGet() >= acks) {
                            enough.countDown();
                        }
                    }
                } catch (TestWs.ConnectionClosed e) {
                    // the server went away: expected once stopped
                    if (!stopped.get()) {
                        unexpected.add(e);
                    }
                } catch (Throwable e) {
                    if (!stopped.get()) {
                        unexpected.add(e);
                    }
                } finally {
                    done.countDown();
                }
            }, "typist-" + i);
            thread.start();
        }
        assertTrue(enough.await(60, TimeUnit.SECONDS), "typists did not reach " + acks + " acks: " + unexpected);
        stopped.set(true);
        stop.run();
        assertTrue(done.await(30, TimeUnit.SECONDS), "typists did not notice the server stopping");
        assertTrue(unexpected.isEmpty(), "unexpected failures before the stop: " + unexpected);
    }

    private void assertAckedOperationsArePresent(int port, String doc, List<Typist> typists) throws Exception {
        Map<String, Long> revBySubmission = new HashMap<>();
        for (JsonObject op : allOps(port, doc)) {
            if (op.getString("client") != null) {
                revBySubmission.put(op.getString("client") + "#" + op.getLong("seq"), op.getLong("rev"));
            }
        }
        int checked = 0;
        for (Typist typist : typists) {
            for (Typist.Acked acked : typist.acked()) {
                assertEquals(acked.rev(), revBySubmission.get(acked.client() + "#" + acked.seq()),
                        "acknowledged " + acked + " is in the log at its revision");
                checked++;
            }
        }
        assertTrue(checked >= 200, "checked " + checked + " acknowledged operations");
    }

    private void assertLogReplaysToText(int port, String doc) throws Exception {
        String text = "";
        long expectedRev = 1;
        for (JsonObject op : allOps(port, doc)) {
            assertEquals(expectedRev++, op.getLong("rev"), "no gap in the log");
            text = TextOperationJson.fromJson(DatabindCodec.mapper().valueToTree(op.getJsonArray("op").getList())).apply(text);
        }
        assertEquals(text(port, doc), text);
    }

    private List<JsonObject> allOps(int port, String doc) throws Exception {
        List<JsonObject> ops = new ArrayList<>();
        String next = "/api/documents/" + doc + "/ops?from=1";
        while (next != null) {
            JsonObject page = new JsonObject(get(port, next));
            page.getJsonArray("ops").forEach(o -> ops.add((JsonObject) o));
            next = page.getString("next");
        }
        return ops;
    }

    private String createDocument(int port) throws Exception {
        String ws = new JsonObject(post(port, "/api/workspaces", new JsonObject().put("name", "Atelier"))).getString("id");
        return new JsonObject(post(port, "/api/workspaces/" + ws + "/documents",
                new JsonObject().put("title", "Crash").put("kind", "note"))).getString("id");
    }

    private long head(int port, String doc) throws Exception {
        return new JsonObject(get(port, "/api/documents/" + doc)).getLong("rev");
    }

    private String text(int port, String doc) throws Exception {
        return new JsonObject(get(port, "/api/documents/" + doc + "/text")).getString("text");
    }

    /** The facilitator of the store, made from the set-up link the first server process printed. */
    private String token(int port) {
        return Workshop.facilitatorToken(dataDir.toAbsolutePath().toString(), port, logs.resolve("server.log"));
    }

    private String get(int port, String path) throws Exception {
        return HttpCall.to(port, "GET", path).bearer(token(port)).send().text();
    }

    private String post(int port, String path, JsonObject body) throws Exception {
        return HttpCall.to(port, "POST", path).bearer(token(port)).body(body).send().text();
    }

}
