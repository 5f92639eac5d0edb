package io.cahier.accounts;

import io.cahier.storage.Database;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The SQL of accounts: users, sessions, API tokens and setup tokens (same SQL on both stores). */
public final class AccountStore {

    private static final String USER_COLUMNS = "id, email, name, facilitator, created_at";

    /** A user with the hash of their password, for signing in. */
    public record Credentials(User user, String passwordHash) {
    }

    /** A token row, valid or not. */
    public record TokenRow(String id, User user, String secretHash, Long revokedAt, Long lastUsedAt) {
    }

    private final Database database;

    public AccountStore(Database database) {
        this.database = database;
    }

    public Database database() {
        return database;
    }

    // --- users -------------------------------------------------------------------------------

    public Future<Long> userCount() {
        return SqlTemplate.forQuery(database.pool(), "SELECT COUNT(*) AS n FROM users").execute(Map.of())
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    public static Future<Long> userCount(SqlClient client) {
        return SqlTemplate.forQuery(client, "SELECT COUNT(*) AS n FROM users").execute(Map.of())
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /** Inserts a user; fails with {@link DuplicateEmail} when the (lower-cased) email is taken. */
    public static Future<Void> insertUser(SqlClient client, User user, String passwordHash) {
        return SqlTemplate.forUpdate(client, "INSERT INTO users (id, email, name, password_hash, facilitator, created_at) "
                        + "VALUES (#{id}, #{email}, #{name}, #{hash}, #{facilitator}, #{time})")
                .execute(Map.of("id", user.id(), "email", user.email(), "name", user.name(), "hash", passwordHash,
                        "facilitator", user.facilitator() ? 1 : 0, "time", user.createdAt()))
                .<Void>mapEmpty()
                .recover(failure -> Future.failedFuture(Database.isUniqueViolation(failure) ? new DuplicateEmail() : failure));
    }

    public Future<Void> insertUser(User user, String passwordHash) {
        return insertUser(database.pool(), user, passwordHash);
    }

    /** The email is taken. */
    public static final class DuplicateEmail extends RuntimeException {
        DuplicateEmail() {
            super("an account with this email already exists", null, false, false);
        }
    }

    public Future<Credentials> credentials(String email) {
        return SqlTemplate.forQuery(database.pool(), "SELECT " + USER_COLUMNS + ", password_hash FROM users WHERE email = #{email}")
                .execute(Map.of("email", email))
                .map(rows -> first(rows, row -> new Credentials(user(row), row.getString("password_hash"))));
    }

    public Future<Credentials> credentialsById(String userId) {
        return SqlTemplate.forQuery(database.pool(), "SELECT " + USER_COLUMNS + ", password_hash FROM users WHERE id = #{id}")
                .execute(Map.of("id", userId))
                .map(rows -> first(rows, row -> new Credentials(user(row), row.getString("password_hash"))));
    }

    public Future<Void> setPasswordHash(SqlClient client, String userId, String passwordHash) {
        return SqlTemplate.forUpdate(client, "UPDATE users SET password_hash = #{hash} WHERE id = #{id}")
                .execute(Map.of("hash", passwordHash, "id", userId)).mapEmpty();
    }

    // --- sessions ----------------------------------------------------------------------------

    public static Future<Void> insertSession(SqlClient client, String id, String userId, String csrfToken, long now, long expiresAt) {
        return SqlTemplate.forUpdate(client, "INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at) "
                        + "VALUES (#{id}, #{user}, #{csrf}, #{now}, #{expires})")
                .execute(Map.of("id", id, "user", userId, "csrf", csrfToken, "now", now, "expires", expiresAt)).mapEmpty();
    }

    /** A guest and their first session, in the caller's transaction. */
    public static Future<Void> insertGuest(SqlClient client, String guestId, String name, String sessionId, String csrfToken,
            long now, long expiresAt) {
        return SqlTemplate.forUpdate(client, "INSERT INTO guests (id, name, created_at) VALUES (#{id}, #{name}, #{now})")
                .execute(Map.of("id", guestId, "name", name, "now", now))
                .compose(v -> SqlTemplate.forUpdate(client, "INSERT INTO sessions (id, guest_id, csrf_token, created_at, expires_at) "
                                + "VALUES (#{id}, #{guest}, #{csrf}, #{now}, #{expires})")
                        .execute(Map.of("id", sessionId, "guest", guestId, "csrf", csrfToken, "now", now, "expires", expiresAt)))
                .mapEmpty();
    }

    /** Ends every live session of a guest (removed from their last workspace). */
    public static Future<Void> revokeGuestSessions(SqlClient client, String guestId, long now) {
        return SqlTemplate.forUpdate(client, "UPDATE sessions SET revoked_at = #{now} WHERE guest_id = #{guest} AND revoked_at IS NULL")
                .execute(Map.of("guest", guestId, "now", now)).mapEmpty();
    }

    /** A session of a user ({@code user} set) or of a guest ({@code guestId}, {@code guestName} set). */
    public record SessionRow(String id, User user, String guestId, String guestName, String csrfToken, long expiresAt,
            Long revokedAt) {
    }

    public Future<SessionRow> session(String id) {
        return SqlTemplate.forQuery(database.pool(), "SELECT s.id AS sid, s.csrf_token, s.expires_at, s.revoked_at, "
                        + "u.id, u.email, u.name, u.facilitator, u.created_at, g.id AS gid, g.name AS gname "
                        + "FROM sessions s LEFT JOIN users u ON u.id = s.user_id LEFT JOIN guests g ON g.id = s.guest_id "
                        + "WHERE s.id = #{id}")
                .execute(Map.of("id", id))
                .map(rows -> first(rows, row -> new SessionRow(row.getString("sid"),
                        row.getString("id") == null ? null : user(row), row.getString("gid"), row.getString("gname"),
                        row.getString("csrf_token"), row.getLong("expires_at"), row.getLong("revoked_at"))));
    }

    public Future<Void> revokeSession(String id, long now) {
        return SqlTemplate.forUpdate(database.pool(), "UPDATE sessions SET revoked_at = #{now} WHERE id = #{id} AND revoked_at IS NULL")
                .execute(Map.of("id", id, "now", now)).mapEmpty();
    }

    /** Revokes every live session of the user except {@code keep} (null: all). */
    public Future<Void> revokeOtherSessions(SqlClient client, String userId, String keep, long now) {
        Map<String, Object> params = new HashMap<>();
        params.put("user", userId);
        params.put("keep", keep == null ? "" : keep);
        params.put("now", now);
        return SqlTemplate.forUpdate(client, "UPDATE sessions SET revoked_at = #{now} "
                        + "WHERE user_id = #{user} AND id <> #{keep} AND revoked_at IS NULL")
                .execute(params).mapEmpty();
    }

    // --- API tokens --------------------------------------------------------------------------

    public Future<Void> insertToken(String id, String userId, String secretHash, String label, long now) {
        return SqlTemplate.forUpdate(database.pool(), "INSERT INTO api_tokens (id, user_id, secret_hash, label, created_at) "
                        + "VALUES (#{id}, #{user}, #{hash}, #{label}, #{now})")
                .execute(Map.of("id", id, "user", userId, "hash", secretHash, "label", label, "now", now)).mapEmpty();
    }

    public Future<TokenRow> token(String id) {
        return SqlTemplate.forQuery(database.pool(), "SELECT t.id AS tid, t.secret_hash, t.revoked_at, t.last_used_at, "
                        + "u.id, u.email, u.name, u.facilitator, u.created_at FROM api_tokens t JOIN users u ON u.id = t.user_id "
                        + "WHERE t.id = #{id}")
                .execute(Map.of("id", id))
                .map(rows -> first(rows, row -> new TokenRow(row.getString("tid"), user(row), row.getString("secret_hash"),
                        row.getLong("revoked_at"), row.getLong("last_used_at"))));
    }

    /** The user's tokens that are not revoked, newest first. */
    public Future<List<ApiToken>> tokens(String userId) {
        return SqlTemplate.forQuery(database.pool(), "SELECT id, label, created_at, last_used_at FROM api_tokens "
                        + "WHERE user_id = #{user} AND revoked_at IS NULL ORDER BY created_at DESC, id")
                .execute(Map.of("user", userId))
                .map(rows -> {
                    List<ApiToken> list = new ArrayList<>();
                    rows.forEach(row -> list.add(new ApiToken(row.getString("id"), row.getString("label"),
                            row.getLong("created_at"), row.getLong("last_used_at"))));
                    return list;
                });
    }

    /** True if the user's live token {@code id} was revoked now. */
    public Future<Boolean> revokeToken(String userId, String id, long now) {
        return SqlTemplate.forUpdate(database.pool(), "UPDATE api_tokens SET revoked_at = #{now} "
                        + "WHERE id = #{id} AND user_id = #{user} AND revoked_at IS NULL")
                .execute(Map.of("id", id, "user", userId, "now", now))
                .map(result -> result.rowCount() == 1);
    }

    public Future<Void> touchToken(String id, long now) {
        return SqlTemplate.forUpdate(database.pool(), "UPDATE api_tokens SET last_used_at = #{now} WHERE id = #{id}")
                .execute(Map.of("id", id, "now", now)).mapEmpty();
    }

    // --- setup tokens ------------------------------------------------------------------------

    public Future<Void> insertSetupToken(String id, String tokenHash, long now, long expiresAt) {
        return SqlTemplate.forUpdate(database.pool(), "INSERT INTO setup_tokens (id, token_hash, created_at, expires_at) "
                        + "VALUES (#{id}, #{hash}, #{now}, #{expires})")
                .execute(Map.of("id", id, "hash", tokenHash, "now", now, "expires", expiresAt)).mapEmpty();
    }

    /** True if a setup token with this hash is unused and unexpired. */
    public Future<Boolean> setupTokenUsable(String tokenHash, long now) {
        return SqlTemplate.forQuery(database.pool(), "SELECT id FROM setup_tokens "
                        + "WHERE token_hash = #{hash} AND used_at IS NULL AND expires_at > #{now}")
                .execute(Map.of("hash", tokenHash, "now", now))
                .map(rows -> rows.size() > 0);
    }

    /** Marks the live setup token with this hash used; false if there is none (wrong, expired or used). */
    public static Future<Boolean> useSetupToken(SqlClient client, String tokenHash, long now) {
        return SqlTemplate.forUpdate(client, "UPDATE setup_tokens SET used_at = #{now} "
                        + "WHERE token_hash = #{hash} AND used_at IS NULL AND expires_at > #{now}")
                .execute(Map.of("hash", tokenHash, "now", now))
                .map(result -> result.rowCount() == 1);
    }

    // --- rows --------------------------------------------------------------------------------

    private static User user(Row row) {
        return new User(row.getString("id"), row.getString("email"), row.getString("name"),
                row.getLong("facilitator") != 0, row.getLong("created_at"));
    }

    private static <T> T first(RowSet<Row> rows, java.util.function.Function<Row, T> mapper) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? mapper.apply(iterator.next()) : null;
    }
}
