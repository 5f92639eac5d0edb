package io.cahier.protocol.ot;

import io.cahier.protocol.ot.InvalidOperationException.Reason;
import java.util.Arrays;

/**
 * The text of a live document, changed in place by operations. A gap buffer: the characters sit in
 * one array with a movable hole at the last edit point, so an edit costs the size of the edit plus
 * the distance from the previous edit — typing moves the hole by a character or two. Chosen over a
 * rope and a piece table by measurement ({@code scripts/bench trace} prints the comparison with a
 * plain {@code StringBuilder}; see the README's performance section).
 *
 * <p>Invariant: {@code apply(op)} leaves the buffer equal to {@code op.apply(before)}, or throws
 * {@link InvalidOperationException} and leaves it unchanged. Not thread-safe: a live document's
 * buffer is only touched from its own event loop.
 */
public final class TextBuffer implements CharSequence {

    private static final int MIN_GAP = 64;

    private char[] chars;
    private int gapStart;
    private int gapEnd; // exclusive

    public TextBuffer() {
        this("");
    }

    public TextBuffer(String text) {
        chars = new char[text.length() + MIN_GAP];
        text.getChars(0, text.length(), chars, 0);
        gapStart = text.length();
        gapEnd = chars.length;
    }

    @Override
    public int length() {
        return chars.length - (gapEnd - gapStart);
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length()) {
            throw new IndexOutOfBoundsException(index);
        }
        return index < gapStart ? chars[index] : chars[index + gapEnd - gapStart];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return substring(start, end);
    }

    public String substring(int start, int end) {
        if (start < 0 || end > length() || start > end) {
            throw new IndexOutOfBoundsException("range " + start + ".." + end + " of " + length());
        }
        if (end <= gapStart) {
            return new String(chars, start, end - start);
        }
        int gap = gapEnd - gapStart;
        if (start >= gapStart) {
            return new String(chars, start + gap, end - start);
        }
        StringBuilder out = new StringBuilder(end - start);
        out.append(chars, start, gapStart - start);
        out.append(chars, gapEnd, end - gapStart);
        return out.toString();
    }

    @Override
    public String toString() {
        return substring(0, length());
    }

    /**
     * Applies {@code op} in place. It is checked first (base length, surrogate pairs), so a refused
     * operation changes nothing.
     */
    public void apply(TextOperation op) {
        op.checkAppliesTo(this);
        int position = 0;
        int last = lastEdit(op);
        for (int i = 0; i <= last; i++) {
            if (op.isRetain(i)) {
                position += op.retainCount(i);
            } else if (op.isInsert(i)) {
                String text = op.insertText(i);
                moveGapTo(position);
                reserve(text.length());
                text.getChars(0, text.length(), chars, gapStart);
                gapStart += text.length();
                position += text.length();
            } else {
                moveGapTo(position);
                gapEnd += op.deleteCount(i);
            }
        }
    }

    /** Index of the last insert or delete; a trailing retain needs no work. */
    private static int lastEdit(TextOperation op) {
        int last = op.size() - 1;
        while (last >= 0 && op.isRetain(last)) {
            last--;
        }
        return last;
    }

    private void moveGapTo(int position) {
        if (position < gapStart) {
            int count = gapStart - position;
            System.arraycopy(chars, position, chars, gapEnd - count, count);
            gapStart = position;
            gapEnd -= count;
        } else if (position > gapStart) {
            int count = position - gapStart;
            System.arraycopy(chars, gapEnd, chars, gapStart, count);
            gapStart += count;
            gapEnd += count;
        }
    }

    private void reserve(int needed) {
        if (gapEnd - gapStart >= needed) {
            return;
        }
        int length = length();
        int capacity = Math.max(length + needed + MIN_GAP, (int) Math.min(Integer.MAX_VALUE - 8, 2L * chars.length));
        if (capacity < length + needed) {
            throw new InvalidOperationException(Reason.BAD_COMPONENT, "document too long");
        }
        char[] grown = Arrays.copyOf(chars, capacity);
        int tail = chars.length - gapEnd;
        System.arraycopy(chars, gapEnd, grown, capacity - tail, tail);
        chars = grown;
        gapEnd = capacity - tail;
    }
}
