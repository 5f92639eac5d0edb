package io.cahier.bench;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Cahier server started by a benchmark as a child JVM (fixed 1 GiB pre-touched heap, a fresh data
 * directory, a free loopback port), so that its memory and CPU can be read from {@code /proc} and
 * its heap through {@code jcmd}; or the ShareDB reference server, as a Node.js process.
 * {@link #stop()} kills it and deletes the directory.
 */
final class ServerProcess implements AutoCloseable {

    /** G1, Parallel, ZGC print one "heap total ..K, used ..K" line; Serial one per generation. */
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");
    private static final Pattern GENERATION_USED = Pattern.compile("gen(?:eration)?\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K", Pattern.CASE_INSENSITIVE);
    private static final long STARTUP_TIMEOUT_MS = 60_000;

    /** The reference server of {@code scripts/bench load --server sharedb}, from the project root. */
    static final Path SHAREDB_SERVER = Path.of("scripts", "sharedb", "server.js");

    private final Process process;
    private final int port;
    private final Path dataDir;
    private final Path log;
    private final long clockTicksPerSecond;
    /** Whether the server answers yet. */
    private final Readiness readiness;

    private interface Readiness {
        boolean ready(ServerProcess server) throws IOException;
    }

    private ServerProcess(Process process, int port, Path dataDir, Path log, Readiness readiness) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
        this.log = log;
        this.readiness = readiness;
        this.clockTicksPerSecond = clockTicks();
    }

    /** Starts {@code io.cahier.Main} from this jar and waits until {@code GET /health} answers 200. */
    static ServerProcess start(List<String> flags) throws IOException, InterruptedException {
        int port = freePort();
        Path dataDir = Files.createTempDirectory("cahier-bench-");
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        // the server runs with the JVM options this benchmark was started with (scripts/bench passes
        // the same ones as scripts/run)
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.cahier.Main", "--port", String.valueOf(port),
                "--data-dir", dataDir.toString()));
        command.addAll(flags);
        return start(command, port, dataDir, log, ServerProcess::healthy);
    }

    /**
     * Starts ShareDB in memory ({@link #SHAREDB_SERVER}, its packages installed by {@code
     * scripts/bench}) with documents {@code d0} to {@code d(docs-1)}, empty, and waits until it
     * listens.
     */
    static ServerProcess startShareDb(int docs) throws IOException, InterruptedException {
        if (!Files.exists(SHAREDB_SERVER.resolveSibling("node_modules"))) {
            throw new IOException("ShareDB is not installed: run the benchmark through scripts/bench, which installs it in "
                    + SHAREDB_SERVER.getParent());
        }
        int port = freePort();
        Path dataDir = Files.createTempDirectory("cahier-bench-sharedb-");
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        List<String> command = List.of("node", SHAREDB_SERVER.toString(), "--port", String.valueOf(port), "--docs",
                String.valueOf(docs));
        return start(command, port, dataDir, log, server -> Files.readString(server.log).contains("ready " + port));
    }

    private static ServerProcess start(List<String> command, int port, Path dataDir, Path log, Readiness readiness)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ServerProcess server = new ServerProcess(process, port, dataDir, log, readiness);
        try {
            server.awaitReady();
        } catch (IOException | RuntimeException e) {
            server.stop();
            throw e;
        }
        return server;
    }

    int port() {
        return port;
    }

    /**
     * The first facilitator's browser session: the set-up link the server printed at its first
     * start is followed with a throwaway password. Only the first node on a fresh store prints one.
     */
    io.cahier.client.Credential facilitator(io.vertx.core.Vertx vertx) throws Exception {
        String token = io.cahier.CahierServer.setupTokenIn(Files.readString(log))
                .orElseThrow(() -> new IllegalStateException("the server printed no set-up link (see " + log + ")"));
        io.cahier.client.RestClient nobody = new io.cahier.client.RestClient(vertx, "127.0.0.1", port);
        try {
            return LoadBench.await(nobody.setUp(token, "bench@cahier.invalid", "Bench",
                    io.cahier.accounts.Secrets.newSecret()), 120);
        } finally {
            nobody.close();
        }
    }

    long pid() {
        return process.pid();
    }

    /** Resident set size in bytes ({@code VmRSS}). */
    long rssBytes() throws IOException {
        return statusKilobytes("VmRSS") * 1024;
    }

    /** Peak resident set size in bytes ({@code VmHWM}). */
    long peakRssBytes() throws IOException {
        return statusKilobytes("VmHWM") * 1024;
    }

    /** CPU time used so far, user plus system, in nanoseconds. */
    long cpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
        // fields after the command name, which is in parentheses and may hold spaces
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
        return ticks * 1_000_000_000L / clockTicksPerSecond;
    }

    /** Heap in use after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}). */
    long usedHeapAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        if (used.find()) {
            return Long.parseLong(used.group(1)) * 1024;
        }
        long kilobytes = 0;
        Matcher generations = GENERATION_USED.matcher(info);
        boolean any = false;
        while (generations.find()) {
            kilobytes += Long.parseLong(generations.group(1));
            any = true;
        }
        if (!any) {
            throw new IOException("cannot read the used heap from jcmd GC.heap_info:\n" + info);
        }
        return kilobytes * 1024;
    }

    /** The last lines the server wrote, for a failure report. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills the server and deletes its data directory and log. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteQuietly(dataDir);
        deleteQuietly(log);
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + STARTUP_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the server exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (readiness.ready(this)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException("the server was not ready within " + STARTUP_TIMEOUT_MS + " ms:\n" + logTail());
    }

    /** A Cahier server is ready when {@code GET /health} answers 200. */
    private static boolean healthy(ServerProcess server) {
        try {
            URI health = URI.create("http://127.0.0.1:" + server.port + "/health");
            HttpURLConnection connection = (HttpURLConnection) health.toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(1000);
            return connection.getResponseCode() == 200;
        } catch (IOException notYet) {
            return false; // not listening yet
        }
    }

    private long statusKilobytes(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException(field + " not found in /proc/" + pid() + "/status");
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process run = new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), command)
                .redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes());
        if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
            throw new IOException("jcmd " + command + " failed:\n" + output);
        }
        return output;
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            getconf.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100; // the value on every common Linux
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void deleteQuietly(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("bench: could not delete " + path + ": " + e.getMessage());
        }
    }
}
