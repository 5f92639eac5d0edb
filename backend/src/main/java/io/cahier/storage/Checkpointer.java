package io.cahier.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Copies the embedded store's write-ahead log back into the database file on a connection of its
 * own, beside the writer, so that commits do not wait for it.
 *
 * <p>SQLite runs a checkpoint inside the commit that takes the log past its threshold: under a
 * steady load that was one commit in a few hundred, every second or two, and it took 15–20 ms
 * (10 ms of it copying pages), so every operation sequenced meanwhile waited that long. Here a
 * passive checkpoint runs every {@link #PERIOD_MS} on its own connection while the writer goes on
 * committing. It cannot copy the frames committed while it ran, and SQLite starts the log again
 * from its beginning only once every frame is copied; so the writer, after its next commit,
 * copies those few frames itself ({@link #afterCommit}), and its following transaction restarts
 * the log. The log stays at about one period of writes. The writer's own automatic checkpoint,
 * at {@link Database#WAL_CHECKPOINT_PAGES}, remains as a backstop.
 *
 * <p>Why every ten seconds and not every second: each checkpoint costs the writer a pause, its
 * finishing syncs (~7 ms on the event loop) and, for the commits beside the background copy,
 * slower syncs of their own. What the latency's 99th percentile counts is how many operations
 * meet such a pause, so ten times fewer pauses, even if each copies more, are what helps: 1,000
 * typists on 100 documents gave p99 3.8–3.95 ms every ten seconds against 5.2–7.8 ms every second
 * in alternating runs. The price is a larger log (~370 MB at that load) that a restart after a
 * crash reads once.
 */
final class Checkpointer {

    private static final Logger LOG = Logger.getLogger(Checkpointer.class.getName());

    /** How often the log is copied back; under load it then holds about this long of commits. */
    static final long PERIOD_MS = 10_000;

    private final Vertx vertx;
    private final DataSource dataSource;
    private final long timer;
    private final AtomicBoolean running = new AtomicBoolean();
    /** Set when a background checkpoint ran: the writer finishes it after its next commit. */
    private final AtomicBoolean finishPending = new AtomicBoolean();
    private Connection connection; // guarded by this
    private boolean closed; // guarded by this

    Checkpointer(Vertx vertx, DataSource dataSource, long periodMs) {
        this.vertx = vertx;
        this.dataSource = dataSource;
        this.timer = vertx.setPeriodic(periodMs, id -> run());
    }

    private void run() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        vertx.executeBlocking(() -> {
            synchronized (this) {
                if (closed) {
                    return null;
                }
                if (connection == null || connection.isClosed()) {
                    connection = dataSource.getConnection();
                }
                try {
                    if (passive(connection)) {
                        finishPending.set(true);
                    }
                } catch (SQLException | RuntimeException e) {
                    connection.close(); // the next period starts from a fresh connection
                    connection = null;
                    throw e;
                }
                return null;
            }
        }, false).onComplete(done -> {
            running.set(false);
            if (done.failed()) {
                LOG.log(Level.WARNING, "background checkpoint of the write-ahead log failed; the next one retries", done.cause());
            }
        });
    }

    /**
     * On the writer, right after a commit: copies what the last background checkpoint could not.
     * The commit stands whatever happens here: a failure is logged, and the next period retries.
     */
    void afterCommit(Connection writer) {
        if (finishPending.getAndSet(false)) {
            try {
                passive(writer);
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.WARNING, "checkpoint of the write-ahead log on the writer failed; the next one retries", e);
            }
        }
    }

    /** A passive checkpoint (it waits for no reader or writer); true if the log held frames. */
    private static boolean passive(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            return result.next() && result.getInt(2) > 0;
        }
    }

    Future<Void> close() {
        vertx.cancelTimer(timer);
        return vertx.executeBlocking(() -> {
            synchronized (this) {
                closed = true;
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
            }
            return null;
        }, false);
    }
}
