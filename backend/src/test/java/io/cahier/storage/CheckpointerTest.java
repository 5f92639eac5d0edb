package io.cahier.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log is copied back and started again once a period, not by a commit, even
 * though the writer never stops: the background copy cannot catch up with a writer that commits
 * while it runs, so the writer finishes it. The log stays far below the writer's own threshold.
 */
class CheckpointerTest {

    private static final int PAGE = 4096;
    /** A commit of about one page, then a 1 ms pause: commits keep coming while a copy runs. */
    private static final int BODY_BYTES = 3000;
    private static final long PAUSE_MS = 1;
    private static final int PERIODS = 6;

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        await(vertx.close());
    }

    @Test
    void theLogStartsAgainEveryPeriodWhileTheWriterKeepsCommitting(@TempDir Path dataDir) throws Exception {
        Database database = Database.sqlite(vertx, dataDir);
        Path wal = dataDir.resolve("cahier.db-wal");
        try {
            await(database.migrate());
            await(database.writeNow(conn -> {
                try (java.sql.Statement statement = conn.createStatement()) {
                    statement.execute("CREATE TABLE scratch (id INTEGER PRIMARY KEY, body BLOB NOT NULL)");
                }
            }));
            long firstRestart = -1;
            long lastRestart = -1;
            long largestLog = 0;
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIODS * Checkpointer.PERIOD_MS);
            try (FileChannel log = FileChannel.open(wal, StandardOpenOption.READ)) {
                while (System.nanoTime() < until) {
                    await(database.writeNow(conn -> {
                        try (java.sql.PreparedStatement insert = conn.prepareStatement("INSERT INTO scratch (body) VALUES (?)")) {
                            insert.setBytes(1, new byte[BODY_BYTES]);
                            insert.executeUpdate();
                        }
                    }));
                    long restarts = restartsOf(log);
                    firstRestart = firstRestart < 0 ? restarts : firstRestart;
                    lastRestart = restarts;
                    largestLog = Math.max(largestLog, Files.size(wal));
                    Thread.sleep(PAUSE_MS);
                }
            }
            long restarts = lastRestart - firstRestart;
            long logPages = largestLog / PAGE;
            assertTrue(restarts >= PERIODS - 2, "the log started again " + restarts + " times in " + PERIODS + " periods");
            assertTrue(logPages < Database.WAL_CHECKPOINT_PAGES / 2,
                    "the log grew to " + logPages + " pages, near the writer's own threshold of " + Database.WAL_CHECKPOINT_PAGES);
        } finally {
            await(database.close());
        }
    }

    /** The log header's checkpoint sequence number: SQLite adds one each time the log starts again. */
    private static long restartsOf(FileChannel log) throws java.io.IOException {
        ByteBuffer header = ByteBuffer.allocate(4);
        log.read(header, 12);
        return Integer.toUnsignedLong(header.flip().getInt());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
