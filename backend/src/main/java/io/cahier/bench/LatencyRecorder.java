package io.cahier.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Latency samples in nanoseconds, appended by one thread (a client's event loop) and read once
 * that thread is done with it.
 */
final class LatencyRecorder {

    private long[] samples = new long[256];
    private int size;

    void record(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    int size() {
        return size;
    }

    /** The percentiles of every recorder's samples together, as a JSON object in milliseconds. */
    static String summaryJson(List<LatencyRecorder> recorders) {
        int total = recorders.stream().mapToInt(LatencyRecorder::size).sum();
        long[] all = new long[total];
        int at = 0;
        for (LatencyRecorder recorder : recorders) {
            System.arraycopy(recorder.samples, 0, all, at, recorder.size);
            at += recorder.size;
        }
        Arrays.sort(all);
        return String.format(Locale.ROOT, "{\"n\":%d,\"p50\":%.2f,\"p95\":%.2f,\"p99\":%.2f,\"max\":%.2f}",
                total, Stats.percentile(all, 0.50) / 1e6, Stats.percentile(all, 0.95) / 1e6,
                Stats.percentile(all, 0.99) / 1e6, total == 0 ? 0 : all[total - 1] / 1e6);
    }
}
