package io.cahier.protocol.ot;

/**
 * An operation that cannot be built or cannot be applied to a given document. Thrown before anything
 * is changed: an operation is either applied whole or not at all.
 */
public final class InvalidOperationException extends RuntimeException {

    /** Why an operation was refused; {@link #code()} is the string used in the conformance vectors. */
    public enum Reason {
        /** The operation's base length differs from the length of the document or operation it meets. */
        BASE_LENGTH("base-length"),
        /** A component that is not a positive integer, a negative integer or a non-empty string. */
        BAD_COMPONENT("bad-component"),
        /** A retain or delete boundary falls between the two halves of a surrogate pair. */
        SPLITS_SURROGATE("splits-surrogate"),
        /** An inserted string contains a lone high or low surrogate. */
        UNPAIRED_SURROGATE("unpaired-surrogate");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public InvalidOperationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
