package io.cahier.bench;

import java.util.Arrays;

final class Stats {

    private Stats() {
    }

    static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /** The value below which {@code p} (0..1) of the values fall, nearest-rank. */
    static double percentile(long[] sortedValues, double p) {
        if (sortedValues.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sortedValues.length);
        return sortedValues[Math.max(0, Math.min(sortedValues.length - 1, rank - 1))];
    }
}
