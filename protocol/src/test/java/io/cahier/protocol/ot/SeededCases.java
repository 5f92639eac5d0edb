package io.cahier.protocol.ot;

import java.util.function.LongConsumer;

/**
 * Runs a property over many seeded cases. The run's seed is random unless {@code -Dcahier.seed=N}
 * replays one; a failure names the seed of the failing case so it can be replayed exactly.
 */
final class SeededCases {

    private SeededCases() {
    }

    static void run(int cases, LongConsumer property) {
        String fixed = System.getProperty("cahier.seed");
        long runSeed = fixed != null ? Long.parseLong(fixed) : System.nanoTime();
        int count = fixed != null ? 1 : cases;
        for (int i = 0; i < count; i++) {
            long seed = runSeed + i;
            try {
                property.accept(seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("failed for seed " + seed + " (replay with -Dcahier.seed=" + seed + "): "
                        + e.getMessage(), e);
            }
        }
    }
}
