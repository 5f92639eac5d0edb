package io.cahier.bench;

import java.nio.file.Path;

/**
 * Entry point of {@code scripts/bench}: {@code trace [--traces DIR] [--no-baseline]},
 * {@code transform}, {@code load --clients N --docs D --rate R --duration S [--warmup S] [--url URL --token T] [--seed N]
 * [--db-url URL [--nodes N]] [--server cahier|sharedb]},
 * {@code idle --connections N [--docs D]} and
 * {@code append [--docs D] [--clients-per-doc C] [--batch B] [--ops N]}. Benchmarks print one JSON
 * line per figure; they are not tests.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            return;
        }
        switch (args[0]) {
            case "trace" -> {
                Path traces = Path.of(option(args, "--traces", "../shared/data/editing-traces"));
                TraceBench.run(traces, !hasFlag(args, "--no-baseline"));
            }
            case "transform" -> TransformBench.run();
            case "load" -> {
                LoadBench.Settings settings = new LoadBench.Settings(
                        positiveInt(args, "--clients", "200"), positiveInt(args, "--docs", "20"),
                        Double.parseDouble(option(args, "--rate", "2")), positiveInt(args, "--duration", "20"),
                        Integer.parseInt(option(args, "--warmup", "10")),
                        option(args, "--url", null), option(args, "--token", null), Long.parseLong(option(args, "--seed", String.valueOf(System.nanoTime()))),
                        option(args, "--db-url", null), positiveInt(args, "--nodes", "1"),
                        option(args, "--server", LoadBench.CAHIER));
                if (!settings.server().equals(LoadBench.CAHIER) && !settings.shareDb()) {
                    throw new IllegalArgumentException("--server must be cahier or sharedb, not \"" + settings.server() + "\"");
                }
                if (settings.shareDb() && (settings.url() != null || settings.dbUrl() != null || settings.nodes() > 1)) {
                    throw new IllegalArgumentException("--server sharedb starts ShareDB in memory: it takes no --url, --db-url or --nodes");
                }
                if (settings.nodes() > 1 && settings.dbUrl() == null) {
                    throw new IllegalArgumentException("--nodes needs --db-url: nodes share a PostgreSQL database");
                }
                if (!(settings.rate() > 0) || settings.docs() > settings.clients()) {
                    throw new IllegalArgumentException("--rate must be positive and --docs at most --clients");
                }
                if (!LoadBench.run(settings)) {
                    System.exit(1);
                }
            }
            case "append" -> AppendBench.run(positiveInt(args, "--docs", "100"), positiveInt(args, "--clients-per-doc", "10"),
                    positiveInt(args, "--batch", "3"), positiveInt(args, "--ops", "60000"));
            case "idle" -> IdleBench.run(positiveInt(args, "--connections", "1000"), positiveInt(args, "--docs", "10"));
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.err.println("usage: scripts/bench trace [--traces DIR] [--no-baseline] | transform\n"
                + "       scripts/bench load [--clients N] [--docs D] [--rate R] [--duration S] [--warmup S] [--url http://127.0.0.1:PORT --token API_TOKEN] [--seed N]\n"
                + "                         [--db-url postgresql://USER@HOST:PORT/DB (a fresh database is created there and dropped)] [--nodes N]\n"
                + "                         [--server sharedb (the same typists against ShareDB 7 in memory, the reference)]\n"
                + "       scripts/bench idle [--connections N] [--docs D]\n"
                + "       scripts/bench append [--docs D] [--clients-per-doc C] [--batch B] [--ops N]");
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 1; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    static int positiveInt(String[] args, String name, String fallback) {
        String value = option(args, name, fallback);
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not \"" + value + "\"");
        }
        if (n <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + n);
        }
        return n;
    }

    static boolean hasFlag(String[] args, String name) {
        for (String arg : args) {
            if (arg.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
