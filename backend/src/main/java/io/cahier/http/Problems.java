package io.cahier.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/** REST errors as {@code application/problem+json} (RFC 9457), from one failure handler. */
public final class Problems {

    private static final Logger LOG = Logger.getLogger(Problems.class.getName());

    private Problems() {
    }

    /** The router's failure handler: turns any failure into a problem document. */
    public static void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        ErrorCode code;
        String detail;
        if (failure instanceof CahierException e) {
            code = e.code();
            detail = e.getMessage();
            if (e.extensions() != null) {
                send(ctx, code, detail, e.extensions());
                return;
            }
        } else if (failure instanceof DecodeException) {
            code = ErrorCode.BAD_REQUEST;
            detail = "the request body is not valid JSON";
        } else if (failure == null && ctx.statusCode() == 413) {
            code = ErrorCode.TOO_LARGE;
            detail = "the request body is too large";
        } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            code = ctx.statusCode() == 404 ? ErrorCode.NOT_FOUND : ErrorCode.BAD_REQUEST;
            detail = "request refused (" + ctx.statusCode() + ")";
        } else if (isStorageFailure(failure)) {
            code = ErrorCode.UNAVAILABLE;
            detail = "storage is unavailable; nothing was changed, retry later";
            LOG.log(Level.WARNING, "storage failure on " + loggablePath(ctx), failure);
        } else {
            code = ErrorCode.INTERNAL;
            detail = "internal error; nothing was changed";
            LOG.log(Level.SEVERE, "internal error on " + ctx.request().method() + " " + loggablePath(ctx), failure);
        }
        send(ctx, code, detail);
    }

    public static void send(RoutingContext ctx, ErrorCode code, String detail) {
        send(ctx, code, detail, null);
    }

    private static void send(RoutingContext ctx, ErrorCode code, String detail, JsonObject extensions) {
        if (ctx.response().ended()) {
            return;
        }
        JsonObject problem = new JsonObject()
                .put("type", "https://cahier.example/problems/" + code.code())
                .put("title", title(code))
                .put("status", code.httpStatus())
                .put("code", code.code())
                .put("detail", detail);
        if (extensions != null) {
            extensions.forEach(member -> problem.put(member.getKey(), member.getValue()));
        }
        ctx.response()
                .setStatusCode(code.httpStatus())
                .putHeader("content-type", "application/problem+json")
                .end(problem.encode());
    }

    static boolean isStorageFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException || t instanceof io.vertx.sqlclient.ClosedConnectionException) {
                return true;
            }
        }
        return false;
    }

    private static String title(ErrorCode code) {
        return switch (code) {
            case BAD_MESSAGE, BAD_REQUEST -> "Bad request";
            case BAD_OP -> "Invalid operation";
            case UNKNOWN_DOC -> "Unknown document";
            case NOT_FOUND -> "Not found";
            case UNAUTHORIZED -> "Unauthorized";
            case FORBIDDEN -> "Forbidden";
            case CONFLICT -> "Conflict";
            case REV_UNAVAILABLE -> "Revision unavailable";
            case TOO_LARGE -> "Too large";
            case GONE -> "Gone";
            case RATE_LIMITED -> "Too many requests";
            case UNAVAILABLE -> "Service unavailable";
            case INTERNAL -> "Internal error";
        };
    }

    /** The request's path for a log: an invitation link's token is a secret and never written. */
    static String loggablePath(RoutingContext ctx) {
        return ctx.request().path().replaceAll("^/api/invitations/[^/]+", "/api/invitations/<token>");
    }
}
