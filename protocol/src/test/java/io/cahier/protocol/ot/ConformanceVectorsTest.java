package io.cahier.protocol.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs every case of {@code protocol/vectors/*.json}, the answers ot.js gives, against the Java code. */
class ConformanceVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path VECTORS = Path.of(System.getProperty("cahier.vectors", "vectors"));

    private static TextOperation op(JsonNode node) {
        return TextOperationJson.fromJson(node);
    }

    private static List<JsonNode> cases(String file) throws IOException {
        JsonNode array = JSON.readTree(Files.readString(VECTORS.resolve(file)));
        assertTrue(array.isArray() && array.size() > 0, file + " must be a non-empty JSON array");
        List<JsonNode> cases = new ArrayList<>();
        array.forEach(cases::add);
        return cases;
    }

    private static Stream<DynamicTest> each(String file, Consumer<JsonNode> check) throws IOException {
        List<JsonNode> cases = cases(file);
        return java.util.stream.IntStream.range(0, cases.size()).mapToObj(i -> {
            JsonNode c = cases.get(i);
            assertTrue(c.hasNonNull("comment"), file + " case " + i + " has no comment");
            return DynamicTest.dynamicTest(file + " #" + i + ": " + c.get("comment").asText(), () -> check.accept(c));
        });
    }

    @TestFactory
    Stream<DynamicTest> apply() throws IOException {
        return each("apply.json", c -> {
            String doc = c.get("doc").textValue();
            if (c.has("error")) {
                String expected = c.get("error").textValue();
                InvalidOperationException e = assertThrows(InvalidOperationException.class, () -> {
                    TextOperation op = op(c.get("op"));
                    op.apply(doc);
                });
                assertEquals(expected, e.reason().code(), e.getMessage());
                assertThrows(InvalidOperationException.class, () -> new TextBuffer(doc).apply(op(c.get("op"))));
            } else {
                TextOperation op = op(c.get("op"));
                assertEquals(c.get("result").textValue(), op.apply(doc));
                TextBuffer buffer = new TextBuffer(doc);
                buffer.apply(op);
                assertEquals(c.get("result").textValue(), buffer.toString());
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> compose() throws IOException {
        return each("compose.json", c -> {
            TextOperation a = op(c.get("a"));
            TextOperation b = op(c.get("b"));
            assertEquals(c.get("result"), TextOperationJson.toJsonNode(a.compose(b)));
            String doc = c.get("doc").textValue();
            assertEquals(b.apply(a.apply(doc)), a.compose(b).apply(doc));
        });
    }

    @TestFactory
    Stream<DynamicTest> transform() throws IOException {
        return each("transform.json", c -> {
            TextOperation.Transformed t = TextOperation.transform(op(c.get("a")), op(c.get("b")));
            assertEquals(c.get("a1"), TextOperationJson.toJsonNode(t.aPrime()), "a1");
            assertEquals(c.get("b1"), TextOperationJson.toJsonNode(t.bPrime()), "b1");
        });
    }

    @TestFactory
    Stream<DynamicTest> invert() throws IOException {
        return each("invert.json", c -> {
            String doc = c.get("doc").textValue();
            TextOperation inverse = op(c.get("op")).invert(doc);
            assertEquals(c.get("result"), TextOperationJson.toJsonNode(inverse));
        });
    }

    @TestFactory
    Stream<DynamicTest> position() throws IOException {
        return each("position.json", c -> {
            TextOperation op = op(c.get("op"));
            Stickiness stickiness = Stickiness.fromCode(c.get("stickiness").textValue());
            assertEquals(c.get("result").intValue(), op.transformPosition(c.get("pos").intValue(), stickiness));
        });
    }

    @TestFactory
    Stream<DynamicTest> thereAreAtLeastFourHundredCases() {
        return Stream.of(DynamicTest.dynamicTest("at least 400 vector cases", () -> {
            int total = 0;
            for (String file : List.of("apply.json", "compose.json", "transform.json", "invert.json", "position.json")) {
                total += cases(file).size();
            }
            assertFalse(total < 400, "only " + total + " cases");
        }));
    }
}
