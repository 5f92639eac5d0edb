package io.cahier.http;

/**
 * Every refusal Cahier can give: a stable machine code (the WebSocket {@code error.code} and the
 * {@code code} of a REST problem) and the HTTP status it maps to.
 */
public enum ErrorCode {
    BAD_MESSAGE("bad-message", 400),
    BAD_OP("bad-op", 400),
    BAD_REQUEST("bad-request", 400),
    UNKNOWN_DOC("unknown-doc", 404),
    NOT_FOUND("not-found", 404),
    UNAUTHORIZED("unauthorized", 401),
    FORBIDDEN("forbidden", 403),
    CONFLICT("conflict", 409),
    REV_UNAVAILABLE("rev-unavailable", 404),
    TOO_LARGE("too-large", 413),
    GONE("gone", 410),
    RATE_LIMITED("rate-limited", 429),
    UNAVAILABLE("unavailable", 503),
    INTERNAL("internal", 500);

    private final String code;
    private final int httpStatus;

    ErrorCode(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The error code whose machine code is {@code code} (as the wire codec names them). */
    public static ErrorCode fromCode(String code) {
        for (ErrorCode value : values()) {
            if (value.code.equals(code)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown error code " + code);
    }
}
