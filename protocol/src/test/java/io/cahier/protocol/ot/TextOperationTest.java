package io.cahier.protocol.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cahier.protocol.ot.InvalidOperationException.Reason;
import org.junit.jupiter.api.Test;

class TextOperationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TextOperation parse(String json) throws Exception {
        return TextOperationJson.fromJson(JSON.readTree(json));
    }

    @Test
    void builderKeepsCanonicalForm() {
        TextOperation op = TextOperation.builder()
                .retain(2).retain(0).retain(3)
                .delete(1).insert("ab").delete(2).insert("").insert("c")
                .retain(1)
                .build();
        assertEquals("[5,\"abc\",-3,1]", TextOperationJson.toJson(op));
        assertEquals(9, op.baseLength());
        assertEquals(9, op.targetLength());
    }

    @Test
    void aBuilderBuildsOnceSoItsOperationStaysImmutable() {
        TextOperation.Builder builder = TextOperation.builder().retain(1).insert("a");
        TextOperation op = builder.build();
        assertThrows(IllegalStateException.class, builder::build);
        assertEquals("[1,\"a\"]", TextOperationJson.toJson(op));
    }

    @Test
    void equalOperationsHaveEqualHashes() throws Exception {
        TextOperation a = parse("[2,\"x\",-1,3]");
        TextOperation b = TextOperation.builder().retain(1).retain(1).delete(1).insert("x").retain(3).build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }

    @Test
    void nonCanonicalWireInputIsNormalised() throws Exception {
        assertEquals(parse("[5,\"xy\",-3]"), parse("[2,3,-1,\"x\",-2,\"y\"]"));
    }

    @Test
    void meaninglessComponentsAreRefused() {
        for (String json : new String[] {"[0]", "[\"\"]", "[1.5]", "[-2.5]", "[true]", "[null]", "[{}]", "[[]]",
                "[3000000000]", "[-3000000000]", "[1e300]", "{}", "\"abc\"", "[-2147483648]"}) {
            InvalidOperationException e = assertThrows(InvalidOperationException.class, () -> parse(json), json);
            assertEquals(Reason.BAD_COMPONENT, e.reason(), json);
        }
    }

    @Test
    void unpairedSurrogateInInsertIsRefused() {
        InvalidOperationException e = assertThrows(InvalidOperationException.class, () -> parse("[\"a\\ud83d\"]"));
        assertEquals(Reason.UNPAIRED_SURROGATE, e.reason());
        e = assertThrows(InvalidOperationException.class, () -> parse("[\"\\ude00b\"]"));
        assertEquals(Reason.UNPAIRED_SURROGATE, e.reason());
    }

    @Test
    void operationThatSplitsASurrogatePairIsRefusedAndChangesNothing() throws Exception {
        String doc = "a😀b";
        TextBuffer buffer = new TextBuffer(doc);
        for (String json : new String[] {"[2,-2]", "[2,\"x\",2]", "[1,-1,2]"}) {
            TextOperation op = parse(json);
            InvalidOperationException e = assertThrows(InvalidOperationException.class, () -> op.apply(doc), json);
            assertEquals(Reason.SPLITS_SURROGATE, e.reason());
            assertThrows(InvalidOperationException.class, () -> buffer.apply(op), json);
            assertEquals(doc, buffer.toString());
        }
        assertEquals("ab", parse("[1,-2,1]").apply(doc));
    }

    @Test
    void wrongBaseLengthIsRefusedAndChangesNothing() throws Exception {
        TextBuffer buffer = new TextBuffer("abc");
        TextOperation op = parse("[2,\"x\"]");
        assertEquals(Reason.BASE_LENGTH, assertThrows(InvalidOperationException.class, () -> op.apply("abc")).reason());
        assertThrows(InvalidOperationException.class, () -> buffer.apply(op));
        assertEquals("abc", buffer.toString());
    }

    @Test
    void composeAndTransformRefuseMismatchedLengths() throws Exception {
        TextOperation a = parse("[3,\"x\"]");
        assertEquals(Reason.BASE_LENGTH,
                assertThrows(InvalidOperationException.class, () -> a.compose(parse("[3]"))).reason());
        assertEquals(Reason.BASE_LENGTH,
                assertThrows(InvalidOperationException.class, () -> TextOperation.transform(a, parse("[4]"))).reason());
    }

    @Test
    void tieBreakPutsFirstOperationsInsertFirst() throws Exception {
        TextOperation a = parse("[1,\"A\",1]");
        TextOperation b = parse("[1,\"B\",1]");
        TextOperation.Transformed t = TextOperation.transform(a, b);
        assertEquals("xABy", t.bPrime().apply(a.apply("xy")));
        assertEquals("xABy", t.aPrime().apply(b.apply("xy")));
    }

    @Test
    void positionStickinessDecidesSideOfAnInsertAtThePosition() throws Exception {
        TextOperation op = parse("[2,\"ab\",3]");
        assertEquals(2, op.transformPosition(2, Stickiness.BEFORE));
        assertEquals(4, op.transformPosition(2, Stickiness.AFTER));
        assertEquals(5, op.transformPosition(3, Stickiness.BEFORE));
        assertEquals(1, op.transformPosition(1, Stickiness.AFTER));
        assertThrows(IllegalArgumentException.class, () -> op.transformPosition(6, Stickiness.AFTER));
    }

    @Test
    void convenienceConstructorsMatchTheBuilder() {
        assertEquals("[2,\"é\",1]", TextOperationJson.toJson(TextOperation.insertAt(3, 2, "é")));
        assertEquals("[1,-2]", TextOperationJson.toJson(TextOperation.deleteAt(3, 1, 2)));
        assertEquals("[]", TextOperationJson.toJson(TextOperation.identity(0)));
    }
}
