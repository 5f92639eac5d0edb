package io.cahier.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log is copied back and started again by the background checkpoints, not by a
 * commit: under steady writes that stay below the writer's own checkpoint threshold (which alone
 * would let the log grow to hold all of them), the log file stays near one period of writes.
 */
class CheckpointerTest {

    private static final int PAGE = 4096;
    /** Pages per commit, and a pause between commits: ~2,000 pages a second at most. */
    private static final int PAGES_PER_COMMIT = 16;
    private static final long PAUSE_MS = 8;
    private static final int PERIODS = 6;

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        await(vertx.close());
    }

    @Test
    void theLogStartsAgainWhileTheWriterKeepsCommitting(@TempDir Path dataDir) throws Exception {
        Database database = Database.sqlite(vertx, dataDir);
        Path wal = dataDir.resolve("cahier.db-wal");
        try {
            await(database.migrate());
            await(database.writeBlocking(conn -> {
                try (java.sql.Statement statement = conn.createStatement()) {
                    statement.execute("CREATE TABLE scratch (id INTEGER PRIMARY KEY, body BLOB NOT NULL)");
                }
            }));
            long pagesWritten = 0;
            long largestLog = 0;
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIODS * Checkpointer.PERIOD_MS);
            while (System.nanoTime() < until) {
                await(database.writeBlocking(conn -> {
                    try (java.sql.PreparedStatement insert = conn.prepareStatement("INSERT INTO scratch (body) VALUES (?)")) {
                        insert.setBytes(1, new byte[PAGES_PER_COMMIT * PAGE]);
                        insert.executeUpdate();
                    }
                }));
                pagesWritten += PAGES_PER_COMMIT;
                largestLog = Math.max(largestLog, Files.size(wal));
                Thread.sleep(PAUSE_MS);
            }
            long logPages = largestLog / PAGE;
            assertTrue(pagesWritten < Database.WAL_CHECKPOINT_PAGES, "the test outran the writer's own threshold");
            // at most about two periods: the copy runs once a period, and the log starts again two commits later
            assertTrue(logPages < pagesWritten / 2,
                    "the log grew to " + logPages + " pages for " + pagesWritten + " pages written: it was not started again");
        } finally {
            await(database.close());
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
