package io.cahier.sync;

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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections of one event loop share one outbound batch, so that a broadcast hands each event
 * loop one task, and a connection leaves nothing behind when it closes. (Each socket's callbacks
 * run on a context of their own, a duplicate of the event loop's: keyed by it, every connection
 * got its own batch, kept for ever.)
 */
@ExtendWith(VertxExtension.class)
class OutboundBatchTest {

    @Test
    @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
    void connectionsShareTheBatchOfTheirEventLoop(Vertx vertx, VertxTestContext ctx, @TempDir Path dataDir) {
        int eventLoops = Runtime.getRuntime().availableProcessors(); // the server runs fewer than this
        int clients = 2 * eventLoops + 4;
        RunningServer.start(vertx, dataDir).compose(server -> server.newDocument("Batches").compose(doc -> {
            List<Future<SyncClient>> joining = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                joining.add(server.join("Reader " + i, doc, SyncClientOptions.defaults()));
            }
            return Future.all(joining).map(joined -> {
                ctx.verify(() -> assertTrue(server.outboundBatches() <= eventLoops,
                        clients + " connections have " + server.outboundBatches() + " outbound batches; the server has at most "
                                + eventLoops + " event loops"));
                return null;
            }).eventually(server::close);
        })).onComplete(ctx.succeedingThenComplete());
    }
}
