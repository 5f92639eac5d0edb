package io.cahier.bench;

import io.cahier.protocol.ot.TextOperation;
import java.util.Locale;
import java.util.Random;

/**
 * {@code scripts/bench transform}: the time of {@code transform(a, b)} for two concurrent operations
 * of 10 components each on a 2,000-character document, median over batches.
 */
final class TransformBench {

    private static final int PAIRS = 1024;
    private static final int BATCHES = 400;

    private TransformBench() {
    }

    static void run() {
        Random random = new Random(42);
        int length = 2_000;
        TextOperation[] as = new TextOperation[PAIRS];
        TextOperation[] bs = new TextOperation[PAIRS];
        for (int i = 0; i < PAIRS; i++) {
            as[i] = tenComponents(random, length);
            bs[i] = tenComponents(random, length);
        }
        long sink = 0;
        for (int warm = 0; warm < 200; warm++) {
            sink += batch(as, bs);
        }
        long[] perTransform = new long[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            long start = System.nanoTime();
            sink += batch(as, bs);
            perTransform[b] = (System.nanoTime() - start) / PAIRS;
        }
        System.out.printf(Locale.ROOT,
                "{\"bench\":\"transform\",\"components\":10,\"docLength\":%d,\"nsMedian\":%.0f,\"batches\":%d,\"pairsPerBatch\":%d,\"check\":%d}%n",
                length, Stats.median(perTransform), BATCHES, PAIRS, sink % 10);
    }

    private static long batch(TextOperation[] as, TextOperation[] bs) {
        long sum = 0;
        for (int i = 0; i < as.length; i++) {
            TextOperation.Transformed t = TextOperation.transform(as[i], bs[i]);
            sum += t.aPrime().targetLength() + t.bPrime().size();
        }
        return sum;
    }

    /** retain, insert, retain, delete, ... : exactly 10 components over {@code length} characters. */
    static TextOperation tenComponents(Random random, int length) {
        TextOperation.Builder op = TextOperation.builder();
        int remaining = length;
        for (int k = 0; k < 3; k++) {
            int retain = 1 + random.nextInt(remaining / 4);
            int delete = 1 + random.nextInt(5);
            op.retain(retain).insert("abc".substring(0, 1 + random.nextInt(3))).delete(delete);
            remaining -= retain + delete;
        }
        op.retain(remaining);
        TextOperation built = op.build();
        if (built.size() != 10) {
            throw new IllegalStateException("expected 10 components, built " + built);
        }
        return built;
    }
}
