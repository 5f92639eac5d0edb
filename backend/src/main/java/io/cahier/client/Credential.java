package io.cahier.client;

import io.vertx.core.MultiMap;

/**
 * How a client proves who it is to Cahier: a user's API token (sent as {@code Authorization:
 * Bearer}), or a browser session — a user's or a guest's, from redeeming an invitation — sent as
 * the {@code cahier_session} cookie, whose changes carry {@code X-CSRF-Token}.
 */
public record Credential(String bearerToken, String sessionSecret, String csrfToken) {

    public static Credential bearer(String token) {
        return new Credential(token, null, null);
    }

    public static Credential session(String secret, String csrfToken) {
        return new Credential(null, secret, csrfToken);
    }

    /** Adds the credential to a request's headers; {@code change}: the request changes something. */
    public void addTo(MultiMap headers, boolean change) {
        if (bearerToken != null) {
            headers.set("Authorization", "Bearer " + bearerToken);
        } else if (sessionSecret != null) {
            headers.set("Cookie", "cahier_session=" + sessionSecret);
            if (change && csrfToken != null) {
                headers.set("X-CSRF-Token", csrfToken);
            }
        }
    }

    @Override
    public String toString() {
        return bearerToken != null ? "Credential[bearer]" : "Credential[session]"; // never the secret
    }
}
