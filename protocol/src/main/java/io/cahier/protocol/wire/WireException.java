package io.cahier.protocol.wire;

/**
 * A frame refused while decoding: {@code code} is {@code bad-message} or {@code bad-op}; {@code doc}
 * and {@code seq} say what it answers when the frame got that far; {@code reason} is the
 * vector error string of a {@code bad-op}.
 */
public final class WireException extends RuntimeException {

    private final String code;
    private final String doc;
    private final Long seq;
    private final String reason;

    public WireException(String code, String message, String doc, Long seq, String reason) {
        super(message, null, false, false);
        this.code = code;
        this.doc = doc;
        this.seq = seq;
        this.reason = reason;
    }

    public static WireException badMessage(String message) {
        return new WireException("bad-message", message, null, null, null);
    }

    public String code() {
        return code;
    }

    public String doc() {
        return doc;
    }

    public Long seq() {
        return seq;
    }

    public String reason() {
        return reason;
    }
}
