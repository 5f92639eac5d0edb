package io.cahier.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Real editing histories (josephg/editing-traces, automerge-perf; CC BY 4.0) replayed as operations
 * on the text buffer end with exactly the trace's final text. The benchmark times the same replay.
 */
class TraceReplayTest {

    private static final Path TRACES = Path.of(System.getProperty("cahier.traces", "../../shared/data/editing-traces"));

    @TestFactory
    Stream<DynamicTest> everySequentialTraceReplaysToItsEndContent() throws IOException {
        assertTrue(Files.isDirectory(TRACES), "editing traces not found at " + TRACES.toAbsolutePath());
        List<Path> files;
        try (Stream<Path> list = Files.list(TRACES)) {
            files = list.filter(p -> p.toString().endsWith(".json.gz"))
                    .filter(p -> !p.getFileName().toString().startsWith("concurrent-"))
                    .sorted().toList();
        }
        assertEquals(6, files.size(), "the six sequential traces");
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            EditingTrace trace = EditingTrace.read(file);
            assertEquals(trace.endContent(), TraceBench.replayOnBuffer(trace));
        }));
    }

    @TestFactory
    Stream<DynamicTest> baselineReplayAgrees() throws IOException {
        EditingTrace trace = EditingTrace.read(TRACES.resolve("sveltecomponent.json.gz"));
        return Stream.of(DynamicTest.dynamicTest("stringbuilder baseline on sveltecomponent",
                () -> assertEquals(trace.endContent(), TraceBench.replayOnStringBuilder(trace))));
    }
}
