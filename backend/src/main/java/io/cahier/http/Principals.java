package io.cahier.http;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Set;

/**
 * Resolves the {@link Principal} of a request: the one place that says who someone is.
 * <ol>
 * <li>{@code Authorization: Bearer <token>}: the token's user; an unknown, revoked or malformed
 * token is refused ({@code 401}), never taken for nobody.</li>
 * <li>else the {@value #SESSION_COOKIE} cookie: the session's user or guest; an unknown, expired
 * or revoked session is refused ({@code 401}). A cookie-authenticated request that changes
 * something (any method but GET, HEAD, OPTIONS) must carry {@value #CSRF_HEADER} equal to the
 * session's token, else {@code 403}: another site can make a browser send the cookie, not the
 * header.</li>
 * <li>else nobody: the principal is null, and {@link Access} refuses it wherever one is needed.</li>
 * </ol>
 */
public final class Principals {

    public static final String SESSION_COOKIE = "cahier_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final Identities identities;
    private final boolean secureCookies;

    /** {@code secureCookies}: the public URL is https, so cookies only travel over TLS. */
    public Principals(Identities identities, boolean secureCookies) {
        this.identities = identities;
        this.secureCookies = secureCookies;
    }

    /** A principal (null: nobody) and, when it came from a session cookie, the session's CSRF token. */
    public record Resolved(Principal principal, String csrfToken) {
    }

    /**
     * Who makes {@code request}. {@code useCookie} false ignores the session cookie (signing in
     * must work with a stale cookie).
     */
    public Future<Resolved> resolve(HttpServerRequest request, boolean useCookie) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && !authorization.isBlank()) {
            String[] parts = authorization.strip().split("\\s+", 2);
            if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
                return Future.failedFuture(new CahierException(ErrorCode.UNAUTHORIZED,
                        "the Authorization header must be \"Bearer <token>\" with an API token"));
            }
            return identities.byToken(parts[1]).compose(user -> user == null
                    ? Future.failedFuture(new CahierException(ErrorCode.UNAUTHORIZED,
                            "this API token is unknown, malformed or revoked; make a new one"))
                    : Future.succeededFuture(new Resolved(user, null)));
        }
        Cookie cookie = useCookie ? request.getCookie(SESSION_COOKIE) : null;
        if (cookie != null && !cookie.getValue().isEmpty()) {
            return identities.bySession(cookie.getValue()).compose(session -> {
                if (session == null) {
                    return Future.failedFuture(new CahierException(ErrorCode.UNAUTHORIZED,
                            "your session has expired or was signed out; sign in again"));
                }
                if (!SAFE.contains(request.method()) && !same(request.getHeader(CSRF_HEADER), session.csrfToken())) {
                    return Future.failedFuture(new CahierException(ErrorCode.FORBIDDEN,
                            "a signed-in change must carry the " + CSRF_HEADER + " header given by GET /api/session"));
                }
                return Future.succeededFuture(new Resolved(session.principal(), session.csrfToken()));
            });
        }
        return Future.succeededFuture(new Resolved(null, null));
    }

    /** The session cookie carrying {@code secret} for {@code maxAgeSeconds}. */
    public Cookie sessionCookie(String secret, long maxAgeSeconds) {
        return Cookie.cookie(SESSION_COOKIE, secret).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.LAX)
                .setSecure(secureCookies).setMaxAge(maxAgeSeconds);
    }

    /** Replaces the session cookie by an expired, empty one: the browser drops it. */
    public Cookie clearedSessionCookie() {
        return sessionCookie("", 0);
    }

    private static boolean same(String a, String b) {
        return a != null && b != null && java.security.MessageDigest.isEqual(
                a.getBytes(java.nio.charset.StandardCharsets.UTF_8), b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
