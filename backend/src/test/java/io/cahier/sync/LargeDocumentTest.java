package io.cahier.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.client.SyncClient;
import io.cahier.client.SyncClientOptions;
import io.cahier.protocol.ot.TextOperation;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A document larger than Vert.x's default WebSocket frame limit (64 KiB): a client that joins it
 * receives its whole text in one frame, and an insertion that large reaches the others in one
 * frame too. With the default limit the client's own stack closed the socket (seen as 1006) on
 * every attempt, and the client never became live.
 */
@ExtendWith(VertxExtension.class)
class LargeDocumentTest {

    private static final int CHARS = 200_000;

    @Test
    @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
    void clientsJoinAndFollowADocumentLargerThanAWebSocketFrameByDefault(Vertx vertx, VertxTestContext ctx,
                                                                          @TempDir Path dataDir) {
        String big = "Les gens du territoire. ".repeat(CHARS / 24);
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        RunningServer.start(vertx, dataDir).compose(server -> server.newDocument("Large").compose(doc -> server
                .join("Reader", doc, SyncClientOptions.defaults())
                .compose(reader -> {
                    watch(reader, problems);
                    return server.join("Writer", doc, SyncClientOptions.defaults()).compose(writer -> {
                        watch(writer, problems);
                        return writer.submit(doc, TextOperation.insertAt(writer.text(doc).length(), 0, big))
                                .compose(v -> writer.whenSynchronized(doc))
                                .compose(v -> reader.whenSynchronized(doc, writer.revision(doc)))
                                .compose(v -> server.join("Latecomer", doc, SyncClientOptions.defaults()))
                                .map(latecomer -> {
                                    watch(latecomer, problems);
                                    ctx.verify(() -> {
                                        assertTrue(writer.text(doc).length() > 64 * 1024);
                                        assertEquals(writer.text(doc), reader.text(doc), "the reader got the insertion");
                                        assertEquals(writer.text(doc), latecomer.text(doc), "the latecomer got the text on joining");
                                        assertTrue(problems.isEmpty(), problems.toString());
                                    });
                                    return null;
                                });
                    });
                }).eventually(server::close)))
                .onComplete(ctx.succeedingThenComplete());
    }

    private static void watch(SyncClient client, Queue<String> problems) {
        client.connectionHandler(change -> {
            if (!change.connected()) {
                problems.add(client.clientId() + " lost its socket: " + change);
            }
        });
    }
}
