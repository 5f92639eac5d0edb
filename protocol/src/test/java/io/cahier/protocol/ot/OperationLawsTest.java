package io.cahier.protocol.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The laws of {@link TextOperation}, each checked on thousands of seeded random cases per run. */
class OperationLawsTest {

    private static final int CASES = 5_000;

    @Test
    void transformedOperationsConverge() {
        SeededCases.run(CASES, seed -> {
            RandomText random = new RandomText(seed);
            String doc = random.text(30);
            TextOperation a = random.operation(doc);
            TextOperation b = random.operation(doc);
            TextOperation.Transformed t = TextOperation.transform(a, b);
            assertEquals(t.bPrime().apply(a.apply(doc)), t.aPrime().apply(b.apply(doc)),
                    "a=" + a + " b=" + b + " doc=" + doc);
        });
    }

    @Test
    void transformAgainstIdentityChangesNothing() {
        SeededCases.run(CASES, seed -> {
            RandomText random = new RandomText(seed);
            String doc = random.text(30);
            TextOperation a = random.operation(doc);
            TextOperation.Transformed t = TextOperation.transform(a, TextOperation.identity(doc.length()));
            assertEquals(a, t.aPrime());
            assertTrue(t.bPrime().isNoop());
        });
    }

    @Test
    void composeHasTheEffectOfBothInTurn() {
        SeededCases.run(CASES, seed -> {
            RandomText random = new RandomText(seed);
            String doc = random.text(30);
            TextOperation a = random.operation(doc);
            String afterA = a.apply(doc);
            TextOperation b = random.operation(afterA);
            TextOperation ab = a.compose(b);
            assertEquals(b.apply(afterA), ab.apply(doc), "a=" + a + " b=" + b + " doc=" + doc);
            assertEquals(doc.length(), ab.baseLength());
        });
    }

    @Test
    void composeIsAssociative() {
        SeededCases.run(CASES, seed -> {
            RandomText random = new RandomText(seed);
            String doc = random.text(20);
            TextOperation a = random.operation(doc);
            String s1 = a.apply(doc);
            TextOperation b = random.operation(s1);
            TextOperation c = random.operation(b.apply(s1));
            assertEquals(a.compose(b).compose(c).apply(doc), a.compose(b.compose(c)).apply(doc));
        });
    }

    @Test
    void invertUndoes() {
        SeededCases.run(CASES, seed -> {
            RandomText random = new RandomText(seed);
            String doc = random.text(30);
            TextOperation a = random.operation(doc);
            TextOperation inverse = a.invert(doc);
            assertEquals(doc, inverse.apply(a.apply(doc)));
            assertEquals(doc, a.compose(inverse).apply(doc));
        });
    }

    @Test
    void transformPositionAgreesWithApply() {
        SeededCases.run(CASES, seed -> {
            RandomText random = new RandomText(seed);
            String doc = random.text(30);
            TextOperation op = random.operation(doc);
            String after = op.apply(doc);
            int pos = random.position(doc);
            for (Stickiness stickiness : Stickiness.values()) {
                int moved = op.transformPosition(pos, stickiness);
                assertTrue(moved >= 0 && moved <= after.length(), "position out of the new text: " + moved);
                // Text after the position that the op leaves alone still follows the moved position.
                int keptRun = keptRunAfter(op, pos);
                assertEquals(doc.substring(pos, pos + keptRun), after.substring(moved, moved + keptRun),
                        "op=" + op + " pos=" + pos + " " + stickiness);
            }
            int before = op.transformPosition(pos, Stickiness.BEFORE);
            int afterSticky = op.transformPosition(pos, Stickiness.AFTER);
            assertTrue(before <= afterSticky);
        });
    }

    /** Length of the retained run that starts exactly at pos with no insert in front of it, or 0. */
    private static int keptRunAfter(TextOperation op, int pos) {
        int base = 0;
        for (int i = 0; i < op.size(); i++) {
            if (op.isRetain(i)) {
                int end = base + op.retainCount(i);
                if (pos >= base && pos < end) {
                    boolean insertAtPos = pos == base && i > 0 && op.isInsert(i - 1);
                    return insertAtPos ? 0 : end - pos;
                }
                base = end;
            } else if (op.isDelete(i)) {
                base += op.deleteCount(i);
            }
        }
        return 0;
    }

    @Test
    void bufferApplyMatchesStringApply() {
        SeededCases.run(1_000, seed -> {
            RandomText random = new RandomText(seed);
            String text = random.text(40);
            TextBuffer buffer = new TextBuffer(text);
            for (int step = 0; step < 20; step++) {
                TextOperation op = random.operation(text);
                text = op.apply(text);
                buffer.apply(op);
                assertEquals(text, buffer.toString(), "after " + op);
                assertEquals(text.length(), buffer.length());
                if (!text.isEmpty()) {
                    int from = random.position(text);
                    int to = from + random.random().nextInt(text.length() - from + 1);
                    assertEquals(text.substring(from, to), buffer.substring(from, to));
                }
            }
        });
    }
}
