package io.cahier.protocol.ot;

import io.cahier.protocol.ot.InvalidOperationException.Reason;
import java.util.Arrays;

/**
 * An immutable text operation with exactly the semantics of ot.js's {@code TextOperation}: a sequence
 * of components that walk the whole base document — retain {@code n} characters, insert a string,
 * delete {@code n} characters. Lengths count UTF-16 code units.
 *
 * <p>Invariants, held by every instance (the {@link Builder} is the only way to make one):
 * <ul>
 *   <li>canonical form: no empty component, adjacent components of one kind merged, and where an
 *       insert and a delete meet the insert comes first;</li>
 *   <li>no inserted string contains an unpaired surrogate;</li>
 *   <li>{@code baseLength} = retains + deletes, {@code targetLength} = retains + inserts.</li>
 * </ul>
 *
 * <p>Laws (tested with seeded random operations in {@code OperationLawsTest}):
 * <ul>
 *   <li>{@code apply(apply(s, a), b) == apply(s, a.compose(b))}</li>
 *   <li>with {@code t = transform(a, b)}: {@code apply(apply(s, a), t.bPrime()) ==
 *       apply(apply(s, b), t.aPrime())}, and a's insert goes first when both insert at one place</li>
 *   <li>{@code apply(apply(s, a), a.invert(s)) == s}</li>
 * </ul>
 */
public final class TextOperation {

    private static final TextOperation IDENTITY_OF_EMPTY = new TextOperation(new int[0], new String[0], 0, 0, 0);

    // Component i is an insert of inserts[i] when that is non-null (spans[i] is then 0), otherwise a
    // retain of spans[i] when positive, a delete of -spans[i] when negative. Two flat arrays keep an operation to three
    // small allocations, which matters at one operation per keystroke.
    // The arrays may be longer than the operation: only the first `size` entries count. The builder
    // hands its arrays over instead of copying them (allocation is most of an op's cost).
    private final int[] spans;
    private final String[] inserts;
    private final int size;
    private final int baseLength;
    private final int targetLength;

    private TextOperation(int[] spans, String[] inserts, int size, int baseLength, int targetLength) {
        this.spans = spans;
        this.inserts = inserts;
        this.size = size;
        this.baseLength = baseLength;
        this.targetLength = targetLength;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The operation that leaves a document of {@code length} characters unchanged. */
    public static TextOperation identity(int length) {
        return length == 0 ? IDENTITY_OF_EMPTY : builder().retain(length).build();
    }

    /** The operation that inserts {@code text} at {@code position} of a document of {@code length}. */
    public static TextOperation insertAt(int length, int position, String text) {
        return builder().retain(position).insert(text).retain(length - position).build();
    }

    /** The operation that deletes {@code count} characters at {@code position}. */
    public static TextOperation deleteAt(int length, int position, int count) {
        return builder().retain(position).delete(count).retain(length - position - count).build();
    }

    /** Length of the document this operation applies to. */
    public int baseLength() {
        return baseLength;
    }

    /** Length of the document it produces. */
    public int targetLength() {
        return targetLength;
    }

    /** Number of components. */
    public int size() {
        return size;
    }

    public boolean isRetain(int i) {
        return inserts[i] == null && spans[i] > 0;
    }

    public boolean isInsert(int i) {
        return inserts[i] != null;
    }

    public boolean isDelete(int i) {
        return inserts[i] == null && spans[i] < 0;
    }

    /** Characters retained by component i (a retain). */
    public int retainCount(int i) {
        return spans[i];
    }

    /** Characters deleted by component i (a delete), as a positive number. */
    public int deleteCount(int i) {
        return -spans[i];
    }

    /** Text inserted by component i (an insert). */
    public String insertText(int i) {
        return inserts[i];
    }

    /** True when the operation changes nothing (it has no insert and no delete). */
    public boolean isNoop() {
        return size == 0 || (size == 1 && isRetain(0));
    }

    /**
     * Checks that this operation can be applied to {@code doc}: base length equal to the document's
     * length, and no retain or delete boundary inside a surrogate pair.
     *
     * @throws InvalidOperationException when it cannot
     */
    public void checkAppliesTo(CharSequence doc) {
        if (doc.length() != baseLength) {
            throw new InvalidOperationException(Reason.BASE_LENGTH,
                    "the operation's base length " + baseLength + " differs from the document's length " + doc.length());
        }
        int position = 0;
        for (int i = 0; i < size; i++) {
            if (inserts[i] == null) {
                position += Math.abs(spans[i]);
                checkBoundary(doc, position);
            }
        }
    }

    static void checkBoundary(CharSequence doc, int position) {
        if (position > 0 && position < doc.length()
                && Character.isHighSurrogate(doc.charAt(position - 1))
                && Character.isLowSurrogate(doc.charAt(position))) {
            throw new InvalidOperationException(Reason.SPLITS_SURROGATE,
                    "the operation cuts a character in two at position " + position);
        }
    }

    /** Applies this operation to {@code doc} and returns the new text. */
    public String apply(String doc) {
        checkAppliesTo(doc);
        StringBuilder out = new StringBuilder(targetLength);
        int index = 0;
        for (int i = 0; i < size; i++) {
            if (inserts[i] != null) {
                out.append(inserts[i]);
            } else if (spans[i] > 0) {
                out.append(doc, index, index + spans[i]);
                index += spans[i];
            } else {
                index -= spans[i];
            }
        }
        return out.toString();
    }

    /**
     * The operation that undoes this one: {@code apply(apply(doc, this), invert(doc)) == doc}.
     *
     * @param doc the document this operation applies to (deleted text is taken from it)
     */
    public TextOperation invert(CharSequence doc) {
        checkAppliesTo(doc);
        Builder inverse = new Builder();
        int index = 0;
        for (int i = 0; i < size; i++) {
            if (inserts[i] != null) {
                inverse.delete(inserts[i].length());
            } else if (spans[i] > 0) {
                inverse.retain(spans[i]);
                index += spans[i];
            } else {
                inverse.insert(doc.subSequence(index, index - spans[i]).toString());
                index -= spans[i];
            }
        }
        return inverse.build();
    }

    /**
     * The single operation with the effect of this one followed by {@code next}:
     * {@code apply(apply(s, this), next) == apply(s, this.compose(next))}.
     */
    public TextOperation compose(TextOperation next) {
        if (targetLength != next.baseLength) {
            throw new InvalidOperationException(Reason.BASE_LENGTH,
                    "the second operation's base length " + next.baseLength
                            + " differs from the first one's target length " + targetLength);
        }
        Builder out = new Builder();
        Cursor a = new Cursor(this);
        Cursor b = new Cursor(next);
        while (a.more() || b.more()) {
            if (a.more() && a.isDelete()) {
                out.delete(a.remaining);
                a.advance();
                continue;
            }
            if (b.more() && b.isInsert()) {
                out.insert(b.insertText());
                b.advance();
                continue;
            }
            if (!a.more() || !b.more()) {
                throw new InvalidOperationException(Reason.BASE_LENGTH, "operations of mismatched lengths");
            }
            int n = Math.min(a.remaining, b.remaining);
            if (a.isRetain()) {
                if (b.isRetain()) {
                    out.retain(n);
                } else {
                    out.delete(n);
                }
            } else { // a inserts
                if (b.isRetain()) {
                    out.insert(a.insertSlice(n));
                }
                // an insert then a delete of the same characters cancel out
            }
            a.consume(n);
            b.consume(n);
        }
        return out.build();
    }

    /** The result of {@link #transform}: {@code aPrime} applies after b, {@code bPrime} after a. */
    public record Transformed(TextOperation aPrime, TextOperation bPrime) {
    }

    /**
     * Transforms two concurrent operations on the same document so that
     * {@code apply(apply(s, a), bPrime) == apply(apply(s, b), aPrime)}. When both insert at the same
     * position, a's insert comes first (ot.js's tie-break).
     */
    public static Transformed transform(TextOperation a, TextOperation b) {
        if (a.baseLength != b.baseLength) {
            throw new InvalidOperationException(Reason.BASE_LENGTH,
                    "concurrent operations of different base lengths " + a.baseLength + " and " + b.baseLength);
        }
        Builder aPrime = new Builder();
        Builder bPrime = new Builder();
        Cursor x = new Cursor(a);
        Cursor y = new Cursor(b);
        while (x.more() || y.more()) {
            if (x.more() && x.isInsert()) {
                String text = x.insertText();
                aPrime.insert(text);
                bPrime.retain(text.length());
                x.advance();
                continue;
            }
            if (y.more() && y.isInsert()) {
                String text = y.insertText();
                aPrime.retain(text.length());
                bPrime.insert(text);
                y.advance();
                continue;
            }
            if (!x.more() || !y.more()) {
                throw new InvalidOperationException(Reason.BASE_LENGTH, "operations of mismatched lengths");
            }
            int n = Math.min(x.remaining, y.remaining);
            if (x.isRetain() && y.isRetain()) {
                aPrime.retain(n);
                bPrime.retain(n);
            } else if (x.isDelete() && y.isRetain()) {
                aPrime.delete(n);
            } else if (x.isRetain() && y.isDelete()) {
                bPrime.delete(n);
            }
            // both delete the same characters: neither needs to any more
            x.consume(n);
            y.consume(n);
        }
        return new Transformed(aPrime.build(), bPrime.build());
    }

    /**
     * Where position {@code pos} of the base document is in the target document. A position inside a
     * deleted range moves to where the range was; an insert exactly at {@code pos} moves it after the
     * inserted text with {@link Stickiness#AFTER} (ot.js's caret behaviour) and leaves it in front of
     * it with {@link Stickiness#BEFORE}.
     */
    public int transformPosition(int pos, Stickiness stickiness) {
        if (pos < 0 || pos > baseLength) {
            throw new IllegalArgumentException("position " + pos + " outside 0.." + baseLength);
        }
        int ahead = pos; // distance from the walk's cursor in the base document to pos
        int result = pos;
        for (int i = 0; i < size && ahead >= 0; i++) {
            if (inserts[i] != null) {
                if (ahead > 0 || stickiness == Stickiness.AFTER) {
                    result += inserts[i].length();
                }
            } else if (spans[i] > 0) {
                ahead -= spans[i];
            } else {
                result -= Math.min(ahead, -spans[i]);
                ahead += spans[i];
            }
        }
        return result;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextOperation other
                && baseLength == other.baseLength
                && targetLength == other.targetLength
                && size == other.size
                && Arrays.equals(spans, 0, size, other.spans, 0, size)
                && Arrays.equals(inserts, 0, size, other.inserts, 0, size);
    }

    @Override
    public int hashCode() {
        int hash = size;
        for (int i = 0; i < size; i++) {
            hash = 31 * hash + spans[i];
            hash = 31 * hash + (inserts[i] == null ? 0 : inserts[i].hashCode());
        }
        return hash;
    }

    /** The ot.js JSON form, for logs and test messages; the wire codec is {@link TextOperationJson}. */
    @Override
    public String toString() {
        return TextOperationJson.toJson(this);
    }

    /** Walks an operation's components, letting the walk consume part of the current one. */
    private static final class Cursor {
        private final TextOperation op;
        private int index;
        private int remaining; // characters left in the current retain, insert or delete
        private int insertOffset;

        Cursor(TextOperation op) {
            this.op = op;
            load();
        }

        boolean more() {
            return index < op.size;
        }

        boolean isInsert() {
            return op.inserts[index] != null;
        }

        boolean isRetain() {
            return op.isRetain(index);
        }

        boolean isDelete() {
            return op.isDelete(index);
        }

        /** The whole current insert (only called before any of it is consumed). */
        String insertText() {
            return op.inserts[index];
        }

        /** The next {@code n} characters of the current insert. */
        String insertSlice(int n) {
            String text = op.inserts[index];
            return n == text.length() ? text : text.substring(insertOffset, insertOffset + n);
        }

        void consume(int n) {
            remaining -= n;
            if (remaining == 0) {
                advance();
            } else if (op.inserts[index] != null) {
                insertOffset += n;
            }
        }

        void advance() {
            index++;
            load();
        }

        private void load() {
            insertOffset = 0;
            if (index < op.size) {
                remaining = op.inserts[index] != null ? op.inserts[index].length() : Math.abs(op.spans[index]);
            }
        }
    }

    /**
     * Builds an operation component by component, keeping it canonical the way ot.js's
     * {@code retain}/{@code insert}/{@code delete} do: empty components are dropped, adjacent ones of
     * one kind merged, and an insert that follows a delete is placed before it.
     */
    public static final class Builder {
        private int[] spans = new int[4];
        private String[] inserts = new String[4];
        private int size;
        private int baseLength;
        private int targetLength;

        private Builder() {
        }

        public Builder retain(int n) {
            if (n < 0) {
                throw new InvalidOperationException(Reason.BAD_COMPONENT, "retain of a negative count " + n);
            }
            if (n == 0) {
                return this;
            }
            baseLength = grow(baseLength, n);
            targetLength = grow(targetLength, n);
            if (size > 0 && inserts[size - 1] == null && spans[size - 1] > 0) {
                spans[size - 1] += n;
            } else {
                add(n, null);
            }
            return this;
        }

        public Builder insert(String text) {
            if (text.isEmpty()) {
                return this;
            }
            checkPaired(text);
            targetLength = grow(targetLength, text.length());
            if (size > 0 && inserts[size - 1] != null) {
                inserts[size - 1] = inserts[size - 1].concat(text);
            } else if (size > 0 && spans[size - 1] < 0) {
                // canonical order: the insert goes before the delete it meets
                if (size > 1 && inserts[size - 2] != null) {
                    inserts[size - 2] = inserts[size - 2].concat(text);
                } else {
                    int deleted = spans[size - 1];
                    spans[size - 1] = 0;
                    inserts[size - 1] = text;
                    add(deleted, null);
                }
            } else {
                add(0, text);
            }
            return this;
        }

        public Builder delete(int n) {
            if (n < 0) {
                throw new InvalidOperationException(Reason.BAD_COMPONENT, "delete of a negative count " + n);
            }
            if (n == 0) {
                return this;
            }
            baseLength = grow(baseLength, n);
            if (size > 0 && inserts[size - 1] == null && spans[size - 1] < 0) {
                spans[size - 1] -= n;
            } else {
                add(-n, null);
            }
            return this;
        }

        public TextOperation build() {
            if (spans == null) {
                throw new IllegalStateException("this builder has already built its operation");
            }
            TextOperation op = new TextOperation(spans, inserts, size, baseLength, targetLength);
            spans = null; // the operation owns the arrays now: it must stay immutable
            inserts = null;
            return op;
        }

        private void add(int span, String text) {
            if (size == spans.length) {
                spans = Arrays.copyOf(spans, size * 2);
                inserts = Arrays.copyOf(inserts, size * 2);
            }
            spans[size] = span;
            inserts[size] = text;
            size++;
        }

        private static int grow(int length, int n) {
            int sum = length + n;
            if (sum < 0) {
                throw new InvalidOperationException(Reason.BASE_LENGTH, "operation longer than any document (2^31-1 characters)");
            }
            return sum;
        }

        private static void checkPaired(String text) {
            for (int i = 0, n = text.length(); i < n; i++) {
                char c = text.charAt(i);
                if (Character.isSurrogate(c)) {
                    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                        i++;
                    } else {
                        throw new InvalidOperationException(Reason.UNPAIRED_SURROGATE,
                                "inserted text has an unpaired surrogate at offset " + i);
                    }
                }
            }
        }
    }
}
