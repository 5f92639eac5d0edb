package io.cahier.http;

import io.vertx.core.Future;

/**
 * Looks up the user behind a credential; implemented by the accounts feature. Both answer null
 * (not a failure) when the credential is unknown, expired or revoked.
 */
public interface Identities {

    /** A signed-in browser session and the token its changes must carry. */
    record SessionIdentity(Principal principal, String csrfToken) {
    }

    /** The session whose cookie secret is {@code secret}. */
    Future<SessionIdentity> bySession(String secret);

    /** The user of the API token {@code token} (as shown once when it was made). */
    Future<Principal> byToken(String token);

    /** For servers and tests without accounts: every credential is unknown. */
    Identities NONE = new Identities() {
        @Override
        public Future<SessionIdentity> bySession(String secret) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Principal> byToken(String token) {
            return Future.succeededFuture();
        }
    };
}
