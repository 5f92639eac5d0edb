package io.cahier.http;

import io.cahier.storage.Ids;

/**
 * Who is making a request or holds a connection, resolved once per request or per WebSocket
 * upgrade by {@link Principals}: a user signed in with a session cookie or a bearer token
 * ({@code id} is the user's id, {@code name} the account's), or a guest who states a name
 * ({@code id} is {@code guest-} and a fresh random id). {@code discipline} is the one the request
 * states, for users and guests alike (memberships will give it later). {@code credentialId}
 * names the session or token used (never its secret); null for a guest.
 */
public record Principal(String id, String name, String discipline, Via via, String credentialId, String email,
        boolean facilitator) {

    /** How the principal was recognised. */
    public enum Via {
        GUEST, SESSION, TOKEN
    }

    public static Principal guest(String name, String discipline) {
        return new Principal("guest-" + Ids.newId(), name, discipline, Via.GUEST, null, null, false);
    }

    public boolean guest() {
        return via == Via.GUEST;
    }

    /** Authenticated by the browser's session cookie: changes need the CSRF proof. */
    public boolean byCookie() {
        return via == Via.SESSION;
    }

    /** The same principal speaking from another discipline. */
    public Principal withDiscipline(String discipline) {
        return new Principal(id, name, discipline, via, credentialId, email, facilitator);
    }
}
