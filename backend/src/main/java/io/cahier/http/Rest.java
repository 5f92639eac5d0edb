package io.cahier.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Small helpers every REST handler shares: the principal, the JSON body, replies. */
public final class Rest {

    static final String PRINCIPAL = "cahier.principal";
    static final String CSRF = "cahier.csrf";

    /**
     * Operations that ignore the session cookie: signing in and setting up must work with a stale
     * cookie, and they act as nobody yet.
     */
    private static final java.util.Set<String> COOKIE_FREE = java.util.Set.of("POST /api/session", "POST /api/setup");

    private Rest() {
    }

    private static final java.util.Set<io.vertx.core.http.HttpMethod> SAFE_METHODS = java.util.Set.of(
            io.vertx.core.http.HttpMethod.GET, io.vertx.core.http.HttpMethod.HEAD, io.vertx.core.http.HttpMethod.OPTIONS);

    /**
     * Invitation links work for anyone: there a session cookie that has ended is dropped and the
     * request goes on as nobody, instead of being refused.
     */
    private static final String COOKIE_OPTIONAL = "/api/invitations/";

    /** The handler that resolves the principal once per request, before any /api handler runs. */
    public static io.vertx.core.Handler<RoutingContext> resolvePrincipal(Principals principals, String publicUrl) {
        String publicOrigin = Origins.of(publicUrl);
        return ctx -> {
            String origin = ctx.request().getHeader("Origin");
            if (!SAFE_METHODS.contains(ctx.request().method()) && !Origins.allowed(origin, ctx.request().getHeader("Host"), publicOrigin)) {
                ctx.fail(new CahierException(ErrorCode.FORBIDDEN, "pages of " + origin + " may not change anything in Cahier; open Cahier at "
                        + publicOrigin));
                return;
            }
            boolean useCookie = !COOKIE_FREE.contains(ctx.request().method().name() + " " + ctx.normalizedPath());
            principals.resolve(ctx.request(), useCookie).onComplete(done -> {
                if (done.succeeded()) {
                    ctx.put(PRINCIPAL, done.result().principal());
                    ctx.put(CSRF, done.result().csrfToken());
                    ctx.next();
                    return;
                }
                if (done.cause() instanceof CahierException e && e.code() == ErrorCode.UNAUTHORIZED
                        && ctx.request().getCookie(Principals.SESSION_COOKIE) != null
                        && ctx.request().getHeader("Authorization") == null) {
                    ctx.response().addCookie(principals.clearedSessionCookie());
                    if (ctx.normalizedPath().startsWith(COOKIE_OPTIONAL)) {
                        ctx.next();
                        return;
                    }
                }
                ctx.fail(done.cause());
            });
        };
    }

    /** The address the request came from (the unit of the rate limits on guessing). */
    public static String clientAddress(RoutingContext ctx) {
        var remote = ctx.request().remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }

    /** {@code 429} with {@code Retry-After}. */
    public static CahierException rateLimited(RoutingContext ctx, long seconds, String message) {
        ctx.response().putHeader("Retry-After", String.valueOf(seconds));
        return new CahierException(ErrorCode.RATE_LIMITED, message);
    }

    /** The CSRF token of the session the request came with, or null (not cookie-authenticated). */
    public static String csrfToken(RoutingContext ctx) {
        return ctx.get(CSRF);
    }

    /** Who makes the request; {@code 401} for nobody. */
    public static Principal principal(RoutingContext ctx) {
        return Access.signedIn(ctx.get(PRINCIPAL));
    }

    /** Who makes the request, or null for nobody (the routes anyone may use: invitations). */
    public static Principal principalOrNull(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    public static JsonObject body(RoutingContext ctx) {
        String text = ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw CahierException.badRequest("a JSON object body is required");
        }
        Object parsed;
        try {
            parsed = io.vertx.core.json.Json.decodeValue(text);
        } catch (io.vertx.core.json.DecodeException e) {
            throw CahierException.badRequest("the request body is not valid JSON");
        }
        if (!(parsed instanceof JsonObject object)) {
            throw CahierException.badRequest("the request body must be a JSON object");
        }
        return object;
    }

    public static String requiredText(JsonObject body, String field, int maxLength) {
        Object value = body.getValue(field);
        if (!(value instanceof String text) || text.isBlank()) {
            throw CahierException.badRequest(field + " is required (a non-empty string)");
        }
        String stripped = text.strip();
        if (stripped.length() > maxLength) {
            throw CahierException.badRequest(field + " must be at most " + maxLength + " characters");
        }
        return stripped;
    }

    /**
     * Refuses a form body before it is read: no route takes one, and the body handler would hand
     * it to a form decoder whose own limits fail with errors of their own (a long chunked form was
     * a 500 where any other large body is a 413).
     */
    public static void refuseForms(RoutingContext ctx) {
        String type = ctx.request().getHeader("content-type");
        String lower = type == null ? "" : type.strip().toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("application/x-www-form-urlencoded") || lower.startsWith("multipart/")) {
            ctx.fail(CahierException.badRequest("forms are not accepted: send JSON (application/json), or text/csv to an import"));
            return;
        }
        ctx.next();
    }

    public static Long optionalLong(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!DIGITS.matcher(value).matches()) {
            throw CahierException.badRequest(name + " must be a non-negative integer, not \"" + value + "\"");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw CahierException.badRequest(name + " must be a non-negative integer of at most 19 digits, not \"" + value + "\"");
        }
    }

    private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("[0-9]+");

    /** A query parameter that is {@code true} or {@code false}; absent or empty means false. */
    public static boolean optionalBoolean(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        if (value == null || value.isEmpty() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw CahierException.badRequest(name + " must be true or false, not \"" + value + "\"");
    }

    /** Ends the request with {@code 204 No Content} once {@code done} succeeds, or hands its failure to the problem handler. */
    public static void noContent(RoutingContext ctx, Future<?> done) {
        done.onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
            } else {
                ctx.response().setStatusCode(204).end();
            }
        });
    }

    /** A {@code found} result that must be true, else {@code notFound}: "revoked" answers of the stores. */
    public static Future<Void> found(Future<Boolean> found, java.util.function.Supplier<CahierException> notFound) {
        return found.compose(yes -> yes ? Future.succeededFuture() : Future.failedFuture(notFound.get()));
    }

    /** Ends the request with the value as JSON, or hands a failure to the problem handler. */
    public static void reply(RoutingContext ctx, int status, Future<?> result) {
        result.onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            Object value = done.result();
            String json = value instanceof JsonObject o ? o.encode()
                    : value instanceof io.vertx.core.json.JsonArray a ? a.encode()
                    : io.vertx.core.json.Json.encode(value);
            ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(json);
        });
    }
}
