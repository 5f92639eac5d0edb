package io.cahier.bench;

import java.nio.file.Path;

/**
 * Entry point of {@code scripts/bench}: {@code trace [--traces DIR] [--no-baseline]} and
 * {@code transform}. Benchmarks print one JSON line per figure; they are not tests.
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
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.err.println("usage: scripts/bench trace [--traces DIR] [--no-baseline] | transform");
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 1; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
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
