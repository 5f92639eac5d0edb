package io.cahier.http;

/** A refusal with its {@link ErrorCode} and a message a user can act on. Changes nothing. */
public class CahierException extends RuntimeException {

    private final ErrorCode code;
    private io.vertx.core.json.JsonObject extensions;

    public CahierException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** A refusal that carries more members for the problem document (e.g. {@code current} on a conflict). */
    public static CahierException withExtensions(ErrorCode code, String message, io.vertx.core.json.JsonObject extensions) {
        CahierException e = new CahierException(code, message);
        e.extensions = extensions;
        return e;
    }

    /** Members added to the problem document, or null. */
    public io.vertx.core.json.JsonObject extensions() {
        return extensions;
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
