package io.cahier.http;

/** A refusal with its {@link ErrorCode} and a message a user can act on. Changes nothing. */
public class CahierException extends RuntimeException {

    private final ErrorCode code;

    public CahierException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public CahierException(ErrorCode code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static CahierException badRequest(String message) {
        return new CahierException(ErrorCode.BAD_REQUEST, message);
    }

    public static CahierException notFound(String message) {
        return new CahierException(ErrorCode.NOT_FOUND, message);
    }
}
