package io.cahier.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class WaitHistogramTest {

    private static long ms(double ms) {
        return Math.round(ms * 1e6);
    }

    @Test
    void eachValueLandsInTheBucketWhoseBoundsHoldIt() {
        for (double ms : new double[] {0.001, 0.05, 0.0501, 0.3, 1, 4.99, 5, 17.3, 250, 9_999}) {
            int i = WaitHistogram.bucket(ms(ms));
            double upper = WaitHistogram.upperMs(i);
            double lower = i == 0 ? 0 : WaitHistogram.upperMs(i - 1);
            assertTrue(lower < ms * 1.0001 && ms <= upper * 1.0001, ms + " ms in (" + lower + ", " + upper + "]");
            assertTrue(i == 0 || upper / lower < 1.1, "buckets are under 10% wide: " + lower + ", " + upper);
        }
        assertEquals(WaitHistogram.BUCKETS - 1, WaitHistogram.bucket(ms(3_600_000)), "an hour counts in the last bucket");
    }

    @Test
    void quantilesAreTheBoundsOfTheBucketsThatHoldThem() {
        WaitHistogram waits = new WaitHistogram();
        for (int i = 0; i < 98; i++) {
            waits.record(ms(1));
        }
        waits.record(ms(20));
        waits.record(ms(300));
        long[] counts = waits.counts();
        assertEquals(100, WaitHistogram.total(counts));
        double p50 = WaitHistogram.quantileMs(counts, 0.50);
        assertTrue(1 <= p50 && p50 < 1.1, "p50 " + p50);
        assertEquals(p50, WaitHistogram.quantileMs(counts, 0.98), "98 of the 100 are 1 ms");
        double p99 = WaitHistogram.quantileMs(counts, 0.99);
        assertTrue(20 <= p99 && p99 < 22, "p99 " + p99);
        double max = WaitHistogram.quantileMs(counts, 1.0);
        assertTrue(300 <= max && max < 330, "max " + max);
        assertEquals(0, WaitHistogram.quantileMs(new WaitHistogram().counts(), 0.99), "nothing counted");
    }

    @Test
    void aReadingRoundTripsThroughJsonAndTwoReadingsGiveTheInterval() {
        WaitHistogram waits = new WaitHistogram();
        waits.record(ms(0.4));
        waits.record(ms(3));
        long[] earlier = waits.counts();
        waits.record(ms(3));
        waits.record(ms(45));
        JsonObject json = WaitHistogram.toJson(waits.counts());
        assertEquals(4, json.getLong("count"));
        assertEquals(3, json.getJsonArray("buckets").size(), json.encode());
        long[] read = WaitHistogram.fromJson(new JsonObject(json.encode()));
        assertArrayEquals(waits.counts(), read);
        long[] interval = WaitHistogram.minus(read, earlier);
        assertEquals(2, WaitHistogram.total(interval));
        double max = WaitHistogram.quantileMs(interval, 1.0);
        assertTrue(45 <= max && max < 50, "max " + max);
        assertArrayEquals(read, WaitHistogram.plus(earlier, interval));
    }
}
