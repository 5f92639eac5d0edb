package io.cahier.accounts;

import io.cahier.http.CahierException;
import io.cahier.http.ErrorCode;
import io.cahier.http.Identities;
import io.cahier.http.Principal;
import io.cahier.storage.Ids;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Accounts: creating users, signing in, sessions, API tokens and the first start. Used by the
 * REST routes and by the admin command line alike. Password hashing runs on a worker thread.
 * Identifies the user behind a session cookie or a bearer token for {@link io.cahier.http.Principals}.
 */
public final class Accounts implements Identities {

    private static final Logger LOG = Logger.getLogger(Accounts.class.getName());
    public static final int MAX_NAME = 80;
    public static final int MAX_EMAIL = 254;
    public static final int MAX_LABEL = 100;
    static final String TOKEN_PREFIX = "ct_";
    static final Duration SETUP_LIFETIME = Duration.ofHours(24);
    /** A token's last use is written at most this often: a busy program should not write on every request. */
    private static final long TOUCH_EVERY_MILLIS = 60_000;

    private final Vertx vertx;
    private final AccountStore store;
    private final Duration sessionLifetime;

    public Accounts(Vertx vertx, AccountStore store, Duration sessionLifetime) {
        this.vertx = vertx;
        this.store = store;
        this.sessionLifetime = sessionLifetime;
    }

    public Duration sessionLifetime() {
        return sessionLifetime;
    }

    /** A new session: its cookie secret (never stored), its CSRF token, and who it is for. */
    public record NewSession(String secret, String csrfToken, long expiresAt, User user) {
    }

    /** A new API token: listed as {@code token}, and its secret form, shown once. */
    public record NewToken(ApiToken token, String secret) {
    }

    // --- users -------------------------------------------------------------------------------

    /** Lower-cased and trimmed; refused if it does not look like an email address. */
    public static String normalizeEmail(String email) {
        String normalized = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (normalized.length() > MAX_EMAIL || !normalized.matches("[^@\\s]+@[^@\\s]+")) {
            throw CahierException.badRequest("email must be an email address (name@example.org) of at most " + MAX_EMAIL + " characters");
        }
        return normalized;
    }

    public static String checkName(String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_NAME) {
            throw CahierException.badRequest("name must be 1 to " + MAX_NAME + " characters");
        }
        return stripped;
    }

    /** A new user from what was typed, checked (email, name, password rules); throws {@code bad-request}. */
    private static User newUser(String email, String name, String password, boolean facilitator) {
        Passwords.checkRules(password);
        return new User(Ids.newId(), normalizeEmail(email), checkName(name), facilitator, System.currentTimeMillis());
    }

    /** Creates a user; {@code 409 conflict} if the email is taken, {@code 400} for a weak password. */
    public Future<User> createUser(String email, String name, String password, boolean facilitator) {
        User user;
        try {
            user = newUser(email, name, password, facilitator);
        } catch (CahierException e) {
            return Future.failedFuture(e);
        }
        return hash(password).compose(hash -> store.insertUser(user, hash))
                .recover(failure -> Future.failedFuture(failure instanceof AccountStore.DuplicateEmail
                        ? new CahierException(ErrorCode.CONFLICT, "an account with this email already exists") : failure))
                .map(user);
    }

    /** The user with this email and password, or null whatever was wrong (takes as long either way). */
    public Future<User> authenticate(String email, String password) {
        String normalized;
        try {
            normalized = normalizeEmail(email);
        } catch (CahierException e) {
            normalized = null;
        }
        Future<AccountStore.Credentials> found = normalized == null ? Future.succeededFuture() : store.credentials(normalized);
        return found.compose(credentials -> vertx.executeBlocking(() -> {
            boolean valid = Passwords.verify(password, credentials == null ? null : credentials.passwordHash());
            return valid && credentials != null ? credentials.user() : null;
        }, false));
    }

    public Future<User> userByEmail(String email) {
        return store.credentials(normalizeEmail(email)).map(c -> c == null ? null : c.user());
    }

    // --- sessions ----------------------------------------------------------------------------

    public Future<NewSession> openSession(User user) {
        long now = System.currentTimeMillis();
        NewSession session = newSession(user, now);
        return AccountStore.insertSession(store.database().pool(), Secrets.sha256(session.secret()), user.id(),
                session.csrfToken(), now, session.expiresAt()).map(session);
    }

    private NewSession newSession(User user, long now) {
        return new NewSession(Secrets.newSecret(), Secrets.newSecret(), now + sessionLifetime.toMillis(), user);
    }

    /**
     * A new guest with their first session, inserted on {@code client} (the caller's transaction,
     * which also makes them a member): the session's secret and CSRF token, and who they are.
     */
    public Future<NewGuestSession> createGuest(io.vertx.sqlclient.SqlClient client, String name) {
        String guestName = checkName(name);
        long now = System.currentTimeMillis();
        String guestId = "guest-" + Ids.newId();
        String secret = Secrets.newSecret();
        String csrf = Secrets.newSecret();
        String sessionId = Secrets.sha256(secret);
        return AccountStore.insertGuest(client, guestId, guestName, sessionId, csrf, now, now + sessionLifetime.toMillis())
                .map(v -> new NewGuestSession(secret, csrf, Principal.guest(guestId, guestName, sessionId)));
    }

    /** A guest's new session: the cookie's secret (never stored), its CSRF token, and the guest. */
    public record NewGuestSession(String secret, String csrfToken, Principal guest) {
    }

    public Future<Void> closeSession(String sessionId) {
        return store.revokeSession(sessionId, System.currentTimeMillis());
    }

    @Override
    public Future<SessionIdentity> bySession(String secret) {
        if (!Secrets.looksLikeSecret(secret)) {
            return Future.succeededFuture();
        }
        return store.session(Secrets.sha256(secret)).map(row -> {
            if (row == null || row.revokedAt() != null || row.expiresAt() <= System.currentTimeMillis()) {
                return null;
            }
            Principal principal = row.user() != null ? principal(row.user(), Principal.Via.SESSION, row.id())
                    : Principal.guest(row.guestId(), row.guestName(), row.id());
            return new SessionIdentity(principal, row.csrfToken());
        });
    }

    /**
     * Changes the password of a signed-in user who proves the current one ({@code 401} if wrong),
     * and revokes the user's other sessions (a thief's session ends with the change).
     */
    public Future<Void> changePassword(String userId, String keepSession, String current, String replacement) {
        try {
            Passwords.checkRules(replacement);
        } catch (CahierException e) {
            return Future.failedFuture(e);
        }
        return store.credentialsById(userId)
                .compose(credentials -> vertx.executeBlocking(() -> {
                    if (credentials == null || current == null || !Passwords.verify(current, credentials.passwordHash())) {
                        throw new CahierException(ErrorCode.UNAUTHORIZED, "the current password is not right; nothing was changed");
                    }
                    return Passwords.hash(replacement);
                }, false))
                .compose(hash -> store.database().inTransaction(conn -> store.setPasswordHash(conn, userId, hash)
                        .compose(v -> store.revokeOtherSessions(conn, userId, keepSession, System.currentTimeMillis()))));
    }

    // --- API tokens --------------------------------------------------------------------------

    public Future<NewToken> createToken(String userId, String label) {
        String stripped = label == null ? "" : label.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_LABEL) {
            return Future.failedFuture(CahierException.badRequest("label must be 1 to " + MAX_LABEL + " characters"));
        }
        String id = Ids.newId();
        String secret = Secrets.newSecret();
        long now = System.currentTimeMillis();
        return store.insertToken(id, userId, Secrets.sha256(secret), stripped, now)
                .map(v -> new NewToken(new ApiToken(id, stripped, now, null), TOKEN_PREFIX + id + "_" + secret));
    }

    public Future<List<ApiToken>> tokens(String userId) {
        return store.tokens(userId);
    }

    public Future<Boolean> revokeToken(String userId, String tokenId) {
        return store.revokeToken(userId, tokenId, System.currentTimeMillis());
    }

    /** {@code ct_<16-character id>_<43-character secret>}; anything else is malformed. */
    @Override
    public Future<Principal> byToken(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() != TOKEN_PREFIX.length() + 16 + 1 + 43
                || token.charAt(TOKEN_PREFIX.length() + 16) != '_') {
            return Future.succeededFuture();
        }
        String id = token.substring(TOKEN_PREFIX.length(), TOKEN_PREFIX.length() + 16);
        String secret = token.substring(TOKEN_PREFIX.length() + 17);
        if (!Secrets.looksLikeSecret(secret)) {
            return Future.succeededFuture();
        }
        return store.token(id).map(row -> {
            if (row == null || row.revokedAt() != null || !Secrets.same(row.secretHash(), Secrets.sha256(secret))) {
                return null;
            }
            long now = System.currentTimeMillis();
            if (row.lastUsedAt() == null || now - row.lastUsedAt() > TOUCH_EVERY_MILLIS) {
                store.touchToken(row.id(), now).onFailure(e -> LOG.log(Level.FINE, "could not record the use of token " + row.id(), e));
            }
            return principal(row.user(), Principal.Via.TOKEN, row.id());
        });
    }

    // --- first start -------------------------------------------------------------------------

    /** When no user exists, a new one-time setup token (valid 24 h); else null. */
    public Future<String> setupTokenIfNoUser() {
        return store.userCount().compose(count -> {
            if (count > 0) {
                return Future.succeededFuture();
            }
            String token = Secrets.newSecret();
            long now = System.currentTimeMillis();
            return store.insertSetupToken(Ids.newId(), Secrets.sha256(token), now, now + SETUP_LIFETIME.toMillis()).map(token);
        });
    }

    /**
     * Creates the first facilitator with a setup token and signs them in: {@code 409 conflict}
     * once any user exists, {@code 401} for a wrong, expired or used token.
     */
    public Future<NewSession> setUp(String token, String email, String name, String password) {
        User user;
        try {
            user = newUser(email, name, password, true);
        } catch (CahierException e) {
            return Future.failedFuture(e);
        }
        String tokenHash = Secrets.sha256(token == null ? "" : token);
        NewSession session = newSession(user, user.createdAt());
        // Checked before the slow hash (a guess costs the server nothing), and again in the transaction.
        return store.userCount().compose(count -> count > 0 ? Future.failedFuture(alreadySetUp())
                        : store.setupTokenUsable(tokenHash, user.createdAt()))
                .compose(usable -> usable ? hash(password) : Future.failedFuture(wrongSetupToken()))
                .compose(hash -> store.database().inTransaction(conn -> AccountStore.userCount(conn)
                .compose(count -> count > 0
                        ? Future.failedFuture(alreadySetUp())
                        : AccountStore.useSetupToken(conn, tokenHash, user.createdAt()))
                .compose(used -> used
                        ? AccountStore.insertUser(conn, user, hash)
                        : Future.failedFuture(wrongSetupToken()))
                .compose(v -> AccountStore.insertSession(conn, Secrets.sha256(session.secret()), user.id(), session.csrfToken(),
                        user.createdAt(), session.expiresAt()))))
                .map(session);
    }

    private static CahierException alreadySetUp() {
        return new CahierException(ErrorCode.CONFLICT, "Cahier is already set up; sign in, or ask a facilitator for an account");
    }

    private static CahierException wrongSetupToken() {
        return new CahierException(ErrorCode.UNAUTHORIZED,
                "this set-up link is wrong, expired or already used; restart the server for a new one");
    }

    // --- helpers -----------------------------------------------------------------------------

    private Future<String> hash(String password) {
        return vertx.executeBlocking(() -> Passwords.hash(password), false);
    }

    private static Principal principal(User user, Principal.Via via, String credentialId) {
        return new Principal(user.id(), user.name(), via, credentialId, user.email(), user.facilitator());
    }
}
