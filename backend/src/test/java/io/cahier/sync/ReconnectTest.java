package io.cahier.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.client.SyncClient;
import io.cahier.client.SyncClientOptions;
import io.cahier.client.SyncEvents;
import io.cahier.protocol.ot.TextOperation;
import io.cahier.protocol.ot.TextOperationJson;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client loses its socket with edits in flight, keeps editing offline, and resumes with
 * {@code join} + {@code rev}. Every edit inserts a distinct marker such as {@code [A3]} at a marker
 * boundary, so the final text shows whether each edit is there exactly once; the operation log must
 * hold no submission twice. Randomness (where markers go) is seeded; rerun with {@code -Dcahier.seed=N}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ReconnectTest {

    private static final SyncClientOptions MANUAL = SyncClientOptions.defaults().withAutoReconnect(false);

    private long seed;
    private Random random;
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();
    private final List<String> markers = new ArrayList<>();

    @BeforeEach
    void seed() {
        seed = Long.getLong("cahier.seed", System.nanoTime());
        random = new Random(seed);
    }

    @Test
    void operationSequencedBeforeTheDropIsRecognisedInTheCatchUp(Vertx vertx, VertxTestContext ctx,
                                                                 @TempDir Path dataDir) {
        Queue<SyncEvents.Acknowledged> acks = new ConcurrentLinkedQueue<>();
        run(vertx, ctx, dataDir, (server, doc, alice, bob) -> {
            alice.ackHandler(acks::add);
            Promise<Void> bobSawFirst = Promise.promise();
            bob.remoteOpHandler(op -> {
                if (alice.clientId().equals(op.client()) && Long.valueOf(1).equals(op.seq())) {
                    bobSawFirst.tryComplete();
                }
            });
            // Alice stops reading: her first op gets sequenced, but she never sees the ack
            return alice.pauseIncoming()
                    .compose(v -> insert(alice, doc, "[A1]"))
                    .compose(v -> insert(alice, doc, "[A2]"))
                    .compose(v -> insert(alice, doc, "[A3]"))
                    .compose(v -> bobSawFirst.future())
                    .compose(v -> alice.dropConnection())
                    .compose(v -> insert(alice, doc, "[A4]"))
                    .compose(v -> insert(bob, doc, "[B1]"))
                    .compose(v -> insert(alice, doc, "[A5]"))
                    .compose(v -> insert(bob, doc, "[B2]"))
                    .compose(v -> alice.reconnect())
                    .compose(v -> Convergence.check(server.rest(), doc, List.of(alice, bob), describe()))
                    .map(outcome -> {
                        assertMarkersOnce(outcome.text().text());
                        SyncEvents.Acknowledged first = acks.stream().filter(a -> a.seq() == 1).findFirst()
                                .orElseThrow(() -> new AssertionError(describe() + ": seq 1 never acknowledged"));
                        assertTrue(first.inCatchUp(), describe() + ": seq 1 was acknowledged by the catch-up");
                        assertEquals(2, alice.lastSeq(doc), describe() + ": the buffer went out as seq 2");
                        return null;
                    });
        });
    }

    @Test
    void operationInFlightWhenTheSocketDropsIsAppliedExactlyOnce(Vertx vertx, VertxTestContext ctx,
                                                                 @TempDir Path dataDir) {
        run(vertx, ctx, dataDir, (server, doc, alice, bob) -> {
            Future<Void> rounds = Future.succeededFuture();
            for (int round = 1; round <= 10; round++) {
                int r = round;
                rounds = rounds
                        // in one task on Alice's event loop: one op sent, one buffered, socket cut
                        .compose(v -> onContextOf(alice, () -> insert(alice, doc, "[A" + r + "a]")
                                .compose(w -> insert(alice, doc, "[A" + r + "b]"))
                                .compose(w -> alice.dropConnection())))
                        .compose(v -> insert(bob, doc, "[B" + r + "]"))
                        .compose(v -> insert(alice, doc, "[A" + r + "c]"))
                        .compose(v -> alice.reconnect());
            }
            return rounds
                    .compose(v -> Convergence.check(server.rest(), doc, List.of(alice, bob), describe()))
                    .map(outcome -> {
                        assertMarkersOnce(outcome.text().text());
                        return null;
                    });
        });
    }

    /**
     * The submitter joined first, so the server meets its (closing) socket first when it hands out
     * each committed operation; the others must still get every operation, with no gap.
     */
    @Test
    void othersReceiveEveryOperationWhenTheSubmitterDropsDuringItsCommit(Vertx vertx, VertxTestContext ctx,
                                                                          @TempDir Path dataDir) {
        RunningServer.start(vertx, dataDir).compose(server -> server.newDocument("Drops").compose(doc ->
                server.join("Alice", doc, MANUAL).compose(alice -> {
                    List<Future<SyncClient>> joining = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        joining.add(server.join("Observer " + i, doc, MANUAL));
                    }
                    return Future.all(joining).compose(all -> {
                        List<SyncClient> everyone = new ArrayList<>(all.<SyncClient>list());
                        everyone.add(0, alice);
                        problemsFrom(everyone);
                        Future<Void> rounds = Future.succeededFuture();
                        for (int round = 1; round <= 40; round++) {
                            int r = round;
                            rounds = rounds
                                    .compose(v -> onContextOf(alice, () -> insert(alice, doc, "[A" + r + "]")
                                            .compose(w -> alice.dropConnection())))
                                    .compose(v -> alice.reconnect())
                                    .compose(v -> alice.whenSynchronized(doc));
                        }
                        return rounds
                                .compose(v -> Convergence.check(server.rest(), doc, everyone, describe()))
                                .map(outcome -> {
                                    assertMarkersOnce(outcome.text().text());
                                    assertTrue(problems.isEmpty(), describe() + ": " + problems);
                                    return null;
                                });
                    });
                }).eventually(server::close)))
                .onComplete(ar -> finish(ctx, ar));
    }

    @Test
    void editsMadeWhileDisconnectedAreSentAfterTheCatchUp(Vertx vertx, VertxTestContext ctx, @TempDir Path dataDir) {
        run(vertx, ctx, dataDir, (server, doc, alice, bob) -> insert(alice, doc, "[A1]")
                .compose(v -> insert(bob, doc, "[B1]"))
                .compose(v -> Future.all(alice.whenSynchronized(doc), bob.whenSynchronized(doc)))
                .compose(v -> alice.dropConnection())
                .compose(v -> insert(alice, doc, "[A2]"))
                .compose(v -> insert(bob, doc, "[B2]"))
                .compose(v -> insert(alice, doc, "[A3]"))
                .compose(v -> insert(bob, doc, "[B3]"))
                .compose(v -> alice.reconnect())
                .compose(v -> Convergence.check(server.rest(), doc, List.of(alice, bob), describe()))
                .map(outcome -> {
                    assertMarkersOnce(outcome.text().text());
                    return null;
                }));
    }

    @Test
    void clientWithAutomaticReconnectResumesByItself(Vertx vertx, VertxTestContext ctx, @TempDir Path dataDir) {
        RunningServer.start(vertx, dataDir).compose(server -> server.newDocument("Reconnect").compose(doc ->
                Future.all(server.join("Alice", doc, SyncClientOptions.defaults()), server.join("Bob", doc, MANUAL))
                        .compose(all -> {
                            SyncClient alice = all.resultAt(0);
                            SyncClient bob = all.resultAt(1);
                            problemsFrom(List.of(alice, bob));
                            Promise<Void> reopened = Promise.promise();
                            alice.connectionHandler(change -> {
                                if (change.connected()) {
                                    reopened.tryComplete();
                                }
                            });
                            return insert(alice, doc, "[A1]")
                                    .compose(v -> alice.dropConnection())
                                    .compose(v -> insert(alice, doc, "[A2]"))
                                    .compose(v -> insert(bob, doc, "[B1]"))
                                    .compose(v -> reopened.future())
                                    .compose(v -> Convergence.check(server.rest(), doc, List.of(alice, bob), describe()))
                                    .map(outcome -> {
                                        assertMarkersOnce(outcome.text().text());
                                        assertTrue(problems.isEmpty(), describe() + ": " + problems);
                                        return null;
                                    });
                        }).eventually(server::close)))
                .onComplete(ar -> finish(ctx, ar));
    }

    @Test
    void resubmittedOperationIsAcknowledgedWithItsRevisionAndAppliedOnce(Vertx vertx, VertxTestContext ctx,
                                                                         @TempDir Path dataDir) {
        String client = "raw-" + seed;
        RunningServer.start(vertx, dataDir).compose(server -> server.newDocument("Resubmit").compose(doc ->
                server.guest("Raw").compose(credential -> RawSocket.connect(vertx, server.port(), credential)).compose(raw -> raw
                        .send(new JsonObject().put("type", "join").put("doc", doc).put("client", client))
                        .compose(v -> raw.next("joined"))
                        .compose(joined -> {
                            String text = joined.getString("text");
                            TextOperation insert = TextOperation.insertAt(text.length(), text.length(), "once");
                            JsonObject op = new JsonObject().put("type", "op").put("doc", doc)
                                    .put("rev", joined.getLong("rev"))
                                    .put("op", new JsonArray(TextOperationJson.toJson(insert)))
                                    .put("client", client).put("seq", 1);
                            return raw.send(op).compose(v -> raw.next("ack"))
                                    .compose(first -> raw.send(op).compose(v -> raw.next("ack")).map(second -> {
                                        assertEquals(1L, second.getLong("seq"), describe());
                                        assertEquals(first.getLong("rev"), second.getLong("rev"),
                                                describe() + ": the resubmission is acknowledged with its first revision");
                                        return first.getLong("rev");
                                    }));
                        })
                        .compose(rev -> server.rest().text(doc).compose(text -> server.rest().operations(doc)
                                .map(log -> {
                                    assertEquals(rev, text.rev(), describe() + ": nothing applied after the first");
                                    assertEquals("once", text.text(), describe());
                                    assertEquals(1, log.stream().filter(o -> client.equals(o.client())).count(),
                                            describe() + ": one logged operation");
                                    return null;
                                })))
                        .eventually(raw::close))
                        .eventually(server::close)))
                .onComplete(ar -> finish(ctx, ar));
    }

    private interface Scenario {
        Future<Void> run(RunningServer server, String doc, SyncClient alice, SyncClient bob);
    }

    /** Starts a server, joins Alice and Bob (no automatic reconnect) to a new note, runs the scenario. */
    private void run(Vertx vertx, VertxTestContext ctx, Path dataDir, Scenario scenario) {
        RunningServer.start(vertx, dataDir).compose(server -> server.newDocument("Reconnect").compose(doc ->
                Future.all(server.join("Alice", doc, MANUAL), server.join("Bob", doc, MANUAL))
                        .compose(all -> {
                            SyncClient alice = all.resultAt(0);
                            SyncClient bob = all.resultAt(1);
                            problemsFrom(List.of(alice, bob));
                            return scenario.run(server, doc, alice, bob);
                        })
                        .map(v -> {
                            assertTrue(problems.isEmpty(), describe() + ": " + problems);
                            return v;
                        })
                        .eventually(server::close)))
                .onComplete(ar -> finish(ctx, ar));
    }

    private void finish(VertxTestContext ctx, io.vertx.core.AsyncResult<?> ar) {
        if (ar.succeeded()) {
            ctx.completeNow();
        } else {
            ctx.failNow(new AssertionError(describe() + ": " + ar.cause(), ar.cause()));
        }
    }

    private void problemsFrom(List<SyncClient> clients) {
        for (SyncClient client : clients) {
            client.errorHandler(e -> problems.add(client.clientId() + " got error " + e));
            client.violationHandler(v -> problems.add(client.clientId() + " saw " + v));
        }
    }

    private String describe() {
        return "seed " + seed;
    }

    /** Inserts {@code marker} at a random marker boundary of the client's local text. */
    private Future<Void> insert(SyncClient client, String doc, String marker) {
        synchronized (markers) {
            markers.add(marker);
        }
        long pick = random.nextLong();
        Function<String, TextOperation> change = text -> {
            List<Integer> boundaries = new ArrayList<>();
            boundaries.add(0);
            for (int i = 1; i <= text.length(); i++) {
                if (text.charAt(i - 1) == ']') {
                    boundaries.add(i);
                }
            }
            int at = boundaries.get((int) Math.floorMod(pick, (long) boundaries.size()));
            return TextOperation.insertAt(text.length(), at, marker);
        };
        return client.edit(doc, change).mapEmpty();
    }

    private void assertMarkersOnce(String text) {
        int total = 0;
        synchronized (markers) {
            for (String marker : markers) {
                int first = text.indexOf(marker);
                assertTrue(first >= 0, describe() + ": " + marker + " is missing from " + text);
                assertEquals(-1, text.indexOf(marker, first + 1), describe() + ": " + marker + " twice in " + text);
                total += marker.length();
            }
        }
        assertEquals(total, text.length(), describe() + ": the text holds the markers and nothing else: " + text);
    }

    private static <T> Future<T> onContextOf(SyncClient client, java.util.function.Supplier<Future<T>> block) {
        Promise<T> promise = Promise.promise();
        client.context().runOnContext(v -> block.get().onComplete(promise));
        return promise.future();
    }
}
