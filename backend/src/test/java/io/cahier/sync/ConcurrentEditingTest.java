package io.cahier.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.client.SyncClient;
import io.cahier.client.SyncClientOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several real clients edit one document at once, each at random places with random pauses; when
 * they stop, every client, the server's text and the replayed operation log agree. The seed is in
 * every failure message; rerun one with {@code -Dcahier.seed=N}.
 */
@ExtendWith(VertxExtension.class)
class ConcurrentEditingTest {

    private static final int MIN_OPS = 30;
    private static final int MAX_OPS = 60;
    private static final int MAX_PAUSE_MS = 20;
    private static final short SLOW_CONSUMER = 4001;

    @ParameterizedTest(name = "{0} clients")
    @ValueSource(ints = {2, 5, 20})
    @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
    void concurrentEditorsConvergeOnTheServersText(int clients, Vertx vertx, VertxTestContext ctx,
                                                   @TempDir Path dataDir) {
        long seed = Long.getLong("cahier.seed", System.nanoTime());
        String context = clients + " clients, seed " + seed;
        Random master = new Random(seed);
        Queue<String> problems = new ConcurrentLinkedQueue<>();

        RunningServer.start(vertx, dataDir).compose(server -> server.newDocument("Concurrent").compose(doc -> {
            List<Future<SyncClient>> joining = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                joining.add(server.join("Typist " + i, doc, SyncClientOptions.defaults()));
            }
            return Future.all(joining).compose(all -> {
                List<SyncClient> editors = all.list();
                List<Future<Integer>> typing = new ArrayList<>();
                for (SyncClient editor : editors) {
                    editor.errorHandler(e -> problems.add(editor.clientId() + " got error " + e));
                    editor.violationHandler(v -> problems.add(editor.clientId() + " saw " + v));
                    editor.connectionHandler(change -> {
                        // 4001 (slow consumer) is the server's right: the client resumes by itself
                        if (!change.connected() && !Short.valueOf(SLOW_CONSUMER).equals(change.closeCode())) {
                            problems.add(editor.clientId() + " lost its socket: " + change);
                        }
                    });
                    Random random = new Random(master.nextLong());
                    typing.add(RandomEdits.type(vertx, editor, doc, random, MIN_OPS + random.nextInt(MAX_OPS - MIN_OPS + 1), MAX_PAUSE_MS));
                }
                return Future.all(typing)
                        .compose(v -> Convergence.check(server.rest(), doc, editors, context))
                        .map(outcome -> {
                            ctx.verify(() -> {
                                assertTrue(problems.isEmpty(), context + ": " + problems);
                                Convergence.assertEverySubmissionLoggedOnce(outcome, editors, context);
                            });
                            return null;
                        });
            }).eventually(server::close);
        })).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.completeNow();
            } else {
                ctx.failNow(new AssertionError(context + ": " + ar.cause() + "\nproblems seen: " + problems, ar.cause()));
            }
        });
    }

}
