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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code scripts/bench append}: the embedded store's append alone, as the committer makes it under
 * the load benchmark's 1,000 typists on 100 documents (batches of a few operations of different
 * documents and typists, a snapshot every 200 revisions), without the network: after a warm-up as
 * long as the load benchmark's, CPU and wall time per operation of the writing thread, medians
 * over chunks. The CPU is the part of the server's that durability costs.
 */
final class AppendBench {

    private static final int CHUNKS = 10;
    /** As the server's default. */
    private static final int SNAPSHOT_EVERY = 200;
    /**
     * Past the first background checkpoint, after which the log is rewritten in place: while it
     * still grows, every sync also writes the file's new blocks and size (~20 µs more per operation).
     */
    private static final int WARM_UP_SECONDS = 15;

    private final OperationLog log;
    private final int clientsPerDoc;
    private final int batch;
    private final String[] docIds;
    private final long[] rev;
    private final long[][] seq;
    private final StringBuilder[] text;
    private final List<Map<String, DocumentState.LastSubmission>> sinceSnapshot = new ArrayList<>();
    private final Random random = new Random(7);

    private AppendBench(OperationLog log, String[] docIds, int clientsPerDoc, int batch) {
        this.log = log;
        this.docIds = docIds;
        this.clientsPerDoc = clientsPerDoc;
        this.batch = batch;
        rev = new long[docIds.length];
        seq = new long[docIds.length][clientsPerDoc];
        text = new StringBuilder[docIds.length];
        for (int d = 0; d < docIds.length; d++) {
            text[d] = new StringBuilder();
            sinceSnapshot.add(new HashMap<>());
        }
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
            AppendBench bench = new AppendBench(new OperationLog(database, null), docIds, clientsPerDoc, batch);
            int perChunk = Math.max(batch, ops / CHUNKS);
            long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
            while (System.nanoTime() < warmUpEnd) {
                bench.append(perChunk);
            }
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            double[] cpuPerOp = new double[CHUNKS];
            double[] wallPerOp = new double[CHUNKS];
            for (int chunk = 0; chunk < CHUNKS; chunk++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                int appended = bench.append(perChunk);
                cpuPerOp[chunk] = (threads.getCurrentThreadCpuTime() - cpu) / 1000.0 / appended;
                wallPerOp[chunk] = (System.nanoTime() - wall) / 1000.0 / appended;
            }
            System.out.printf(Locale.ROOT, "{\"bench\":\"append\",\"store\":\"sqlite\",\"docs\":%d,\"clientsPerDoc\":%d,\"batch\":%d,"
                            + "\"ops\":%d,\"cpuUsPerOp\":%.1f,\"wallUsPerOp\":%.1f,\"cpuUsPerOpByChunk\":%s}%n",
                    docs, clientsPerDoc, batch, perChunk * CHUNKS, median(cpuPerOp), median(wallPerOp), json(cpuPerOp));
        } finally {
            database.close().await();
            vertx.close().await();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Appends at least {@code ops} operations in batches; answers how many. */
    private int append(int ops) throws Exception {
        int appended = 0;
        while (appended < ops) {
            List<StoredOperation> batchOps = new ArrayList<>(batch);
            List<Snapshot> snapshots = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                int d = random.nextInt(docIds.length);
                int c = random.nextInt(clientsPerDoc);
                int at = random.nextInt(text[d].length() + 1);
                TextOperation op = TextOperation.insertAt(text[d].length(), at, "e");
                text[d].insert(at, 'e');
                rev[d]++;
                String client = "typist-" + d + "-" + c;
                batchOps.add(new StoredOperation(docIds[d], rev[d], op, client, ++seq[d][c], "user-" + c, "Typist " + c,
                        System.currentTimeMillis()));
                sinceSnapshot.get(d).put(client, new DocumentState.LastSubmission(seq[d][c], rev[d]));
                if (rev[d] % SNAPSHOT_EVERY == 0) {
                    snapshots.add(new Snapshot(docIds[d], rev[d], text[d].toString(), Map.copyOf(sinceSnapshot.get(d))));
                    sinceSnapshot.get(d).clear();
                }
            }
            log.append(batchOps, snapshots).await(); // on this thread: the embedded store writes where it is called
            appended += batch;
        }
        return appended;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String json(double[] values) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            json.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.1f", values[i]));
        }
        return json.append(']').toString();
    }
}
