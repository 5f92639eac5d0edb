package io.cahier.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's settings hold on every connection, the pool's readers as well as the
 * writer: a write-ahead log, a synchronous commit (fsync before an acknowledgement), and an
 * automatic checkpoint only past {@link Database#WAL_CHECKPOINT_PAGES} pages, a backstop behind the
 * {@link Checkpointer} (any connection that commits past its own threshold runs one inside that
 * commit, so a reader left at SQLite's default would bring those slow commits back).
 */
class SqliteSettingsTest {

    private static final List<String> PRAGMAS = List.of("journal_mode", "synchronous", "wal_autocheckpoint");
    private static final List<String> EXPECTED = List.of("wal", "2", String.valueOf(Database.WAL_CHECKPOINT_PAGES));

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        await(vertx.close());
    }

    @Test
    void everyConnectionLogsAheadCommitsSynchronouslyAndCheckpointsRarely(@TempDir Path dataDir) throws Exception {
        Database database = Database.sqlite(vertx, dataDir);
        try {
            await(database.migrate()); // as at start-up: the file is in WAL mode before connections open side by side
            // Every connection of the pool at once, each held until all are open.
            List<Future<SqlConnection>> opening = new ArrayList<>();
            for (int i = 0; i < Database.SQLITE_READERS; i++) {
                opening.add(database.pool().getConnection());
            }
            await(Future.all(opening));
            for (Future<SqlConnection> connection : opening) {
                List<String> settings = new ArrayList<>();
                for (String name : PRAGMAS) {
                    settings.add(await(connection.result().query("PRAGMA " + name).execute()
                            .map(rows -> String.valueOf(rows.iterator().next().getValue(0)))));
                }
                assertEquals(EXPECTED, settings, "a pool connection");
            }
            for (Future<SqlConnection> connection : opening) {
                await(connection.result().close());
            }
            AtomicReference<List<String>> writer = new AtomicReference<>();
            await(database.writeNow(conn -> {
                List<String> settings = new ArrayList<>();
                for (String name : PRAGMAS) {
                    try (java.sql.Statement statement = conn.createStatement();
                            java.sql.ResultSet row = statement.executeQuery("PRAGMA " + name)) {
                        row.next();
                        settings.add(row.getString(1));
                    }
                }
                writer.set(settings);
            }));
            assertEquals(EXPECTED, writer.get(), "the writer");
        } finally {
            await(database.close());
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
