package io.cahier.workspaces;

import io.cahier.accounts.AccountStore;
import io.cahier.http.Access;
import io.cahier.http.CahierException;
import io.cahier.http.ErrorCode;
import io.cahier.http.Principal;
import io.cahier.http.Role;
import io.cahier.storage.Database;
import io.cahier.storage.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The SQL of workspaces: the workspaces themselves, their members (accounts and guests) with a
 * role and a discipline, the disciplines they add, invitation links, and the activity journal
 * where every membership, role and invitation change is written in the same transaction as the
 * change. Same SQL on both stores.
 */
public final class WorkspaceStore implements Access.Grants {

    private static final String MEMBER_COLUMNS = "m.participant_id, m.kind, m.role, m.discipline, m.joined_at, "
            + "u.name AS uname, u.email, g.name AS gname";
    private static final String MEMBER_FROM = "FROM members m LEFT JOIN users u ON u.id = m.participant_id "
            + "LEFT JOIN guests g ON g.id = m.participant_id";
    private static final String INVITATION_COLUMNS = "id, workspace_id, role, label, expires_at, max_uses, uses, "
            + "created_by_id, created_by_name, created_at, revoked_at";

    private final Database database;
    private final Pool pool;

    public WorkspaceStore(Database database) {
        this.database = database;
        this.pool = database.pool();
    }

    public Database database() {
        return database;
    }

    /** A workspace with what one of its members holds in it. */
    public record Membership(Workspace workspace, Access.Grant grant) {
    }

    // --- workspaces --------------------------------------------------------------------------

    /** A new workspace whose creator is its first facilitator. */
    public Future<Workspace> create(String name, Principal creator, String discipline) {
        Workspace workspace = new Workspace(Ids.newId(), name, System.currentTimeMillis());
        return database.inTransaction(conn -> SqlTemplate.forUpdate(conn,
                        "INSERT INTO workspaces (id, name, created_at) VALUES (#{id}, #{name}, #{time})")
                .execute(Map.of("id", workspace.id(), "name", name, "time", workspace.createdAt()))
                .compose(v -> insertMember(conn, workspace.id(), creator.id(), creator.kind(), Role.FACILITATOR, discipline,
                        workspace.createdAt()))
                .compose(v -> record(conn, workspace.id(), creator, "workspace.created", workspace.id(),
                        new JsonObject().put("name", name))))
                .map(workspace);
    }

    @Override
    public Future<Access.Grant> grant(String workspaceId, String participantId) {
        return SqlTemplate.forQuery(pool, "SELECT role, discipline FROM members "
                        + "WHERE workspace_id = #{ws} AND participant_id = #{p}")
                .execute(Map.of("ws", workspaceId, "p", participantId))
                .map(rows -> first(rows, row -> new Access.Grant(workspaceId, role(row), row.getString("discipline"))));
    }

    /** The workspace (to a caller whose access was checked). */
    public Future<Workspace> workspace(String id) {
        return SqlTemplate.forQuery(pool, "SELECT id, name, created_at FROM workspaces WHERE id = #{id}")
                .execute(Map.of("id", id))
                .map(rows -> {
                    Workspace found = first(rows, WorkspaceStore::workspace);
                    if (found == null) {
                        throw noWorkspace(id);
                    }
                    return found;
                });
    }

    /** The participant's workspaces, oldest first. */
    public Future<List<Membership>> workspacesOf(String participantId) {
        return SqlTemplate.forQuery(pool, "SELECT w.id, w.name, w.created_at, m.role, m.discipline FROM members m "
                        + "JOIN workspaces w ON w.id = m.workspace_id WHERE m.participant_id = #{p} ORDER BY w.created_at, w.id")
                .execute(Map.of("p", participantId))
                .map(rows -> {
                    List<Membership> list = new ArrayList<>();
                    rows.forEach(row -> list.add(new Membership(workspace(row),
                            new Access.Grant(row.getString("id"), role(row), row.getString("discipline")))));
                    return list;
                });
    }

    /** The "not found" of a workspace: the same whether it does not exist or the caller is not a member. */
    public static CahierException noWorkspace(String id) {
        return CahierException.notFound("no workspace \"" + id + "\"");
    }

    // --- disciplines -------------------------------------------------------------------------

    /** The disciplines each of these workspaces added, in the order they were added. */
    public Future<Map<String, List<String>>> addedDisciplines(List<String> workspaceIds) {
        Map<String, List<String>> added = new LinkedHashMap<>();
        workspaceIds.forEach(id -> added.put(id, new ArrayList<>()));
        if (workspaceIds.isEmpty()) {
            return Future.succeededFuture(added);
        }
        Map<String, Object> params = new HashMap<>();
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < workspaceIds.size(); i++) {
            in.append(i == 0 ? "" : ", ").append("#{w").append(i).append('}');
            params.put("w" + i, workspaceIds.get(i));
        }
        return SqlTemplate.forQuery(pool, "SELECT workspace_id, name FROM workspace_disciplines WHERE workspace_id IN ("
                        + in + ") ORDER BY created_at, name")
                .execute(params)
                .map(rows -> {
                    rows.forEach(row -> added.get(row.getString("workspace_id")).add(row.getString("name")));
                    return added;
                });
    }

    public Future<List<String>> addedDisciplines(String workspaceId) {
        return addedDisciplines(List.of(workspaceId)).map(map -> map.get(workspaceId));
    }

    /** Adds a discipline; {@code 409} if the workspace has it already (built in or added). */
    public Future<Void> addDiscipline(String workspaceId, String name, Principal actor) {
        if (Workspace.DISCIPLINES.contains(name)) {
            return Future.failedFuture(new CahierException(ErrorCode.CONFLICT, "\"" + name + "\" is already a discipline"));
        }
        long now = System.currentTimeMillis();
        return database.inTransaction(conn -> SqlTemplate.forUpdate(conn,
                        "INSERT INTO workspace_disciplines (workspace_id, name, created_at) VALUES (#{ws}, #{name}, #{now})")
                .execute(Map.of("ws", workspaceId, "name", name, "now", now))
                .recover(failure -> Future.failedFuture(Database.isUniqueViolation(failure)
                        ? new CahierException(ErrorCode.CONFLICT, "\"" + name + "\" is already a discipline of this workspace")
                        : failure))
                .compose(v -> record(conn, workspaceId, actor, "discipline.added", name, new JsonObject())));
    }

    // --- members -----------------------------------------------------------------------------

    public Future<List<Member>> members(String workspaceId) {
        return SqlTemplate.forQuery(pool, "SELECT " + MEMBER_COLUMNS + " " + MEMBER_FROM
                        + " WHERE m.workspace_id = #{ws} ORDER BY m.joined_at, m.participant_id")
                .execute(Map.of("ws", workspaceId))
                .map(rows -> {
                    List<Member> list = new ArrayList<>();
                    rows.forEach(row -> list.add(member(row)));
                    return list;
                });
    }

    public Future<Member> member(String workspaceId, String participantId) {
        return member(pool, workspaceId, participantId);
    }

    private static Future<Member> member(SqlClient client, String workspaceId, String participantId) {
        return SqlTemplate.forQuery(client, "SELECT " + MEMBER_COLUMNS + " " + MEMBER_FROM
                        + " WHERE m.workspace_id = #{ws} AND m.participant_id = #{p}")
                .execute(Map.of("ws", workspaceId, "p", participantId))
                .map(rows -> first(rows, WorkspaceStore::member));
    }

    /** Adds an account as a member; {@code 409} if they are one already. */
    public Future<Member> addMember(String workspaceId, String userId, Role role, String discipline, Principal actor) {
        long now = System.currentTimeMillis();
        return database.inTransaction(conn -> member(conn, workspaceId, userId)
                .compose(existing -> existing != null
                        ? Future.failedFuture(new CahierException(ErrorCode.CONFLICT, "this account is already a member, as "
                                + existing.role().code() + "; change their role instead"))
                        : insertMember(conn, workspaceId, userId, "account", role, discipline, now))
                .compose(v -> member(conn, workspaceId, userId))
                .compose(member -> record(conn, workspaceId, actor, "member.added", member.id(), memberDetails(member))
                        .map(member)))
                .recover(failure -> Future.failedFuture(Database.isUniqueViolation(failure)
                        ? new CahierException(ErrorCode.CONFLICT, "this account is already a member; change their role instead")
                        : failure));
    }

    /**
     * Changes a member's role (null leaves it) and, when {@code setDiscipline}, their discipline
     * (null: none); {@code 404} for a non-member, {@code 409} when it would leave the workspace
     * without a facilitator.
     */
    public Future<Member> changeMember(String workspaceId, String participantId, Role role, boolean setDiscipline, String discipline,
            Principal actor) {
        return database.inTransaction(conn -> lockWorkspace(conn, workspaceId)
                .compose(v -> member(conn, workspaceId, participantId))
                .compose(before -> {
                    if (before == null) {
                        return Future.failedFuture(noMember(participantId));
                    }
                    Role newRole = role == null ? before.role() : role;
                    Future<Void> allowed = before.role() == Role.FACILITATOR && newRole != Role.FACILITATOR
                            ? keepsAFacilitator(conn, workspaceId) : Future.succeededFuture();
                    Map<String, Object> params = new HashMap<>();
                    params.put("ws", workspaceId);
                    params.put("p", participantId);
                    params.put("role", newRole.code());
                    params.put("discipline", setDiscipline ? discipline : before.discipline());
                    return allowed
                            .compose(v -> SqlTemplate.forUpdate(conn, "UPDATE members SET role = #{role}, discipline = #{discipline} "
                                    + "WHERE workspace_id = #{ws} AND participant_id = #{p}").execute(params))
                            .compose(v -> member(conn, workspaceId, participantId))
                            .compose(after -> record(conn, workspaceId, actor, "member.changed", participantId,
                                    memberDetails(after).put("before", new JsonObject().put("role", before.role().code())
                                            .put("discipline", before.discipline())))
                                    .map(after));
                }));
    }

    /**
     * Removes a member; {@code 404} for a non-member, {@code 409} for the last facilitator. A guest
     * left in no workspace loses their sessions.
     */
    public Future<Member> removeMember(String workspaceId, String participantId, Principal actor) {
        long now = System.currentTimeMillis();
        return database.inTransaction(conn -> lockWorkspace(conn, workspaceId)
                .compose(v -> member(conn, workspaceId, participantId))
                .compose(member -> {
                    if (member == null) {
                        return Future.failedFuture(noMember(participantId));
                    }
                    Future<Void> allowed = member.role() == Role.FACILITATOR ? keepsAFacilitator(conn, workspaceId)
                            : Future.succeededFuture();
                    return allowed
                            .compose(v -> SqlTemplate.forUpdate(conn, "DELETE FROM members WHERE workspace_id = #{ws} "
                                    + "AND participant_id = #{p}").execute(Map.of("ws", workspaceId, "p", participantId)))
                            .compose(v -> member.kind().equals("guest") ? endGuestIfHomeless(conn, participantId, now)
                                    : Future.succeededFuture())
                            .compose(v -> record(conn, workspaceId, actor, "member.removed", participantId, memberDetails(member)))
                            .map(member);
                }));
    }

    private static Future<Void> endGuestIfHomeless(SqlClient conn, String guestId, long now) {
        return SqlTemplate.forQuery(conn, "SELECT COUNT(*) AS n FROM members WHERE participant_id = #{p}")
                .execute(Map.of("p", guestId))
                .compose(rows -> rows.iterator().next().getLong("n") == 0
                        ? AccountStore.revokeGuestSessions(conn, guestId, now) : Future.succeededFuture());
    }

    /**
     * Takes the workspace's row lock for the transaction (PostgreSQL; SQLite transactions are
     * serialised already): two facilitators demoting each other at once cannot both succeed.
     */
    private static Future<Void> lockWorkspace(SqlClient conn, String workspaceId) {
        return SqlTemplate.forUpdate(conn, "UPDATE workspaces SET name = name WHERE id = #{id}")
                .execute(Map.of("id", workspaceId)).mapEmpty();
    }

    private static Future<Void> keepsAFacilitator(SqlClient conn, String workspaceId) {
        return SqlTemplate.forQuery(conn, "SELECT COUNT(*) AS n FROM members WHERE workspace_id = #{ws} AND role = 'facilitator'")
                .execute(Map.of("ws", workspaceId))
                .compose(rows -> rows.iterator().next().getLong("n") > 1 ? Future.succeededFuture()
                        : Future.failedFuture(new CahierException(ErrorCode.CONFLICT,
                                "a workspace keeps at least one facilitator; make someone else facilitator first")));
    }

    private static Future<Void> insertMember(SqlClient conn, String workspaceId, String participantId, String kind, Role role,
            String discipline, long now) {
        Map<String, Object> params = new HashMap<>();
        params.put("ws", workspaceId);
        params.put("p", participantId);
        params.put("kind", kind);
        params.put("role", role.code());
        params.put("discipline", discipline);
        params.put("now", now);
        return SqlTemplate.forUpdate(conn, "INSERT INTO members (workspace_id, participant_id, kind, role, discipline, joined_at) "
                + "VALUES (#{ws}, #{p}, #{kind}, #{role}, #{discipline}, #{now})").execute(params).mapEmpty();
    }

    private static CahierException noMember(String participantId) {
        return CahierException.notFound("no member \"" + participantId + "\" in this workspace");
    }

    private static JsonObject memberDetails(Member member) {
        return new JsonObject().put("name", member.name()).put("kind", member.kind()).put("role", member.role().code())
                .put("discipline", member.discipline());
    }

    // --- invitations -------------------------------------------------------------------------

    public Future<Invitation> createInvitation(String workspaceId, String tokenHash, Role role, String label, long expiresAt,
            long maxUses, Principal actor) {
        long now = System.currentTimeMillis();
        Invitation invitation = new Invitation(Ids.newId(), workspaceId, role, label, expiresAt, maxUses, 0, actor.id(),
                actor.name(), now, null);
        Map<String, Object> params = new HashMap<>();
        params.put("id", invitation.id());
        params.put("ws", workspaceId);
        params.put("hash", tokenHash);
        params.put("role", role.code());
        params.put("label", label);
        params.put("expires", expiresAt);
        params.put("max", maxUses);
        params.put("by", actor.id());
        params.put("byName", actor.name());
        params.put("now", now);
        return database.inTransaction(conn -> SqlTemplate.forUpdate(conn, "INSERT INTO invitations (id, workspace_id, token_hash, "
                        + "role, label, expires_at, max_uses, uses, created_by_id, created_by_name, created_at) VALUES (#{id}, #{ws}, "
                        + "#{hash}, #{role}, #{label}, #{expires}, #{max}, 0, #{by}, #{byName}, #{now})").execute(params)
                .compose(v -> record(conn, workspaceId, actor, "invitation.created", invitation.id(), new JsonObject()
                        .put("role", role.code()).put("label", label).put("expiresAt", expiresAt).put("maxUses", maxUses))))
                .map(invitation);
    }

    /** The workspace's invitations, newest first. */
    public Future<List<Invitation>> invitations(String workspaceId) {
        return SqlTemplate.forQuery(pool, "SELECT " + INVITATION_COLUMNS + " FROM invitations WHERE workspace_id = #{ws} "
                        + "ORDER BY created_at DESC, id")
                .execute(Map.of("ws", workspaceId))
                .map(rows -> {
                    List<Invitation> list = new ArrayList<>();
                    rows.forEach(row -> list.add(invitation(row)));
                    return list;
                });
    }

    /** The invitation whose token has this hash, whatever its state, or null. */
    public Future<Invitation> invitationByTokenHash(String tokenHash) {
        return SqlTemplate.forQuery(pool, "SELECT " + INVITATION_COLUMNS + " FROM invitations WHERE token_hash = #{hash}")
                .execute(Map.of("hash", tokenHash))
                .map(rows -> first(rows, WorkspaceStore::invitation));
    }

    /** Revokes a live invitation of the workspace; false if there is no such invitation or it was revoked already. */
    public Future<Boolean> revokeInvitation(String workspaceId, String id, Principal actor) {
        long now = System.currentTimeMillis();
        return database.inTransaction(conn -> SqlTemplate.forUpdate(conn, "UPDATE invitations SET revoked_at = #{now} "
                        + "WHERE id = #{id} AND workspace_id = #{ws} AND revoked_at IS NULL")
                .execute(Map.of("id", id, "ws", workspaceId, "now", now))
                .compose(result -> result.rowCount() == 0 ? Future.succeededFuture(false)
                        : record(conn, workspaceId, actor, "invitation.revoked", id, new JsonObject()).map(true)));
    }

    /**
     * Redeems an invitation in one transaction: takes one use (failing with {@code 410} if it is
     * expired, used up or revoked by now), lets {@code newcomer} make the participant (a new guest,
     * or the signed-in principal, who must not be a member yet), and makes them a member with the
     * invitation's role.
     */
    public <T> Future<T> redeem(Invitation invitation, String discipline, Function<SqlClient, Future<T>> newcomer,
            Function<T, Principal> participant) {
        long now = System.currentTimeMillis();
        return database.inTransaction(conn -> SqlTemplate.forUpdate(conn, "UPDATE invitations SET uses = uses + 1 "
                        + "WHERE id = #{id} AND revoked_at IS NULL AND expires_at > #{now} AND uses < max_uses")
                .execute(Map.of("id", invitation.id(), "now", now))
                .compose(result -> result.rowCount() == 1 ? newcomer.apply(conn)
                        : Future.failedFuture(unusable(invitation, now)))
                .compose(made -> {
                    Principal who = participant.apply(made);
                    return insertMember(conn, invitation.workspaceId(), who.id(), who.kind(), invitation.role(), discipline, now)
                            .compose(v -> record(conn, invitation.workspaceId(), who, "invitation.redeemed", who.id(),
                                    new JsonObject().put("invitation", invitation.id()).put("role", invitation.role().code())
                                            .put("discipline", discipline).put("kind", who.kind())))
                            .map(made);
                }));
    }

    /** Why an invitation cannot be used any more ({@code 410 gone}). */
    public static CahierException unusable(Invitation invitation, long now) {
        String why = switch (invitation.state(now)) {
            case "revoked" -> "was revoked by a facilitator";
            case "expired" -> "has expired";
            case "used-up" -> "has been used as many times as it allows";
            default -> "cannot be used now";
        };
        return new CahierException(ErrorCode.GONE, "this invitation " + why + "; ask a facilitator for a new link");
    }

    // --- activity journal ---------------------------------------------------------------------

    static Future<Void> record(SqlClient conn, String workspaceId, Principal actor, String action, String subject,
            JsonObject details) {
        return Journal.write(conn, new Journal.Note(workspaceId, actor, action, subject, details));
    }

    /** One entry of the journal. */
    public record Activity(String id, long at, String actorId, String actorName, String action, String subject, String details) {
        public JsonObject toJson() {
            return new JsonObject().put("id", id).put("at", at)
                    .put("actor", new JsonObject().put("id", actorId).put("name", actorName))
                    .put("action", action).put("subject", subject).put("details", new JsonObject(details));
        }
    }

    /** Up to {@code limit} entries, newest first, older than ({@code beforeAt}, {@code beforeId}) when given. */
    public Future<List<Activity>> activity(String workspaceId, Long beforeAt, String beforeId, int limit) {
        Map<String, Object> params = new HashMap<>();
        params.put("ws", workspaceId);
        params.put("at", beforeAt == null ? Long.MAX_VALUE : beforeAt);
        params.put("id", beforeId == null ? "" : beforeId);
        params.put("limit", limit);
        String older = beforeAt == null ? "" : " AND (at < #{at} OR (at = #{at} AND id < #{id}))";
        return SqlTemplate.forQuery(pool, "SELECT id, at, actor_id, actor_name, action, subject, details FROM activity "
                        + "WHERE workspace_id = #{ws}" + older + " ORDER BY at DESC, id DESC LIMIT #{limit}")
                .execute(params)
                .map(rows -> {
                    List<Activity> list = new ArrayList<>();
                    rows.forEach(row -> list.add(new Activity(row.getString("id"), row.getLong("at"), row.getString("actor_id"),
                            row.getString("actor_name"), row.getString("action"), row.getString("subject"),
                            row.getString("details"))));
                    return list;
                });
    }

    // --- rows --------------------------------------------------------------------------------

    private static Workspace workspace(Row row) {
        return new Workspace(row.getString("id"), row.getString("name"), row.getLong("created_at"));
    }

    private static Role role(Row row) {
        return Role.fromCode(row.getString("role")).orElseThrow(() ->
                new IllegalStateException("unknown role \"" + row.getString("role") + "\" in the store"));
    }

    private static Member member(Row row) {
        String kind = row.getString("kind");
        boolean guest = kind.equals("guest");
        return new Member(row.getString("participant_id"), guest ? row.getString("gname") : row.getString("uname"), kind,
                role(row), row.getString("discipline"), row.getLong("joined_at"), guest ? null : row.getString("email"));
    }

    private static Invitation invitation(Row row) {
        return new Invitation(row.getString("id"), row.getString("workspace_id"),
                role(row), row.getString("label"), row.getLong("expires_at"),
                row.getLong("max_uses"), row.getLong("uses"), row.getString("created_by_id"), row.getString("created_by_name"),
                row.getLong("created_at"), row.getLong("revoked_at"));
    }

    private static <T> T first(RowSet<Row> rows, Function<Row, T> mapper) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? mapper.apply(iterator.next()) : null;
    }
}
