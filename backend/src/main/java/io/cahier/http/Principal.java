package io.cahier.http;

/**
 * Who is making a request or holds a connection, resolved once per request or per WebSocket
 * upgrade by {@link Principals}: a user signed in with a session cookie or a bearer token
 * ({@code id} is the user's id, {@code name} the account's), or a guest who joined from an
 * invitation link and holds a guest session ({@code id} is the guest's id, {@code name} the one
 * they gave). {@code credentialId} names the session or token used (never its secret).
 * {@code facilitator}: an account that may create workspaces. A principal's role and discipline
 * belong to each workspace: {@link Access} finds them.
 */
public record Principal(String id, String name, Via via, String credentialId, String email, boolean facilitator) {

    /** How the principal was recognised. */
    public enum Via {
        /** A user's browser session (cookie). */
        SESSION,
        /** A user's API token (bearer). */
        TOKEN,
        /** A guest's browser session (cookie), opened by redeeming an invitation. */
        GUEST
    }

    public static Principal guest(String id, String name, String sessionId) {
        return new Principal(id, name, Via.GUEST, sessionId, null, false);
    }

    public boolean guest() {
        return via == Via.GUEST;
    }

    /** "account" or "guest", as members are listed. */
    public String kind() {
        return guest() ? "guest" : "account";
    }

    /** Authenticated by the browser's session cookie (users and guests): changes need the CSRF proof. */
    public boolean byCookie() {
        return via == Via.SESSION || via == Via.GUEST;
    }
}
