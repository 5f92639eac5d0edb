package io.cahier.protocol.ot;

/**
 * Which way a position moves when text is inserted exactly at it.
 * {@link #AFTER} is what ot.js's {@code Selection.Range.transform} does for carets: the caret ends
 * after the inserted text. {@link #BEFORE} keeps the position before it, as the start of an
 * annotation anchor should when someone types just in front of the annotated range.
 */
public enum Stickiness {
    BEFORE("before"),
    AFTER("after");

    private final String code;

    Stickiness(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Stickiness fromCode(String code) {
        for (Stickiness s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stickiness: " + code);
    }
}
