package io.cahier.bench;

import io.cahier.protocol.ot.TextOperation;
import io.cahier.storage.Database;
import io.cahier.sync.DocumentState;
import io.cahier.sync.OperationLog;
import io.cahier.sync.Snapshot;
import io.cahier.sync.StoredOperation;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * {@code scripts/bench append}: the embedded store's append alone, as the committer makes it under
 * the load benchmark's 1,000 typists on 100 documents (batches of a few operations of different
 * documents and typists, a snapshot every 200 revisions), without the network: CPU and wall time
 * per operation of the writing thread, medians over chunks. The CPU is the part of the server's
 * that durability costs.
 */
final class AppendBench {

    private static final int CHUNKS = 10;
    /** As the server's default. */
    private static final int SNAPSHOT_EVERY = 200;

    private AppendBench() {
    }

    static void run(int docs, int clientsPerDoc, int batch, int ops) throws Exception {
        Vertx vertx = Vertx.vertx();
        Path dir = Files.createTempDirectory("cahier-append-bench");
        Database database = Database.sqlite(vertx, dir);
        try {
            database.migrate().await();
            database.pool().query("INSERT INTO workspaces (id, name, created_at) VALUES ('bench', 'Append bench', 0)").execute().await();
            String[] docIds = new String[docs];
            List<Tuple> rows = new ArrayList<>();
            for (int d = 0; d < docs; d++) {
                docIds[d] = String.format("bench-doc-%06d", d);
                rows.add(Tuple.of(docIds[d]));
            }
            database.pool().preparedQuery("INSERT INTO documents (id, workspace_id, title, kind, archived, rev, created_at, updated_at) "
                    + "VALUES (?, 'bench', 'Bench', 'note', 0, 0, 0, 0)").executeBatch(rows).await();
            OperationLog log = new OperationLog(database, null);
            Random random = new Random(7);
            long[] rev = new long[docs];
            long[][] seq = new long[docs][clientsPerDoc];
            StringBuilder[] text = new StringBuilder[docs];
            List<java.util.Map<String, DocumentState.LastSubmission>> sinceSnapshot = new ArrayList<>();
            for (int d = 0; d < docs; d++) {
                text[d] = new StringBuilder();
                sinceSnapshot.add(new java.util.HashMap<>());
            }
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            int perChunk = ops / CHUNKS;
            double[] cpuPerOp = new double[CHUNKS];
            double[] wallPerOp = new double[CHUNKS];
            // one warm-up chunk, then the measured ones
            for (int chunk = -1; chunk < CHUNKS; chunk++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                for (int n = 0; n < perChunk; n += batch) {
                    List<StoredOperation> ops1 = new ArrayList<>(batch);
                    List<Snapshot> snapshots = new ArrayList<>();
                    for (int i = 0; i < batch; i++) {
                        int d = random.nextInt(docs);
                        int c = random.nextInt(clientsPerDoc);
                        int at = random.nextInt(text[d].length() + 1);
                        TextOperation op = TextOperation.insertAt(text[d].length(), at, "e");
                        text[d].insert(at, 'e');
                        rev[d]++;
                        String client = "typist-" + d + "-" + c;
                        ops1.add(new StoredOperation(docIds[d], rev[d], op, client, ++seq[d][c], "user-" + c, "Typist " + c,
                                System.currentTimeMillis()));
                        sinceSnapshot.get(d).put(client, new DocumentState.LastSubmission(seq[d][c], rev[d]));
                        if (rev[d] % SNAPSHOT_EVERY == 0) {
                            snapshots.add(new Snapshot(docIds[d], rev[d], text[d].toString(), java.util.Map.copyOf(sinceSnapshot.get(d))));
                            sinceSnapshot.get(d).clear();
                        }
                    }
                    log.append(ops1, snapshots).await(); // on this thread: the embedded store writes where it is called
                }
                if (chunk >= 0) {
                    cpuPerOp[chunk] = (threads.getCurrentThreadCpuTime() - cpu) / 1000.0 / perChunk;
                    wallPerOp[chunk] = (System.nanoTime() - wall) / 1000.0 / perChunk;
                }
            }
            System.out.printf(Locale.ROOT, "{\"bench\":\"append\",\"store\":\"sqlite\",\"docs\":%d,\"clientsPerDoc\":%d,\"batch\":%d,"
                            + "\"ops\":%d,\"cpuUsPerOp\":%.1f,\"wallUsPerOp\":%.1f,\"cpuUsPerOpRange\":[%.1f,%.1f]}%n",
                    docs, clientsPerDoc, batch, perChunk * CHUNKS, median(cpuPerOp), median(wallPerOp), min(cpuPerOp), max(cpuPerOp));
        } finally {
            database.close().await();
            vertx.close().await();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return java.util.Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElse(0);
    }
}
