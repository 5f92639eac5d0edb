package io.cahier;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node whose PostgreSQL cannot be reached refuses to start, and says which database it tried. */
class StoreStartupTest {

    @Test
    void anUnreachableDatabaseStopsStartUpWithAMessageThatNamesIt(@TempDir Path dataDir) throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort(); // nothing listens there once the probe closes
        }
        Config config = Config.from(Map.of(), new String[] {"--port", "0", "--data-dir", dataDir.toString(),
                "--db-url", "postgresql://ana:s3cret@127.0.0.1:" + closedPort + "/cahier"});
        Vertx vertx = Vertx.vertx();
        try {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> vertx.deployVerticle(new CahierServer(config))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
            String message = failed.getCause().getMessage();
            assertTrue(message.contains("cannot use the PostgreSQL database") && message.contains("127.0.0.1:" + closedPort + "/cahier"),
                    message);
            assertTrue(!message.contains("s3cret"), "no password in " + message);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
