package io.cahier.accounts;

import io.cahier.http.CahierException;
import io.cahier.http.ErrorCode;
import io.cahier.http.Principal;
import io.cahier.http.Principals;
import io.cahier.http.Rest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Locale;

/**
 * REST: signing in and out ({@code /api/session}), changing one's password, personal API tokens
 * ({@code /api/tokens}) and the first start ({@code /api/setup}). Failed sign-ins and set-ups are
 * rate-limited per client address and per email.
 */
public final class AccountRoutes {

    /** Failed sign-ins per email per minute before {@code 429}. */
    static final int FAILURES_PER_EMAIL = 5;
    /** Failed sign-ins per client address per minute: higher, a workshop room shares one address. */
    static final int FAILURES_PER_ADDRESS = 20;
    /** Failed set-ups per client address per minute. */
    static final int SETUP_FAILURES_PER_ADDRESS = 5;

    private final Accounts accounts;
    private final Principals principals;
    private final FailureLimiter byEmail = new FailureLimiter(FAILURES_PER_EMAIL, Duration.ofMinutes(1));
    private final FailureLimiter byAddress = new FailureLimiter(FAILURES_PER_ADDRESS, Duration.ofMinutes(1));
    private final FailureLimiter setupByAddress = new FailureLimiter(SETUP_FAILURES_PER_ADDRESS, Duration.ofMinutes(1));

    public AccountRoutes(Accounts accounts, Principals principals) {
        this.accounts = accounts;
        this.principals = principals;
    }

    public void mount(Router router) {
        router.post("/api/session").handler(this::signIn);
        router.get("/api/session").handler(this::whoAmI);
        router.delete("/api/session").handler(this::signOut);
        router.post("/api/session/password").handler(this::changePassword);
        router.post("/api/tokens").handler(this::createToken);
        router.get("/api/tokens").handler(this::listTokens);
        router.delete("/api/tokens/:id").handler(this::revokeToken);
        router.post("/api/setup").handler(this::setUp);
    }

    private void signIn(RoutingContext ctx) {
        JsonObject body = Rest.body(ctx);
        String email = secretText(body, "email");
        String password = secretText(body, "password");
        String address = Rest.clientAddress(ctx);
        String emailKey = email.strip().toLowerCase(Locale.ROOT);
        long wait = Math.max(byAddress.blockedForSeconds(address), byEmail.blockedForSeconds(emailKey));
        if (wait > 0) {
            throw Rest.rateLimited(ctx, wait, "too many failed sign-ins; wait " + wait + " s before trying again");
        }
        accounts.authenticate(email, password).compose(user -> {
            if (user == null) {
                byAddress.failed(address);
                byEmail.failed(emailKey);
                return Future.failedFuture(new CahierException(ErrorCode.UNAUTHORIZED, "the email or the password is wrong"));
            }
            byEmail.reset(emailKey);
            return accounts.openSession(user);
        }).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            sendSession(ctx, 200, done.result());
        });
    }

    private void whoAmI(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        JsonObject body = principal.guest()
                ? new JsonObject().put("guest", new JsonObject().put("id", principal.id()).put("name", principal.name()))
                : new JsonObject().put("user", userJson(principal));
        if (principal.byCookie()) {
            body.put("csrfToken", Rest.csrfToken(ctx));
        }
        ctx.response().putHeader("content-type", "application/json").end(body.encode());
    }

    private void signOut(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        if (!principal.byCookie()) {
            throw new CahierException(ErrorCode.UNAUTHORIZED, "only a browser session can be signed out, not an API token");
        }
        accounts.closeSession(principal.credentialId()).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            ctx.response().addCookie(principals.clearedSessionCookie()).setStatusCode(204).end();
        });
    }

    private void changePassword(RoutingContext ctx) {
        Principal principal = session(ctx);
        JsonObject body = Rest.body(ctx);
        String current = secretText(body, "current");
        String replacement = secretText(body, "new");
        Rest.noContent(ctx, accounts.changePassword(principal.id(), principal.credentialId(), current, replacement));
    }

    private void createToken(RoutingContext ctx) {
        Principal principal = session(ctx);
        String label = Rest.requiredText(Rest.body(ctx), "label", Accounts.MAX_LABEL);
        Rest.reply(ctx, 201, accounts.createToken(principal.id(), label)
                .map(created -> created.token().toJson().put("token", created.secret())));
    }

    private void listTokens(RoutingContext ctx) {
        Principal principal = user(ctx);
        Rest.reply(ctx, 200, accounts.tokens(principal.id())
                .map(list -> new JsonArray(list.stream().map(ApiToken::toJson).toList())));
    }

    private void revokeToken(RoutingContext ctx) {
        Principal principal = user(ctx);
        String id = ctx.pathParam("id");
        Rest.noContent(ctx, Rest.found(accounts.revokeToken(principal.id(), id),
                () -> CahierException.notFound("you have no API token \"" + id + "\"")));
    }

    private void setUp(RoutingContext ctx) {
        String address = Rest.clientAddress(ctx);
        long wait = setupByAddress.blockedForSeconds(address);
        if (wait > 0) {
            throw Rest.rateLimited(ctx, wait, "too many failed set-up attempts; wait " + wait + " s before trying again");
        }
        JsonObject body = Rest.body(ctx);
        String token = secretText(body, "token");
        String email = secretText(body, "email");
        String name = secretText(body, "name");
        String password = secretText(body, "password");
        accounts.setUp(token, email, name, password).onComplete(done -> {
            if (done.failed()) {
                if (done.cause() instanceof CahierException e && e.code() == ErrorCode.UNAUTHORIZED) {
                    setupByAddress.failed(address);
                }
                ctx.fail(done.cause());
                return;
            }
            sendSession(ctx, 201, done.result());
        });
    }

    // --- helpers -----------------------------------------------------------------------------

    private void sendSession(RoutingContext ctx, int status, Accounts.NewSession session) {
        ctx.response()
                .addCookie(principals.sessionCookie(session.secret(), accounts.sessionLifetime().toSeconds()))
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(new JsonObject().put("user", session.user().toJson()).put("csrfToken", session.csrfToken()).encode());
    }

    private static JsonObject userJson(Principal principal) {
        return new JsonObject().put("id", principal.id()).put("email", principal.email()).put("name", principal.name())
                .put("facilitator", principal.facilitator());
    }

    /** A user (session or token), else {@code 401} (nobody) or {@code 403} (a guest has no account). */
    private static Principal user(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        if (principal.guest()) {
            throw new CahierException(ErrorCode.FORBIDDEN, "guests have no account: API tokens and passwords are for accounts");
        }
        return principal;
    }

    /** A user signed in with a session cookie, else {@code 401}: API tokens cannot manage credentials. */
    private static Principal session(RoutingContext ctx) {
        Principal principal = user(ctx);
        if (!principal.byCookie()) {
            throw new CahierException(ErrorCode.UNAUTHORIZED, "only a signed-in browser session can do this, not an API token");
        }
        return principal;
    }

    /** A string property, not trimmed (a password's spaces are part of it), at most 1024 characters. */
    private static String secretText(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (!(value instanceof String text) || text.isEmpty()) {
            throw CahierException.badRequest(field + " is required (a non-empty string)");
        }
        if (text.length() > Passwords.MAX_LENGTH) {
            throw CahierException.badRequest(field + " must be at most " + Passwords.MAX_LENGTH + " characters");
        }
        return text;
    }

}
