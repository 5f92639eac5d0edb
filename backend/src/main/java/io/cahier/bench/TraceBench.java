package io.cahier.bench;

import io.cahier.protocol.ot.TextBuffer;
import io.cahier.protocol.ot.TextOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code scripts/bench trace}: replays every sequential editing trace. Each patch becomes a
 * {@link TextOperation} (retain / delete / insert / retain) applied to the server's {@link TextBuffer};
 * the final text is checked against the trace's {@code endContent}. The same replay on a plain
 * {@code StringBuilder} (every edit shifts the tail) is printed beside it as the baseline that the
 * buffer was chosen against.
 */
final class TraceBench {

    private static final int WARMUP_RUNS = 5;
    private static final int MEASURED_RUNS = 15;
    private static final int BASELINE_RUNS = 3;

    private TraceBench() {
    }

    static void run(Path traces, boolean baseline) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(traces)) {
            list.filter(p -> p.getFileName().toString().endsWith(".json.gz"))
                    .filter(p -> !p.getFileName().toString().startsWith("concurrent-"))
                    .sorted()
                    .forEach(files::add);
        }
        if (files.isEmpty()) {
            throw new IOException("no sequential traces (*.json.gz) in " + traces);
        }
        boolean allOk = true;
        for (Path file : files) {
            EditingTrace trace = EditingTrace.read(file);
            allOk &= measure(trace, "gap", WARMUP_RUNS, MEASURED_RUNS, TraceBench::replayOnBuffer);
            if (baseline) {
                allOk &= measure(trace, "stringbuilder", 1, BASELINE_RUNS, TraceBench::replayOnStringBuilder);
            }
        }
        if (!allOk) {
            throw new IllegalStateException("a replay did not end with the trace's endContent");
        }
    }

    private interface Replay {
        String replay(EditingTrace trace);
    }

    private static boolean measure(EditingTrace trace, String buffer, int warmup, int runs, Replay replay) {
        String result = null;
        for (int i = 0; i < warmup; i++) {
            result = replay.replay(trace);
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            result = replay.replay(trace);
            nanos[i] = System.nanoTime() - start;
        }
        double ms = Stats.median(nanos) / 1e6;
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        boolean ok = trace.endContent().equals(result);
        System.out.printf(Locale.ROOT,
                "{\"bench\":\"trace\",\"trace\":\"%s\",\"buffer\":\"%s\",\"ops\":%d,\"ms\":%.2f,\"opsPerSec\":%.0f,\"minMs\":%.2f,\"maxMs\":%.2f,\"runs\":%d,\"ok\":%b}%n",
                trace.name(), buffer, trace.patches(), ms, trace.patches() / (ms / 1000), sorted[0] / 1e6,
                sorted[runs - 1] / 1e6, runs, ok);
        return ok;
    }

    /** Builds each patch's operation and applies it to the gap buffer. */
    static String replayOnBuffer(EditingTrace trace) {
        TextBuffer buffer = new TextBuffer(trace.startContent());
        int[] positions = trace.positions();
        int[] deleted = trace.deleted();
        String[] inserted = trace.inserted();
        for (int i = 0; i < positions.length; i++) {
            buffer.apply(patch(buffer.length(), positions[i], deleted[i], inserted[i]));
        }
        return buffer.toString();
    }

    /** The same operations applied to a StringBuilder, whose every edit moves the whole tail. */
    static String replayOnStringBuilder(EditingTrace trace) {
        StringBuilder text = new StringBuilder(trace.startContent());
        int[] positions = trace.positions();
        int[] deleted = trace.deleted();
        String[] inserted = trace.inserted();
        for (int i = 0; i < positions.length; i++) {
            TextOperation op = patch(text.length(), positions[i], deleted[i], inserted[i]);
            op.checkAppliesTo(text);
            int at = 0;
            for (int c = 0; c < op.size(); c++) {
                if (op.isRetain(c)) {
                    at += op.retainCount(c);
                } else if (op.isInsert(c)) {
                    text.insert(at, op.insertText(c));
                    at += op.insertText(c).length();
                } else {
                    text.delete(at, at + op.deleteCount(c));
                }
            }
        }
        return text.toString();
    }

    private static TextOperation patch(int length, int position, int deleted, String inserted) {
        return TextOperation.builder()
                .retain(position)
                .delete(deleted)
                .insert(inserted)
                .retain(length - position - deleted)
                .build();
    }
}
