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
 * while it runs, so the writer finishes it. The log holds no more than about a period of commits.
 */
class CheckpointerTest {

    private static final int PAGE = 4096;
    /** A commit of about one page, then a 1 ms pause: commits keep coming while a copy runs. */
    private static final int BODY_BYTES = 3000;
    private static final long PAUSE_MS = 1;
    private static final int PERIODS = 6;
    /** Shorter than the server's period, so that six of them pass quickly. */
    private static final long PERIOD_MS = 500;

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        await(vertx.close());
    }

    @Test
    void theLogStartsAgainEveryPeriodWhileTheWriterKeepsCommitting(@TempDir Path dataDir) throws Exception {
        Database database = Database.sqlite(vertx, dataDir, PERIOD_MS);
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
            long commits = 0;
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIODS * PERIOD_MS);
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
                    commits++;
                    Thread.sleep(PAUSE_MS);
                }
            }
            long restarts = lastRestart - firstRestart;
            long logPages = largestLog / PAGE;
            assertTrue(restarts >= PERIODS - 2, "the log started again " + restarts + " times in " + PERIODS + " periods");
            // a commit of one row writes at most its leaf and the table's root: two pages
            long pagesPerPeriod = 2 * commits / PERIODS;
            assertTrue(logPages <= 2 * pagesPerPeriod, "the log grew to " + logPages + " pages, more than two periods of "
                    + pagesPerPeriod + " pages of commits");
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
