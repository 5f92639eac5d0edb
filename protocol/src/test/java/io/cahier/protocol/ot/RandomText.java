package io.cahier.protocol.ot;

import java.util.Random;

/** Seeded random documents and operations for the property tests. Cuts only at character boundaries. */
final class RandomText {

    private static final String[] PIECES = {
        "a", "b", "c", " ", "\n", "é", "è", "à", "ç", "Œ", "l'", "e\u0301", "\u00a0", "\u202f", "«", "»",
        "😀", "𝄞", "👩\u200d👩\u200d👧", "🇫🇷", "𠀀", "x", "y", "z"
    };

    private final Random random;

    RandomText(long seed) {
        random = new Random(seed);
    }

    Random random() {
        return random;
    }

    String text(int maxPieces) {
        int n = random.nextInt(maxPieces + 1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return out.toString();
    }

    /** A random valid operation over {@code doc}, with cuts at code point boundaries only. */
    TextOperation operation(String doc) {
        TextOperation.Builder op = TextOperation.builder();
        int i = 0;
        while (i < doc.length()) {
            int choice = random.nextInt(4);
            if (choice == 0) {
                op.insert(nonEmptyText());
                continue;
            }
            int span = codePointSpan(doc, i, 1 + random.nextInt(8));
            if (choice == 1) {
                op.delete(span);
            } else {
                op.retain(span);
            }
            i += span;
        }
        if (random.nextInt(3) == 0) {
            op.insert(nonEmptyText());
        }
        return op.build();
    }

    String nonEmptyText() {
        String text = text(4);
        return text.isEmpty() ? "q" : text;
    }

    /** Number of UTF-16 units covered by up to {@code codePoints} code points starting at {@code from}. */
    static int codePointSpan(String doc, int from, int codePoints) {
        int end = from;
        for (int k = 0; k < codePoints && end < doc.length(); k++) {
            end += Character.charCount(doc.codePointAt(end));
        }
        return end - from;
    }

    /** A random position at a code point boundary of {@code doc}. */
    int position(String doc) {
        int pos = random.nextInt(doc.length() + 1);
        while (pos > 0 && pos < doc.length() && Character.isLowSurrogate(doc.charAt(pos))) {
            pos--;
        }
        return pos;
    }
}
