package io.cahier.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.client.RestClient;
import io.cahier.client.RestClient.DocumentText;
import io.cahier.client.RestClient.LoggedOp;
import io.cahier.client.SyncClient;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The end-of-run checks every sync test makes once its clients stop editing: they all reach the
 * server's last revision with the server's text, the operation log replayed from the empty text
 * gives that text, and no submission {@code (client, seq)} is in the log twice.
 */
final class Convergence {

    /** What was checked: the server's final text and its log. */
    record Outcome(DocumentText text, List<LoggedOp> log) {
    }

    private static final int WAIT_SECONDS = 20;

    private Convergence() {
    }

    static Future<Outcome> check(RestClient rest, String doc, List<SyncClient> clients, String context) {
        List<Future<Void>> idle = new ArrayList<>();
        clients.forEach(c -> idle.add(c.whenSynchronized(doc)));
        return within(Future.all(idle), clients, doc, context + ": clients not synchronized")
                .compose(v -> rest.text(doc))
                .compose(text -> {
                    List<Future<Void>> caughtUp = new ArrayList<>();
                    clients.forEach(c -> caughtUp.add(c.whenSynchronized(doc, text.rev())));
                    return within(Future.all(caughtUp), clients, doc,
                            context + ": clients not at the server's revision " + text.rev()).map(text);
                })
                .compose(text -> rest.operations(doc).map(log -> new Outcome(text, log)))
                .map(outcome -> {
                    verify(outcome, doc, clients, context);
                    return outcome;
                });
    }

    /** Fails with every client's state when {@code waiting} takes longer than {@link #WAIT_SECONDS}. */
    private static <T> Future<T> within(Future<T> waiting, List<SyncClient> clients, String doc, String what) {
        return waiting.timeout(WAIT_SECONDS, TimeUnit.SECONDS).recover(e -> {
            StringBuilder states = new StringBuilder(what).append(" after ").append(WAIT_SECONDS).append(" s (")
                    .append(e).append("):");
            clients.forEach(c -> states.append("\n  ").append(c.describe(doc)));
            return Future.failedFuture(new AssertionError(states.toString(), e));
        });
    }

    private static void verify(Outcome outcome, String doc, List<SyncClient> clients, String context) {
        DocumentText server = outcome.text();
        String replayedLog = "";
        for (LoggedOp op : outcome.log()) {
            replayedLog = op.op().apply(replayedLog);
        }
        int agreeingClients = 0;
        for (SyncClient client : clients) {
            if (replayedLog.equals(client.text(doc))) {
                agreeingClients++;
            }
        }
        String diagnosis = " [the log replays to the server's text: " + replayedLog.equals(server.text()) + "; clients with the log's text: "
                + agreeingClients + " of " + clients.size() + "]";
        context = context + diagnosis;
        for (SyncClient client : clients) {
            assertEquals(server.rev(), client.revision(doc), context + ": client " + client.clientId() + " revision");
            assertEquals(server.text(), client.text(doc), context + ": client " + client.clientId() + " text");
        }
        List<LoggedOp> log = outcome.log();
        assertEquals(server.rev(), log.size(), context + ": the log holds one operation per revision");
        String replayed = "";
        Set<String> submissions = new HashSet<>();
        for (int i = 0; i < log.size(); i++) {
            LoggedOp op = log.get(i);
            assertEquals(i + 1, op.rev(), context + ": log revisions follow each other");
            replayed = op.op().apply(replayed);
            if (op.client() != null) {
                assertTrue(submissions.add(op.client() + "#" + op.seq()),
                        context + ": submission " + op.client() + "#" + op.seq() + " is in the log twice");
            }
        }
        assertEquals(server.text(), replayed, context + ": replaying the log gives the server's text");
    }

    /** Every seq a client used, from 1 to its last, is in the log exactly once, under its client id. */
    static void assertEverySubmissionLoggedOnce(Outcome outcome, List<SyncClient> editors, String context) {
        Map<String, Set<Long>> seqs = new HashMap<>();
        outcome.log().forEach(op -> {
            if (op.client() != null) {
                seqs.computeIfAbsent(op.client(), c -> new HashSet<>()).add(op.seq());
            }
        });
        for (SyncClient editor : editors) {
            String doc = outcome.text().id();
            Set<Long> expected = new HashSet<>();
            for (long s = 1; s <= editor.lastSeq(doc); s++) {
                expected.add(s);
            }
            assertEquals(expected, seqs.getOrDefault(editor.clientId(), Set.of()),
                    context + ": seqs of " + editor.clientId() + " in the log");
        }
    }
}
