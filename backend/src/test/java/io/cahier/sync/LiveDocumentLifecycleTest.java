package io.cahier.sync;

import static io.cahier.sync.SyncProtocolTest.join;
import static io.cahier.sync.SyncProtocolTest.op;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.testing.TestServer;
import io.cahier.testing.TestWs;
import io.cahier.testing.Typist;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A live document's life: snapshots, eviction when idle, reloading, and a slow reader among fast ones. */
class LiveDocumentLifecycleTest {

    @TempDir
    Path dataDir;

    @Test
    void idleDocumentIsEvictedAndReloadsFromItsSnapshotAndLaterOps() throws Exception {
        try (TestServer server = TestServer.start(dataDir, "--doc-idle-seconds", "1", "--snapshot-every", "5")) {
            String doc = server.createDocument("note");
            Typist typist = new Typist(doc, "t", 3, server.guest("t").headers()).join(server.port());
            for (int i = 0; i < 12; i++) {
                typist.typeOne();
            }
            String text = typist.text();
            typist.socket().close();
            awaitOpenDocuments(server, 0);
            assertEquals(List.of(5L, 10L), snapshotRevisions(server, doc));
            try (TestWs ws = server.connect("Ana")) {
                JsonObject joined = ws.send(join(doc)).next("joined");
                assertEquals(12, joined.getLong("rev"));
                assertEquals(text, joined.getString("text"));
                assertEquals(text, server.get("/api/documents/" + doc + "/text?rev=12").json().getString("text"));
            }
        }
    }

    @Test
    void documentWithASubscriberIsNotEvicted() throws Exception {
        try (TestServer server = TestServer.start(dataDir, "--doc-idle-seconds", "1"); TestWs ws = server.connect("Ana")) {
            String doc = server.createDocument("note");
            String other = server.createDocument("note");
            ws.send(join(doc)).next("joined");
            try (TestWs leaving = server.connect("Bruno")) {
                leaving.send(join(other)).next("joined");
            }
            awaitOpenDocuments(server, 1); // the other one goes, this one stays
            ws.send(op(doc, 0, new JsonArray().add("still here"), "c", 1)).next("ack");
            assertEquals(1, server.get("/health").json().getInteger("openDocuments"));
        }
    }

    /**
     * A loaded document keeps the last {@link LiveDocument#WINDOW} operations in memory; older bases
     * are transformed over the log, both while the writer sends 1,100 operations all based on
     * revision 0 without waiting (each is sequenced in the order sent) and after the restart.
     */
    @Test
    void anOperationBasedOnARevisionOlderThanTheWindowIsTransformedOverTheLog() {
        String doc;
        try (TestServer server = TestServer.start(dataDir, "--op-burst", "5000", "--op-rate", "5000")) {
            doc = server.createDocument("note");
            try (TestWs ws = server.connect("Writer")) {
                ws.send(join(doc).put("client", "w")).next("joined");
                for (int seq = 1; seq <= 1100; seq++) {
                    ws.send(op(doc, 0, new JsonArray().add("x"), "w", seq));
                }
                long last = 0;
                while (last < 1100) {
                    last = ws.next("ack").getLong("rev");
                }
            }
        }
        // Restarted: the document loads with only its last WINDOW revisions in memory.
        try (TestServer server = TestServer.start(dataDir); TestWs late = server.connect("Late")) {
            late.send(join(doc).put("client", "late")).next("joined");
            late.send(op(doc, 50, new JsonArray().add(50).add("Y"), "late", 1));
            assertEquals(1101, late.next("ack").getLong("rev"));
            assertEquals("x".repeat(1100) + "Y", server.get("/api/documents/" + doc + "/text").json().getString("text"),
                    "the insert made at revision 50 moved past the 1050 inserts before it");
        }
    }

    @Test
    void operationsArrivingDuringACommitShareTheNextOne() {
        try (TestServer server = TestServer.start(dataDir, "--op-burst", "1000", "--op-rate", "1000")) {
            List<String> docs = List.of(server.createDocument("note"), server.createDocument("note"), server.createDocument("note"));
            List<TestWs> sockets = new ArrayList<>();
            try {
                for (String doc : docs) {
                    TestWs ws = server.connect("Writer");
                    ws.send(join(doc).put("client", "w")).next("joined");
                    sockets.add(ws);
                }
                // every writer fires 40 edits at once, each at revision 0: the server transforms them
                for (int seq = 1; seq <= 40; seq++) {
                    for (int d = 0; d < docs.size(); d++) {
                        sockets.get(d).send(op(docs.get(d), 0, new JsonArray().add("x"), "w", seq));
                    }
                }
                for (TestWs ws : sockets) {
                    for (int seq = 1; seq <= 40; seq++) {
                        ws.next("ack");
                    }
                }
            } finally {
                sockets.forEach(TestWs::close);
            }
            JsonObject commits = server.get("/health").json().getJsonObject("commits");
            assertEquals(120, commits.getLong("operations"));
            assertTrue(commits.getLong("batches") < 120, "operations were committed in groups: " + commits);
            // how long each of them waited for its commit, from sequencing to durable
            JsonObject waits = commits.getJsonObject("waitMs");
            assertEquals(120, waits.getLong("count"), "every committed operation's wait is counted: " + waits);
            assertEquals(120, waits.getJsonArray("buckets").stream().mapToLong(b -> ((JsonArray) b).getLong(1)).sum(), waits.encode());
            assertTrue(0 < waits.getDouble("p50") && waits.getDouble("p50") <= waits.getDouble("p99")
                    && waits.getDouble("p99") <= waits.getDouble("max") && waits.getDouble("max") < 10_000, waits.encode());
            for (String doc : docs) {
                assertEquals("x".repeat(40), server.text(doc));
            }
        }
    }

    @Test
    void slowReaderIsToldToReconnectWithoutSlowingOthers() {
        try (TestServer server = TestServer.start(dataDir, "--op-burst", "2000", "--op-rate", "2000");
                TestWs writer = server.connect("Writer"); TestWs reader = server.connect("Reader"); TestWs slow = server.connect("Slow")) {
            String doc = server.createDocument("note");
            writer.send(join(doc).put("client", "w")).next("joined");
            reader.send(join(doc).put("client", "r")).next("joined");
            slow.send(join(doc).put("client", "s")).next("joined");
            slow.pauseReading();
            String chunk = "x".repeat(50_000);
            long length = 0;
            for (int seq = 1; seq <= 400; seq++) {
                JsonArray edit = length == 0 ? new JsonArray().add(chunk) : new JsonArray().add(length).add(chunk);
                writer.send(op(doc, seq - 1, edit, "w", seq));
                assertEquals(seq, writer.next("ack").getLong("rev"));
                assertEquals(seq, reader.next("op").getLong("rev"), "the fast reader keeps up");
                length += chunk.length();
            }
            slow.resumeReading();
            assertEquals(4001, slow.awaitClose(), "the stalled reader is told to reconnect");
            assertEquals(400, server.get("/api/documents/" + doc).json().getLong("rev"));
        }
    }

    private static void awaitOpenDocuments(TestServer server, int expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int open = -1;
        while (System.nanoTime() < deadline) {
            open = server.get("/health").json().getInteger("openDocuments");
            if (open == expected) {
                return;
            }
            LockSupport.parkNanos(50_000_000L); // polling /health: eviction has no event to wait for
        }
        throw new AssertionError("open documents stayed at " + open + ", expected " + expected);
    }

    /** The revisions with a snapshot, read through the server's own store (SQLite or PostgreSQL). */
    private static List<Long> snapshotRevisions(TestServer server, String doc) throws Exception {
        List<Long> revs = new ArrayList<>();
        io.vertx.sqlclient.templates.SqlTemplate.forQuery(server.server().database().pool(),
                        "SELECT rev FROM snapshots WHERE doc_id = #{doc} ORDER BY rev")
                .execute(java.util.Map.of("doc", doc))
                .toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS)
                .forEach(row -> revs.add(row.getLong("rev")));
        assertTrue(revs.size() > 0, "snapshots were written");
        return revs;
    }
}
