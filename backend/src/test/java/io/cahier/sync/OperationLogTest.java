package io.cahier.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.protocol.ot.TextOperation;
import io.cahier.storage.Database;
import io.cahier.testing.TestStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committer's append on the store itself, with batches larger than a load ever made in the
 * end-to-end tests: hundreds of documents in one transaction, their snapshots and heads, and on a
 * shared store the claims that lose and the announcements the other nodes hear.
 */
class OperationLogTest {

    private static final int DOCS = 300;

    private final Vertx vertx = Vertx.vertx();
    private Database database;

    @AfterEach
    void close() throws Exception {
        if (database != null) {
            await(database.close());
        }
        await(vertx.close());
    }

    @Test
    void oneAppendWritesTheOperationsSnapshotsAndHeadsOfHundredsOfDocuments(@TempDir Path dataDir) throws Exception {
        List<String> docs = open(dataDir);
        OperationLog log = log();
        List<StoredOperation> ops = new ArrayList<>();
        List<Snapshot> snapshots = new ArrayList<>();
        for (String doc : docs) {
            ops.add(op(doc, 1, "", "a"));
            ops.add(op(doc, 2, "a", "b"));
            snapshots.add(new Snapshot(doc, 2, "ab"));
        }
        assertEquals(Set.of(), await(log.append(ops, snapshots)));
        for (String doc : List.of(docs.get(0), docs.get(DOCS / 2), docs.get(DOCS - 1))) {
            assertEquals("ab", await(log.loadText(doc, 2)));
            assertEquals(2, await(log.range(doc, 1, 2)).size());
        }
        assertEquals(DOCS, count("SELECT COUNT(*) AS n FROM documents WHERE rev = 2"));
        assertEquals(2L * DOCS, count("SELECT COUNT(*) AS n FROM operations"));
        assertEquals(DOCS, count("SELECT COUNT(*) AS n FROM snapshots WHERE rev = 2 AND text = 'ab'"));
    }

    @Test
    void aFailedAppendWritesNothingAndLeavesNothingForTheNext(@TempDir Path dataDir) throws Exception {
        List<String> docs = open(dataDir);
        OperationLog log = log();
        String doc = docs.get(0);
        String other = docs.get(1);
        assertEquals(Set.of(), await(log.append(List.of(op(doc, 1, "", "a")), List.of())));
        // the last operation names a document that does not exist: its row breaks the foreign key
        StoredOperation first = op(other, 1, "", "x");
        StoredOperation orphan = op("no-such-document", 1, "", "y");
        boolean failed;
        try {
            await(log.append(List.of(op(doc, 2, "a", "b"), first, orphan), List.of(new Snapshot(doc, 2, "ab",
                    Map.of("client-" + doc, new DocumentState.LastSubmission(2, 2))))));
            failed = false;
        } catch (java.util.concurrent.ExecutionException e) {
            failed = true;
        }
        assertTrue(failed, "an append with an operation of no document fails");
        assertEquals(Set.of(), await(log.append(List.of(op(doc, 2, "a", "c")), List.of())));
        assertEquals("ac", await(log.loadText(doc, 2)));
        assertEquals(2, count("SELECT COUNT(*) AS n FROM operations"));
        assertEquals(0, count("SELECT COUNT(*) AS n FROM snapshots"));
        assertEquals(0, count("SELECT COUNT(*) AS n FROM operations WHERE doc_id = '" + other + "'"));
        assertEquals(0, count("SELECT COUNT(*) AS n FROM submissions"));
        assertEquals(2, count("SELECT rev AS n FROM documents WHERE id = '" + doc + "'"));
    }

    @Test
    void onASharedStoreTakenRevisionsLoseAndOnlyTheWinnersAreWrittenAndAnnounced(@TempDir Path dataDir) throws Exception {
        Assumptions.assumeTrue(TestStore.postgres(), "only a shared store can lose a race");
        List<String> docs = open(dataDir);
        OperationLog log = new OperationLog(database, "node-a");
        List<String> announcements = new CopyOnWriteArrayList<>();
        PgSubscriber subscriber = PgSubscriber.subscriber(vertx, database.pgOptions());
        CountDownLatch subscribed = new CountDownLatch(1);
        subscriber.channel(OperationLog.OPS_CHANNEL).handler(announcements::add).subscribeHandler(v -> subscribed.countDown());
        await(subscriber.connect());
        assertTrue(subscribed.await(10, TimeUnit.SECONDS), "not listening");
        try {
            List<StoredOperation> first = new ArrayList<>();
            for (String doc : docs) {
                first.add(op(doc, 1, "", "a"));
            }
            assertEquals(Set.of(), await(log.append(first, List.of())));
            Map<String, Long> heard = heads(announcements, DOCS);
            assertEquals(DOCS, heard.size(), "every head announced");
            heard.values().forEach(rev -> assertEquals(1L, rev));
            assertTrue(announcements.size() > 1, "300 heads do not fit one payload: " + announcements.size());
            for (String payload : announcements) {
                assertTrue(payload.getBytes(StandardCharsets.UTF_8).length < 8000, "a payload over PostgreSQL's limit");
                String[] lines = payload.split("\n");
                assertEquals("node-a", lines[0]);
                for (int i = 1; i < lines.length; i++) {
                    // the operations ride along: the other nodes need not read them from the log
                    String[] parts = lines[i].split(" ", 3);
                    assertEquals(3, parts.length, lines[i]);
                    List<StoredOperation> ops = OperationLog.announcedOps(parts[0], parts[2]);
                    assertEquals(List.of(op(parts[0], 1, "", "a")), ops, lines[i]);
                }
            }
            announcements.clear();

            // Another node took revision 2 of the first half: their claims lose, the rest of their
            // operations and their snapshots are not written; the second half commits.
            Set<String> taken = new HashSet<>(docs.subList(0, DOCS / 2));
            for (String doc : taken) {
                await(database.pool().preparedQuery("INSERT INTO operations (doc_id, rev, op, client, seq, author_id, author_name, created_at) "
                        + "VALUES ($1, 2, '[1,\"x\"]', 'other', 1, 'u', 'Other', 0)").execute(Tuple.of(doc)));
            }
            List<StoredOperation> second = new ArrayList<>();
            List<Snapshot> snapshots = new ArrayList<>();
            for (String doc : docs) {
                second.add(op(doc, 2, "a", "b"));
                second.add(op(doc, 3, "ab", "c"));
                snapshots.add(new Snapshot(doc, 3, "abc"));
            }
            assertEquals(taken, await(log.append(second, snapshots)));
            for (String doc : docs) {
                boolean lost = taken.contains(doc);
                String context = doc + (lost ? " (lost)" : " (won)");
                assertEquals(lost ? 1 : 3, count("SELECT rev AS n FROM documents WHERE id = '" + doc + "'"), context);
                assertEquals(lost ? 2 : 3, count("SELECT COUNT(*) AS n FROM operations WHERE doc_id = '" + doc + "'"), context);
                assertEquals(lost ? 0 : 1, count("SELECT COUNT(*) AS n FROM snapshots WHERE doc_id = '" + doc + "'"), context);
            }
            Map<String, Long> winners = heads(announcements, DOCS / 2);
            String[] sample = announcements.get(0).split("\n")[1].split(" ", 3);
            assertEquals(List.of(op(sample[0], 2, "a", "b"), op(sample[0], 3, "ab", "c")), OperationLog.announcedOps(sample[0], sample[2]));
            assertEquals(DOCS / 2, winners.size());
            winners.forEach((doc, rev) -> {
                assertTrue(!taken.contains(doc), doc + " lost but was announced");
                assertEquals(3L, rev);
            });
            announcements.clear();

            // A paste too large to ride along is only announced: the other nodes read it.
            String won = docs.get(DOCS - 1);
            String paste = "p".repeat(3 * OperationLog.ANNOUNCED_OPS_MAX_BYTES);
            assertEquals(Set.of(), await(log.append(List.of(op(won, 4, "abc", paste)), List.of())));
            assertEquals(Map.of(won, 4L), heads(announcements, 1));
            String line = announcements.get(0).split("\n")[1];
            assertEquals(won + " 4", line, "announced without its operation");
        } finally {
            await(subscriber.close());
        }
    }

    @Test
    void aDocumentLoadsTheLastSubmissionsFromItsSnapshotsAndTheOperationsAfter(@TempDir Path dataDir) throws Exception {
        List<String> docs = open(dataDir);
        OperationLog log = log();
        String doc = docs.get(0);
        String other = docs.get(1);
        StoredOperation template = new StoredOperation(doc, 1, TextOperation.insertAt(0, 0, "t"), null, null, "u", "Author", 1L);
        // the snapshot at 4 carries the last submissions so far
        assertEquals(Set.of(), await(log.append(List.of(template, submission(doc, 2, "t", "a", "ana", 1),
                        submission(doc, 3, "ta", "b", "bruno", 1), submission(doc, 4, "tab", "c", "ana", 2)),
                List.of(new Snapshot(doc, 4, "tabc", Map.of("ana", last(2, 4), "bruno", last(1, 3)))))));
        // operations after it, in the log only
        assertEquals(Set.of(), await(log.append(List.of(submission(doc, 5, "tabc", "d", "bruno", 2),
                submission(doc, 6, "tabcd", "e", "bruno", 3), submission(other, 1, "", "x", "ana", 3)), List.of())));
        DocumentState state = await(log.load(doc));
        assertEquals(Map.of("ana", last(2, 4), "bruno", last(3, 6)), state.lastSubmissions());
        assertEquals(4, state.snapshotRev());
        assertEquals("tabcde", state.text());
        assertEquals(6, state.recent().size());
        DocumentState otherState = await(log.load(other));
        assertEquals(Map.of("ana", last(3, 1)), otherState.lastSubmissions());
        assertEquals(0, otherState.snapshotRev());
        // a snapshot never moves a client's last submission back
        assertEquals(Set.of(), await(log.append(List.of(submission(doc, 7, "tabcde", "f", "cleo", 1)),
                List.of(new Snapshot(doc, 7, "tabcdef", Map.of("ana", last(1, 2), "bruno", last(3, 6), "cleo", last(1, 7)))))));
        assertEquals(Map.of("ana", last(2, 4), "bruno", last(3, 6), "cleo", last(1, 7)), await(log.load(doc)).lastSubmissions());
        assertEquals(3, count("SELECT COUNT(*) AS n FROM submissions WHERE doc_id = '" + doc + "'"));
        assertEquals(4L, await(log.findSubmission(doc, "ana", 2)));
        assertEquals(2L, await(log.findSubmission(doc, "ana", 1)));
        assertEquals(null, await(log.findSubmission(doc, "ana", 3)));
    }

    private static DocumentState.LastSubmission last(long seq, long rev) {
        return new DocumentState.LastSubmission(seq, rev);
    }

    @Test
    void theMigrationToLastSubmissionsKeepsEachClientsLastFromTheLog(@TempDir Path dataDir) throws Exception {
        List<String> docs = open(dataDir);
        OperationLog log = log();
        String doc = docs.get(0);
        assertEquals(Set.of(), await(log.append(List.of(submission(doc, 1, "", "a", "ana", 1),
                submission(doc, 2, "a", "b", "bruno", 7), submission(doc, 3, "ab", "c", "ana", 2)), List.of(new Snapshot(doc, 3, "abc")))));
        // back to the schema before V8, with the log as it was then (a snapshot at its head: the
        // document loads its last submissions from the table alone)
        await(database.pool().query("DROP TABLE submissions").execute());
        await(database.pool().query("DELETE FROM schema_migrations WHERE name = 'V8__submissions.sql'").execute());
        if (!TestStore.postgres()) {
            await(database.pool().query("CREATE UNIQUE INDEX operations_by_submission ON operations (doc_id, client, seq)").execute());
        }
        await(database.migrate());
        DocumentState state = await(log.load(doc));
        assertEquals(3, state.snapshotRev());
        assertEquals(Map.of("ana", last(2, 3), "bruno", last(7, 2)), state.lastSubmissions());
        assertEquals(TestStore.postgres() ? 1 : 0, count(TestStore.postgres()
                ? "SELECT COUNT(*) AS n FROM pg_indexes WHERE indexname = 'operations_by_submission'"
                : "SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'operations_by_submission'"));
    }

    private static StoredOperation submission(String doc, long rev, String before, String typed, String client, long seq) {
        TextOperation op = TextOperation.builder().retain(before.length()).insert(typed).build();
        return new StoredOperation(doc, rev, op, client, seq, "u", "Author", rev * 1000);
    }

    /** Opens the store of this run with a workspace and {@link #DOCS} empty documents. */
    private List<String> open(Path dataDir) throws Exception {
        database = TestStore.postgres() ? Database.postgres(vertx, TestStore.databaseUrl(dataDir), 4) : Database.sqlite(vertx, dataDir);
        await(database.migrate());
        await(database.pool().query("INSERT INTO workspaces (id, name, created_at) VALUES ('ws', 'Batches', 0)").execute());
        List<String> docs = new ArrayList<>();
        List<Tuple> rows = new ArrayList<>();
        for (int i = 0; i < DOCS; i++) {
            String doc = String.format("doc%013d", i);
            docs.add(doc);
            rows.add(Tuple.of(doc));
        }
        String insert = TestStore.postgres()
                ? "INSERT INTO documents (id, workspace_id, title, kind, archived, rev, created_at, updated_at) VALUES ($1, 'ws', 't', 'note', 0, 0, 0, 0)"
                : "INSERT INTO documents (id, workspace_id, title, kind, archived, rev, created_at, updated_at) VALUES (?, 'ws', 't', 'note', 0, 0, 0, 0)";
        await(database.pool().preparedQuery(insert).executeBatch(rows));
        return docs;
    }

    /** The log of this run's store; on a shared one, as node "node-a". */
    private OperationLog log() {
        return new OperationLog(database, TestStore.postgres() ? "node-a" : null);
    }

    private static StoredOperation op(String doc, long rev, String before, String typed) {
        return submission(doc, rev, before, typed, "client-" + doc, rev);
    }

    private long count(String sql) throws Exception {
        Row row = await(database.pool().query(sql).execute()).iterator().next();
        return row.getLong("n");
    }

    /** The heads announced so far, waiting until {@code expected} documents were heard of. */
    private static Map<String, Long> heads(List<String> announcements, int expected) throws InterruptedException {
        Map<String, Long> heads = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            heads.clear();
            for (String payload : announcements) {
                String[] lines = payload.split("\n");
                for (int i = 1; i < lines.length; i++) {
                    String[] docAndRev = lines[i].split(" ");
                    heads.put(docAndRev[0], Long.parseLong(docAndRev[1]));
                }
            }
            if (heads.size() >= expected) {
                break;
            }
            Thread.sleep(20);
        }
        return heads;
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
