package io.cahier.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's writer commits on the calling event loop, but never waits there for the
 * write lock: a REST write through the pool holds that lock across steps that run on an event
 * loop, perhaps the same one, and waiting for it there froze the loop until the busy timeout
 * (10 s) and then failed the commit.
 */
class WriterTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        await(vertx.close());
    }

    @Test
    void aCommitWhileAPoolTransactionHoldsTheLockGoesOnWithoutBlockingTheEventLoop(@TempDir Path dataDir) throws Exception {
        Database database = Database.sqlite(vertx, dataDir);
        try {
            await(database.migrate());
            await(database.writeNow(conn -> {
                try (java.sql.Statement statement = conn.createStatement()) {
                    statement.execute("CREATE TABLE scratch (id INTEGER PRIMARY KEY, who TEXT NOT NULL)");
                }
            }));
            Context loop = vertx.getOrCreateContext();
            AtomicLong blockedNanos = new AtomicLong();
            AtomicBoolean returnedPending = new AtomicBoolean();
            Promise<Void> committed = Promise.promise();
            Promise<Void> restDone = Promise.promise();
            loop.runOnContext(v -> database.inTransaction(conn -> conn.query("INSERT INTO scratch (who) VALUES ('rest')").execute()
                    .compose(inserted -> {
                        // on the event loop, with the pool's transaction holding the write lock
                        long start = System.nanoTime();
                        Future<Void> commit = database.writeNow(writer -> {
                            try (java.sql.PreparedStatement insert = writer.prepareStatement("INSERT INTO scratch (who) VALUES (?)")) {
                                insert.setString(1, "committer");
                                insert.addBatch();
                                insert.executeBatch();
                            }
                        });
                        blockedNanos.set(System.nanoTime() - start);
                        returnedPending.set(!commit.isComplete());
                        commit.onComplete(committed);
                        return conn.query("INSERT INTO scratch (who) VALUES ('rest, second step')").execute();
                    })).<Void>mapEmpty().onComplete(restDone));
            await(restDone.future());
            await(committed.future());
            assertTrue(blockedNanos.get() < TimeUnit.SECONDS.toNanos(1),
                    "the commit held the event loop " + blockedNanos.get() / 1_000_000 + " ms");
            assertTrue(returnedPending.get(), "the commit should have gone to a worker thread");
            long rows = await(database.pool().query("SELECT COUNT(*) AS n FROM scratch").execute()).iterator().next().getLong("n");
            assertEquals(3, rows, "both transactions committed");
            // and with the lock free, the next commit is over when the call returns
            Future<Void> next = database.writeNow(writer -> {
                try (java.sql.Statement statement = writer.createStatement()) {
                    statement.execute("INSERT INTO scratch (who) VALUES ('committer again')");
                }
            });
            assertTrue(next.isComplete() && next.succeeded(), String.valueOf(next.cause()));
            assertFalse(database.isClosed());
        } finally {
            await(database.close());
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
