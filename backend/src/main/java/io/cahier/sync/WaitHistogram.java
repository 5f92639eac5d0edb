package io.cahier.sync;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * How long operations waited, counted in buckets that grow by 2^(1/8) (about 9%) from 0.05 ms to
 * about 52 s; anything longer counts in the last one. Counts only grow, so a reader that wants an
 * interval subtracts two readings ({@link #minus}), as the load benchmark does with {@code /health}.
 * Not thread-safe: one context records into it.
 */
public final class WaitHistogram {

    static final int BUCKETS = 161;
    private static final double FIRST_MS = 0.05;
    private static final int PER_DOUBLING = 8;

    private final long[] counts = new long[BUCKETS];

    public void record(long nanos) {
        counts[bucket(nanos)]++;
    }

    /** A copy of the counts, bucket by bucket. */
    public long[] counts() {
        return counts.clone();
    }

    static int bucket(long nanos) {
        double ms = nanos / 1e6;
        if (ms <= FIRST_MS) {
            return 0;
        }
        return Math.min(BUCKETS - 1, (int) Math.ceil(steps(ms) - 1e-9));
    }

    /** How many bucket widths {@code ms} lies above the first bound (fractional: the bounds are whole steps). */
    private static double steps(double ms) {
        return PER_DOUBLING * Math.log(ms / FIRST_MS) / Math.log(2);
    }

    /** The upper bound of bucket {@code i}, in milliseconds (four significant digits). */
    static double upperMs(int i) {
        double exact = FIRST_MS * Math.pow(2, (double) i / PER_DOUBLING);
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", exact));
    }

    /**
     * The upper bound of the bucket that holds the {@code q}-quantile (0 when nothing was counted):
     * the true value is at most that, and more than the bucket below's bound.
     */
    public static double quantileMs(long[] counts, double q) {
        long total = total(counts);
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return upperMs(i);
            }
        }
        return upperMs(counts.length - 1);
    }

    public static long total(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    /** {@code later} minus {@code earlier}, bucket by bucket. */
    public static long[] minus(long[] later, long[] earlier) {
        long[] difference = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            difference[i] = later[i] - earlier[i];
        }
        return difference;
    }

    /** The counts of two histograms (two nodes) added up, bucket by bucket. */
    public static long[] plus(long[] a, long[] b) {
        long[] sum = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }

    /** {@code count}, {@code p50}/{@code p95}/{@code p99}/{@code max} and the non-empty buckets as [upper bound ms, count]. */
    public static JsonObject toJson(long[] counts) {
        JsonArray buckets = new JsonArray();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                buckets.add(new JsonArray().add(upperMs(i)).add(counts[i]));
            }
        }
        return new JsonObject()
                .put("count", total(counts))
                .put("p50", quantileMs(counts, 0.50))
                .put("p95", quantileMs(counts, 0.95))
                .put("p99", quantileMs(counts, 0.99))
                .put("max", quantileMs(counts, 1.0))
                .put("buckets", buckets);
    }

    /** The counts of a {@link #toJson} reading. */
    public static long[] fromJson(JsonObject json) {
        long[] counts = new long[BUCKETS];
        for (Object pair : json.getJsonArray("buckets")) {
            JsonArray bucket = (JsonArray) pair;
            int i = (int) Math.round(steps(bucket.getDouble(0)));
            counts[Math.max(0, Math.min(BUCKETS - 1, i))] += bucket.getLong(1);
        }
        return counts;
    }
}
