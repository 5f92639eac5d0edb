package io.cahier.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers on every response: scripts and styles only from this origin (the web client has no
 * inline script), no framing, no MIME sniffing, no referrer (document addresses and set-up links
 * stay private).
 */
public final class SecurityHeaders {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; "
            + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    private SecurityHeaders() {
    }

    public static void add(RoutingContext ctx) {
        MultiMap headers = ctx.response().headers();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
        ctx.next();
    }
}
