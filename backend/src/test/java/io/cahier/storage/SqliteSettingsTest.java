package io.cahier.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
 * writer: a write-ahead log, a synchronous commit (fsync before an acknowledgement), and
 * checkpoints only every {@link Database#WAL_CHECKPOINT_PAGES} pages (any connection that commits
 * past its own threshold runs one, so a reader left at SQLite's default would bring them back).
 */
class SqliteSettingsTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyConnectionLogsAheadCommitsSynchronouslyAndCheckpointsRarely(@TempDir Path dataDir) throws Exception {
        Database database = Database.sqlite(vertx, dataDir);
        try {
            // As many readers at once as the pool holds, so that each of its connections answers.
            List<Future<List<Object>>> readers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                readers.add(database.pool().withConnection(conn -> Future.all(
                                pragma(conn, "journal_mode"), pragma(conn, "synchronous"), pragma(conn, "wal_autocheckpoint"))
                        .map(all -> List.of(all.resultAt(0), all.resultAt(1), all.resultAt(2)))));
            }
            for (Future<List<Object>> reader : readers) {
                List<Object> settings = reader.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertEquals(List.of("wal", "2", String.valueOf(Database.WAL_CHECKPOINT_PAGES)), settings, "a pool connection");
            }
            AtomicReference<List<Object>> writer = new AtomicReference<>();
            database.writeBlocking(conn -> {
                List<Object> settings = new ArrayList<>();
                for (String name : List.of("journal_mode", "synchronous", "wal_autocheckpoint")) {
                    try (java.sql.Statement statement = conn.createStatement();
                            java.sql.ResultSet row = statement.executeQuery("PRAGMA " + name)) {
                        row.next();
                        settings.add(row.getString(1));
                    }
                }
                writer.set(settings);
            }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(List.of("wal", "2", String.valueOf(Database.WAL_CHECKPOINT_PAGES)), writer.get(), "the writer");
        } finally {
            database.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static Future<Object> pragma(io.vertx.sqlclient.SqlConnection conn, String name) {
        return conn.query("PRAGMA " + name).execute().map(rows -> String.valueOf(rows.iterator().next().getValue(0)));
    }
}
