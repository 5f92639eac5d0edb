package io.cahier.bench;

import io.cahier.client.Credential;
import io.cahier.client.RestClient;
import io.cahier.client.SyncClient;
import io.cahier.client.SyncClientOptions;
import io.cahier.sync.WaitHistogram;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code scripts/bench load}: N simulated typists spread evenly over D documents, each on its own
 * {@link SyncClient} (or, with {@code --server sharedb}, its own {@link ShareDbClient} of the ShareDB
 * reference server, so that both servers can be measured under the same traffic on the same
 * machine) and typing R edits per second for S seconds. Measures the acknowledgement
 * latency (edit → ack), the delivery latency (edit → arrival at each other client of the document,
 * matched by client and seq), throughput, errors, and the server's RSS and CPU when it started the
 * server itself; then stops typing, waits for every client to be synchronized and checks that all
 * clients of a document and the server's {@code /text} agree. Prints one JSON line.
 */
final class LoadBench {

    /**
     * {@code token}: with {@code url}, an API token of a facilitator account of that server;
     * {@code server}: {@link #CAHIER} or {@link #SHAREDB}.
     */
    record Settings(int clients, int docs, double rate, int durationSeconds, int warmupSeconds, String url, String token,
            long seed, String dbUrl, int nodes, String server) {

        boolean shareDb() {
            return SHAREDB.equals(server);
        }
    }

    static final String CAHIER = "cahier";
    /** ShareDB 7 in memory: the reference the targets were set against. */
    static final String SHAREDB = "sharedb";

    private static final long PROGRESS_MS = 5_000;
    private static final int CONNECT_BATCH = 100;
    private static final int SETUP_TIMEOUT_S = 120;
    private static final int DRAIN_TIMEOUT_S = 120;
    private static final int TEXT_TIMEOUT_S = 15;

    private final Settings settings;
    /** The nodes this benchmark started (empty with --url); typists are dealt to them in turn. */
    private final List<ServerProcess> servers;
    private final ServerProcess server;
    private final String host;
    private final List<Integer> ports;
    /**
     * The clients' event loops: one per core, not Vert.x's default of two per core. The generator
     * shares the cores with the server it measures, and its extra threads only add switches: on two
     * cores, 1,000 typists on 100 documents gave p99 27.5 and 24.2 ms with two loops against 31.4
     * and 29.0 ms with four, in alternating runs. On the server's transport (see
     * {@link io.cahier.Main#vertxOptions}): the clients' share of the CPU counts as much as its.
     */
    private final Vertx vertx = Vertx.vertx(io.cahier.Main.vertxOptions(Runtime.getRuntime().availableProcessors()));
    private final RestClient rest;
    /** Who the benchmark acts as: a facilitator; every typist connects with it (null, as {@link #rest}, for ShareDB). */
    private final Credential credential;
    private final List<Typist> typists = new ArrayList<>();
    private final Map<String, Integer> indexOfClient = new HashMap<>();
    /**
     * When each submission's first edit was made, by client index then seq: remote arrivals are
     * measured from it. Primitive arrays, not a map of boxed numbers: the benchmark's own garbage
     * collections pause the clients and would count as delivery latency.
     */
    private final List<EditTimes> editedAt = new ArrayList<>();
    private final List<LatencyRecorder> ackLatency = new ArrayList<>();
    private final List<LatencyRecorder> remoteLatency = new ArrayList<>();
    private final LongAdder acked = new LongAdder();
    private volatile boolean measuring;
    private final LongAdder errors = new LongAdder();
    private final LongAdder unmatched = new LongAdder();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger disconnects = new AtomicInteger();
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();

    private LoadBench(Settings settings, List<ServerProcess> servers, String host, List<Integer> ports) throws Exception {
        this.settings = settings;
        this.servers = servers;
        this.server = servers.isEmpty() ? null : servers.get(0);
        this.host = host;
        this.ports = ports;
        if (settings.shareDb()) {
            this.credential = null;
            this.rest = null;
        } else {
            this.credential = server != null ? server.facilitator(vertx) : Credential.bearer(settings.token());
            this.rest = new RestClient(vertx, host, ports.get(0), credential);
        }
    }

    private long cpuNanos() throws java.io.IOException {
        long sum = 0;
        for (ServerProcess node : servers) {
            sum += node.cpuNanos();
        }
        return sum;
    }

    private long rssBytes() throws java.io.IOException {
        long sum = 0;
        for (ServerProcess node : servers) {
            sum += node.rssBytes();
        }
        return sum;
    }

    private long peakRssBytes() throws java.io.IOException {
        long sum = 0;
        for (ServerProcess node : servers) {
            sum += node.peakRssBytes();
        }
        return sum;
    }

    /** Runs the benchmark; true when every document converged. */
    static boolean run(Settings settings) throws Exception {
        if (settings.url() != null) {
            URI uri = URI.create(settings.url());
            String host = uri.getHost();
            if (host == null || !InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalArgumentException("--url must name this machine (loopback), not " + settings.url());
            }
            if (settings.token() == null) {
                throw new IllegalArgumentException("--url needs --token: an API token of a facilitator account of that server "
                        + "(scripts/cahier admin create-token --email E)");
            }
            return new LoadBench(settings, List.of(), host, List.of(uri.getPort() > 0 ? uri.getPort() : 80)).measure();
        }
        if (settings.shareDb()) {
            try (ServerProcess shareDb = ServerProcess.startShareDb(settings.docs())) {
                return new LoadBench(settings, List.of(shareDb), "127.0.0.1", List.of(shareDb.port())).measure();
            }
        }
        BenchDatabase database = settings.dbUrl() == null ? null : BenchDatabase.create(settings.dbUrl());
        List<String> flags = database == null ? List.of() : List.of("--db-url", database.url());
        List<ServerProcess> servers = new ArrayList<>();
        try {
            for (int n = 0; n < settings.nodes(); n++) {
                servers.add(ServerProcess.start(flags));
            }
            return new LoadBench(settings, servers, "127.0.0.1", servers.stream().map(ServerProcess::port).toList()).measure();
        } finally {
            servers.forEach(ServerProcess::close);
            if (database != null) {
                database.drop();
            }
        }
    }

    private boolean measure() throws Exception {
        try {
            List<String> docs = createDocuments();
            connectTypists(docs);
            typists.forEach(Typist::start);
            if (settings.warmupSeconds() > 0) {
                // the server's JIT compiles the hot paths during the first seconds: type, but do not measure
                System.err.printf(Locale.ROOT, "load: warming up for %d s%n", settings.warmupSeconds());
                Thread.sleep(settings.warmupSeconds() * 1000L);
            }
            long[] waitsBefore = commitWaits();
            measuring = true;
            long cpuBefore = server != null ? cpuNanos() : 0;
            long started = System.nanoTime();
            progressUntil(started);
            typists.forEach(Typist::stop);
            long elapsed = System.nanoTime() - started;
            long ackedInRun = acked.sum();
            long cpu = server != null ? cpuNanos() - cpuBefore : 0;
            long rss = server != null ? rssBytes() : 0;
            long peakRss = server != null ? peakRssBytes() : 0;
            long[] waits = waitsBefore == null ? null : WaitHistogram.minus(commitWaits(), waitsBefore);
            // Latencies count until every client has caught up: a server that fell behind (ShareDB
            // at 400 typists on one document) delivers its backlog late, and that is its latency.
            boolean converged = converge(docs);
            measuring = false;
            awaitQuietly(everyClientIdle(), "every client's last delivery recorded");
            long submitted = typists.stream().mapToLong(Typist::edits).sum();
            System.out.println(String.format(Locale.ROOT,
                    "{\"bench\":\"load\",\"server\":\"%s\",\"store\":\"%s\",\"nodes\":%d,\"clients\":%d,\"docs\":%d,\"rate\":%s,\"duration\":%d,\"warmup\":%d,\"submitted\":%d,"
                            + "\"acked\":%d,\"opsPerSec\":%.1f,\"ackMs\":%s,\"remoteMs\":%s,\"serverCommitWaitMs\":%s,\"errors\":%d,"
                            + "\"unmatched\":%d,\"disconnects\":%d,\"serverRssMb\":%s,\"serverPeakRssMb\":%s,"
                            + "\"serverCpuPct\":%s,\"converged\":%b,\"seed\":%d}",
                    settings.shareDb() ? SHAREDB : CAHIER,
                    settings.shareDb() ? "memory" : settings.dbUrl() == null ? "sqlite" : "postgresql", Math.max(1, servers.size()),
                    settings.clients(), settings.docs(), number(settings.rate()), settings.durationSeconds(), settings.warmupSeconds(), submitted,
                    acked.sum(), ackedInRun / (elapsed / 1e9),
                    LatencyRecorder.summaryJson(ackLatency), LatencyRecorder.summaryJson(remoteLatency), waitSummary(waits),
                    errors.sum(), unmatched.sum(), disconnects.get(),
                    server != null ? String.valueOf(rss / (1024 * 1024)) : "null",
                    server != null ? String.valueOf(peakRss / (1024 * 1024)) : "null",
                    server != null ? String.format(Locale.ROOT, "%.1f", 100.0 * cpu / elapsed) : "null",
                    converged, settings.seed()));
            problems.stream().limit(10).forEach(p -> System.err.println("load: " + p));
            return converged;
        } finally {
            shutDown();
        }
    }

    /** Every node's counts of how long operations waited for their commit, added up (null: ShareDB commits nothing). */
    private long[] commitWaits() throws Exception {
        if (settings.shareDb()) {
            return null;
        }
        long[] sum = null;
        for (int port : ports) {
            RestClient node = new RestClient(vertx, host, port);
            try {
                long[] counts = WaitHistogram.fromJson(
                        await(node.health(), SETUP_TIMEOUT_S).getJsonObject("commits").getJsonObject("waitMs"));
                sum = sum == null ? counts : WaitHistogram.plus(sum, counts);
            } finally {
                await(node.close(), SETUP_TIMEOUT_S);
            }
        }
        return sum;
    }

    /** The server's own share of the latency: from sequencing to the end of the commit (bucket bounds, ~9% wide). */
    private static String waitSummary(long[] counts) {
        if (counts == null) {
            return "null";
        }
        return String.format(Locale.ROOT, "{\"n\":%d,\"p50\":%s,\"p95\":%s,\"p99\":%s,\"max\":%s}",
                WaitHistogram.total(counts), WaitHistogram.quantileMs(counts, 0.50),
                WaitHistogram.quantileMs(counts, 0.95), WaitHistogram.quantileMs(counts, 0.99),
                WaitHistogram.quantileMs(counts, 1.0));
    }

    private List<String> createDocuments() throws Exception {
        if (settings.shareDb()) { // the reference server created them, empty
            return java.util.stream.IntStream.range(0, settings.docs()).mapToObj(d -> "d" + d).toList();
        }
        String workspace = await(rest.createWorkspace("Load bench"), SETUP_TIMEOUT_S);
        List<Future<String>> creating = new ArrayList<>();
        for (int d = 0; d < settings.docs(); d++) {
            creating.add(rest.createDocument(workspace, "Load " + d, "note"));
        }
        await(Future.all(creating), SETUP_TIMEOUT_S);
        return creating.stream().map(Future::result).toList();
    }

    private void connectTypists(List<String> docs) throws Exception {
        WebSocketClient sockets = vertx.createWebSocketClient(SyncClient.socketOptions()
                .setMaxConnections(2 * settings.clients() + 16));
        Random seeds = new Random(settings.seed());
        for (int i = 0; i < settings.clients(); i++) {
            LoadClient client = settings.shareDb() ? new ShareDbClient(vertx, sockets)
                    : LoadClient.cahier(SyncClient.onNewEventLoop(vertx, sockets, SyncClientOptions.defaults()), credential);
            LatencyRecorder acks = new LatencyRecorder();
            LatencyRecorder remote = new LatencyRecorder();
            ackLatency.add(acks);
            remoteLatency.add(remote);
            editedAt.add(new EditTimes());
            observe(client, i, acks, remote);
            typists.add(new Typist(vertx, client, docs.get(i % docs.size()), settings.rate(), new Random(seeds.nextLong())));
        }
        for (int from = 0; from < typists.size(); from += CONNECT_BATCH) {
            List<Future<Void>> batch = new ArrayList<>();
            for (int index = from; index < Math.min(typists.size(), from + CONNECT_BATCH); index++) {
                Typist typist = typists.get(index);
                // Typist i types in document i % D; its node moves on by one for each pass over
                // the documents, so that every document has typists on every node (node i % N put
                // all of a document's typists on one node whenever N divides D).
                int node = (index + index / docs.size()) % ports.size();
                batch.add(typist.client().open(host, ports.get(node), typist.doc()));
            }
            await(Future.all(batch), SETUP_TIMEOUT_S);
        }
        // A ShareDB client learns its id from the server; nobody types yet, so no operation is missed.
        for (int i = 0; i < typists.size(); i++) {
            indexOfClient.put(typists.get(i).client().clientId(), i);
        }
        System.err.printf(Locale.ROOT, "load: %d clients joined %d documents%n", typists.size(), docs.size());
    }

    private void observe(LoadClient client, int index, LatencyRecorder acks, LatencyRecorder remote) {
        EditTimes edits = editedAt.get(index);
        client.sentHandler(sent -> {
            if (!sent.resend()) {
                edits.put(sent.seq(), sent.firstEditNanos());
            }
        });
        client.ackHandler(ack -> {
            if (measuring) {
                acked.increment();
                acks.record(ack.arrivalNanos() - ack.firstEditNanos());
            }
        });
        client.remoteOpHandler(op -> {
            Integer sender = op.client() != null ? indexOfClient.get(op.client()) : null;
            long edited = sender != null && op.seq() != null ? editedAt.get(sender).get(op.seq()) : 0;
            if (edited != 0) {
                if (measuring) {
                    remote.record(op.arrivalNanos() - edited);
                }
            } else {
                unmatched.increment();
            }
        });
        client.problemHandler(problem -> {
            errors.increment();
            problems.add("client " + index + ": " + problem);
        });
        client.connectionHandler(change -> {
            if (change.connected()) {
                connected.incrementAndGet();
            } else {
                connected.decrementAndGet();
                disconnects.incrementAndGet();
                problems.add("client " + index + " lost its socket: " + change.closeCode() + " " + change.closeReason());
            }
        });
    }

    /**
     * One client's edit times by seq (seqs count up from 1). Written on the client's event loop,
     * read on the event loops of the other clients of its document: writes publish the array
     * through a volatile field, and a reader that finds no time yet (0) counts the op unmatched.
     */
    static final class EditTimes {
        private volatile long[] times = new long[64];

        void put(long seq, long nanos) {
            long[] current = times;
            if (seq >= current.length) {
                current = java.util.Arrays.copyOf(current, (int) Math.max(seq + 1, 2L * current.length));
            }
            current[(int) seq] = nanos;
            times = current;
        }

        long get(long seq) {
            long[] current = times;
            return seq >= 0 && seq < current.length ? current[(int) seq] : 0;
        }
    }

    private void progressUntil(long started) throws Exception {
        long end = started + settings.durationSeconds() * 1_000_000_000L;
        long lastAcked = 0;
        long lastAt = started;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return;
            }
            Thread.sleep(Math.min(PROGRESS_MS, (end - now) / 1_000_000 + 1));
            now = System.nanoTime();
            long ackedNow = acked.sum();
            System.err.printf(Locale.ROOT, "load: %4.0f s  %d acked (%.0f/s)  %d errors  %d/%d connected%s%n",
                    (now - started) / 1e9, ackedNow, (ackedNow - lastAcked) / ((now - lastAt) / 1e9), errors.sum(),
                    connected.get(), typists.size(),
                    server != null ? "  server RSS " + rssBytes() / (1024 * 1024) + " MB" : "");
            lastAcked = ackedNow;
            lastAt = now;
        }
    }

    /** Completes once every client's context has run what it had queued: no sample is being recorded. */
    private Future<Void> everyClientIdle() {
        List<Future<Void>> idle = new ArrayList<>();
        for (Typist typist : typists) {
            io.vertx.core.Promise<Void> ran = io.vertx.core.Promise.promise();
            typist.client().context().runOnContext(v -> ran.complete());
            idle.add(ran.future());
        }
        return Future.all(idle).mapEmpty();
    }

    /** Waits until every client is synchronized at the server's last revision, then compares texts. */
    private boolean converge(List<String> docs) throws Exception {
        List<Future<Void>> idle = new ArrayList<>();
        typists.forEach(t -> idle.add(t.client().whenSynchronized(t.doc(), 0)));
        if (!awaitQuietly(Future.all(idle), "every client synchronized")) {
            return false;
        }
        Map<String, RestClient.DocumentText> texts = settings.shareDb() ? shareDbTexts(docs) : serverTexts(docs);
        List<Future<Void>> caughtUp = new ArrayList<>();
        typists.forEach(t -> caughtUp.add(t.client().whenSynchronized(t.doc(), texts.get(t.doc()).rev())));
        if (!awaitQuietly(Future.all(caughtUp), "every client at the server's revision")) {
            return false;
        }
        boolean converged = true;
        for (Typist typist : typists) {
            RestClient.DocumentText server = texts.get(typist.doc());
            LoadClient client = typist.client();
            if (client.revision(typist.doc()) != server.rev() || !client.text(typist.doc()).equals(server.text())) {
                converged = false;
                problems.add("client " + indexOfClient.get(client.clientId()) + " differs from the server on "
                        + typist.doc() + " (rev " + client.revision(typist.doc()) + " vs " + server.rev() + ")");
            }
        }
        return converged;
    }

    private Map<String, RestClient.DocumentText> serverTexts(List<String> docs) throws Exception {
        Map<String, RestClient.DocumentText> texts = new HashMap<>();
        RestClient reader = new RestClient(vertx, host, ports.get(0), credential);
        try {
            for (String doc : docs) {
                texts.put(doc, serverText(reader, doc));
            }
        } finally {
            await(reader.close(), SETUP_TIMEOUT_S);
        }
        return texts;
    }

    private Map<String, RestClient.DocumentText> shareDbTexts(List<String> docs) throws Exception {
        Map<String, RestClient.DocumentText> texts = new HashMap<>();
        ShareDbClient reader = new ShareDbClient(vertx, vertx.createWebSocketClient());
        try {
            await(reader.connect(host, ports.get(0)), SETUP_TIMEOUT_S);
            for (String doc : docs) {
                texts.put(doc, await(reader.fetch(doc), DRAIN_TIMEOUT_S));
            }
        } finally {
            await(reader.close(), SETUP_TIMEOUT_S);
        }
        return texts;
    }

    /**
     * The server's text of {@code doc}, read on a client of its own: the set-up client's pooled
     * connections have then been idle for about the warm-up and the run, near the HTTP client's
     * 60 s keep-alive. In about one two-node run in five a read on them was never answered, its own
     * timeouts not firing, while a new client got the text at once: a request handed a connection
     * the pool was expiring (eclipse-vertx/vert.x#4761 is that race in Vert.x 4) is the suspect.
     * Should a read still go unanswered, it is asked again on a new client, and the output says so.
     */
    private RestClient.DocumentText serverText(RestClient reader, String doc) throws Exception {
        try {
            return await(reader.text(doc), TEXT_TIMEOUT_S);
        } catch (TimeoutException e) {
            System.err.printf(Locale.ROOT, "load: no answer to GET text of %s in %d s; asking again on a new connection%n", doc,
                    TEXT_TIMEOUT_S);
            RestClient again = new RestClient(vertx, host, ports.get(0), credential);
            try {
                return await(again.text(doc), DRAIN_TIMEOUT_S);
            } finally {
                await(again.close(), SETUP_TIMEOUT_S);
            }
        }
    }

    private boolean awaitQuietly(Future<?> future, String what) throws InterruptedException {
        try {
            await(future, DRAIN_TIMEOUT_S);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            problems.add("not " + what + " after typing stopped: " + e);
            return false;
        }
    }

    private void shutDown() {
        List<Future<Void>> closing = new ArrayList<>();
        typists.forEach(t -> closing.add(t.client().close()));
        if (rest != null) {
            closing.add(rest.close());
        }
        try {
            await(Future.join(closing), 30);
            await(vertx.close(), 30);
        } catch (Exception e) {
            System.err.println("load: shutting the clients down: " + e);
        }
    }

    static <T> T await(Future<T> future, int seconds) throws InterruptedException, ExecutionException, TimeoutException {
        return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
