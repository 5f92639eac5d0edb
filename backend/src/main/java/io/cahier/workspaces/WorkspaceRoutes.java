package io.cahier.workspaces;

import io.cahier.accounts.Accounts;
import io.cahier.accounts.FailureLimiter;
import io.cahier.accounts.Secrets;
import io.cahier.http.Access;
import io.cahier.http.Access.Action;
import io.cahier.http.CahierException;
import io.cahier.http.ErrorCode;
import io.cahier.http.Principal;
import io.cahier.http.Principals;
import io.cahier.http.Rest;
import io.cahier.http.Role;
import io.cahier.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * REST: workspaces, their members, roles and disciplines, invitation links (and redeeming them,
 * as a guest or a signed-in person), and the activity journal. Every handler asks {@link Access};
 * a member's access that changes (role, removal) closes their live connections through
 * {@code accessChanged}.
 */
public final class WorkspaceRoutes {

    static final int MAX_NAME = 200;
    static final int MAX_LABEL = 100;
    static final int DEFAULT_EXPIRY_HOURS = 72;
    static final int MAX_EXPIRY_HOURS = 720;
    static final int DEFAULT_MAX_USES = 30;
    static final int MAX_USES = 1000;
    static final int DEFAULT_ACTIVITY_PAGE = 50;
    static final int MAX_ACTIVITY_PAGE = 200;
    /** Failed redemptions (unknown tokens) per client address per minute before {@code 429}. */
    static final int REDEEM_FAILURES_PER_ADDRESS = 10;
    private static final String DISCIPLINE_PATTERN = "[a-z][a-z-]{0,39}";

    private final WorkspaceStore store;
    private final Access access;
    private final Accounts accounts;
    private final Principals principals;
    private final String publicUrl;
    private final Consumer<String> accessChanged;
    private final FailureLimiter redeemFailures = new FailureLimiter(REDEEM_FAILURES_PER_ADDRESS, Duration.ofMinutes(1));

    public WorkspaceRoutes(WorkspaceStore store, Access access, Accounts accounts, Principals principals, String publicUrl,
            Consumer<String> accessChanged) {
        this.store = store;
        this.access = access;
        this.accounts = accounts;
        this.principals = principals;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.accessChanged = accessChanged;
    }

    public void mount(Router router) {
        router.post("/api/workspaces").handler(this::create);
        router.get("/api/workspaces").handler(this::list);
        router.get("/api/workspaces/:ws").handler(this::get);
        router.post("/api/workspaces/:ws/disciplines").handler(this::addDiscipline);
        router.get("/api/workspaces/:ws/members").handler(this::members);
        router.post("/api/workspaces/:ws/members").handler(this::addMember);
        router.patch("/api/workspaces/:ws/members/:participant").handler(this::changeMember);
        router.delete("/api/workspaces/:ws/members/:participant").handler(this::removeMember);
        router.post("/api/workspaces/:ws/invitations").handler(this::createInvitation);
        router.get("/api/workspaces/:ws/invitations").handler(this::invitations);
        router.delete("/api/workspaces/:ws/invitations/:id").handler(this::revokeInvitation);
        router.get("/api/workspaces/:ws/activity").handler(this::activity);
        router.get("/api/invitations/:token").handler(this::previewInvitation);
        router.post("/api/invitations/:token/redeem").handler(this::redeem);
    }

    /** The caller's grant in the path's workspace if it allows {@code action}; a non-member is told it does not exist. */
    private Future<Access.Grant> check(RoutingContext ctx, Action action) {
        String ws = ctx.pathParam("ws");
        return access.check(Rest.principal(ctx), action, ws, WorkspaceStore.noWorkspace(ws));
    }

    // --- workspaces --------------------------------------------------------------------------

    private void create(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        access.createWorkspace(principal);
        JsonObject body = Rest.body(ctx);
        String name = Rest.requiredText(body, "name", MAX_NAME);
        String discipline = optionalDiscipline(body, "discipline", Workspace.DISCIPLINES);
        Rest.reply(ctx, 201, store.create(name, principal, discipline)
                .map(ws -> ws.toJson(new Access.Grant(ws.id(), Role.FACILITATOR, discipline), List.of())));
    }

    private void list(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        Rest.reply(ctx, 200, store.workspacesOf(principal.id()).compose(memberships -> store.addedDisciplines(
                        memberships.stream().map(m -> m.workspace().id()).toList())
                .map(added -> new JsonArray(memberships.stream()
                        .map(m -> m.workspace().toJson(m.grant(), added.get(m.workspace().id()))).toList()))));
    }

    private void get(RoutingContext ctx) {
        Rest.reply(ctx, 200, check(ctx, Action.READ).compose(this::workspaceJson));
    }

    private Future<JsonObject> workspaceJson(Access.Grant grant) {
        return store.workspace(grant.workspaceId()).compose(ws -> store.addedDisciplines(ws.id()).map(added -> ws.toJson(grant, added)));
    }

    private void addDiscipline(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        String name = Rest.requiredText(Rest.body(ctx), "name", 40);
        if (!name.matches(DISCIPLINE_PATTERN)) {
            throw CahierException.badRequest("a discipline's name is lowercase letters and hyphens, such as urban-planner");
        }
        Rest.reply(ctx, 200, check(ctx, Action.MANAGE)
                .compose(grant -> store.addDiscipline(grant.workspaceId(), name, principal).compose(v -> workspaceJson(grant))));
    }

    // --- members -----------------------------------------------------------------------------

    private void members(RoutingContext ctx) {
        Rest.reply(ctx, 200, check(ctx, Action.READ).compose(grant -> store.members(grant.workspaceId())
                .map(list -> new JsonArray(list.stream().map(m -> m.toJson(grant.role() == Role.FACILITATOR)).toList()))));
    }

    private void addMember(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        JsonObject body = Rest.body(ctx);
        String email = Rest.requiredText(body, "email", Accounts.MAX_EMAIL);
        Role role = Role.parse(body.getValue("role"), "role");
        Rest.reply(ctx, 201, check(ctx, Action.MANAGE).compose(grant -> disciplines(grant)
                .compose(disciplines -> {
                    String discipline = optionalDiscipline(body, "discipline", disciplines);
                    return accounts.userByEmail(email).compose(user -> user == null
                            ? Future.failedFuture(CahierException.notFound("no account has the email " + email
                                    + "; invite them with a link instead"))
                            : store.addMember(grant.workspaceId(), user.id(), role, discipline, principal));
                }))
                .map(member -> member.toJson(true)));
    }

    private void changeMember(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        JsonObject body = Rest.body(ctx);
        for (String field : body.fieldNames()) {
            if (!field.equals("role") && !field.equals("discipline")) {
                throw CahierException.badRequest("only role and discipline can be changed, not " + field);
            }
        }
        if (body.isEmpty()) {
            throw CahierException.badRequest("give a role and/or a discipline");
        }
        Role role = body.containsKey("role") ? Role.parse(body.getValue("role"), "role") : null;
        String participant = ctx.pathParam("participant");
        Rest.reply(ctx, 200, check(ctx, Action.MANAGE).compose(grant -> disciplines(grant)
                .compose(disciplines -> store.changeMember(grant.workspaceId(), participant, role, body.containsKey("discipline"),
                        optionalDiscipline(body, "discipline", disciplines), principal)))
                .onSuccess(member -> accessChanged.accept(member.id()))
                .map(member -> member.toJson(true)));
    }

    private void removeMember(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        String participant = ctx.pathParam("participant");
        Rest.noContent(ctx, check(ctx, Action.MANAGE)
                .compose(grant -> store.removeMember(grant.workspaceId(), participant, principal))
                .onSuccess(removed -> accessChanged.accept(participant)));
    }

    // --- invitations -------------------------------------------------------------------------

    private void createInvitation(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        JsonObject body = Rest.body(ctx);
        Role role = Role.parse(body.getValue("role"), "role");
        String label = body.getValue("label") == null ? null : Rest.requiredText(body, "label", MAX_LABEL);
        long hours = optionalInt(body, "expiresInHours", DEFAULT_EXPIRY_HOURS, 1, MAX_EXPIRY_HOURS);
        long maxUses = optionalInt(body, "maxUses", DEFAULT_MAX_USES, 1, MAX_USES);
        String token = Secrets.newSecret();
        long expiresAt = System.currentTimeMillis() + Duration.ofHours(hours).toMillis();
        Rest.reply(ctx, 201, check(ctx, Action.MANAGE)
                .compose(grant -> store.createInvitation(grant.workspaceId(), Secrets.sha256(token), role, label, expiresAt,
                        maxUses, principal))
                .map(invitation -> invitation.toJson(System.currentTimeMillis()).put("token", token)
                        .put("link", publicUrl + "/i/" + token)));
    }

    private void invitations(RoutingContext ctx) {
        Rest.reply(ctx, 200, check(ctx, Action.MANAGE).compose(grant -> store.invitations(grant.workspaceId()))
                .map(list -> {
                    long now = System.currentTimeMillis();
                    return new JsonArray(list.stream().map(i -> i.toJson(now)).toList());
                }));
    }

    private void revokeInvitation(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        String id = ctx.pathParam("id");
        Rest.noContent(ctx, Rest.found(check(ctx, Action.MANAGE)
                .compose(grant -> store.revokeInvitation(grant.workspaceId(), id, principal)),
                () -> CahierException.notFound("no live invitation \"" + id + "\" in this workspace")));
    }

    /** Anyone holding the link: what it invites to, or why it cannot be used. */
    private void previewInvitation(RoutingContext ctx) {
        String address = Rest.clientAddress(ctx);
        refuseIfGuessing(ctx, address);
        Rest.reply(ctx, 200, usableInvitation(ctx.pathParam("token"), address)
                .compose(invitation -> store.workspace(invitation.workspaceId())
                        .compose(ws -> disciplines(ws.id()).map(disciplines -> new JsonObject()
                                .put("workspace", new JsonObject().put("id", ws.id()).put("name", ws.name()))
                                .put("role", invitation.role().code())
                                .put("disciplines", new JsonArray(disciplines))
                                .put("expiresAt", invitation.expiresAt())))));
    }

    /**
     * Redeems a link: nobody becomes a new guest with a guest session (the cookie is set); a
     * signed-in user or guest becomes a member as they are. Someone who is a member already stays
     * as they are.
     */
    private void redeem(RoutingContext ctx) {
        Principal principal = Rest.principalOrNull(ctx);
        String address = Rest.clientAddress(ctx);
        refuseIfGuessing(ctx, address);
        JsonObject body = Rest.body(ctx);
        String name = principal == null ? Accounts.checkName(body.getValue("name") instanceof String s ? s : null) : null;
        usableInvitation(ctx.pathParam("token"), address).compose(invitation -> disciplines(invitation.workspaceId())
                .compose(disciplines -> {
                    String discipline = principal == null ? requiredDiscipline(body, disciplines)
                            : optionalDiscipline(body, "discipline", disciplines);
                    if (principal == null) {
                        return store.redeem(invitation, discipline, conn -> accounts.createGuest(conn, name),
                                Accounts.NewGuestSession::guest).map(guest -> {
                                    ctx.response().addCookie(principals.sessionCookie(guest.secret(),
                                            accounts.sessionLifetime().toSeconds()));
                                    return new Redeemed(invitation.workspaceId(), guest.guest(), guest.csrfToken());
                                });
                    }
                    // a member already stays as they are; two redeems at once (a double click) meet on the
                    // membership's key, and the second finds the first's membership
                    return store.grant(invitation.workspaceId(), principal.id()).compose(existing -> existing != null
                            ? Future.succeededFuture(principal)
                            : store.redeem(invitation, discipline, conn -> Future.succeededFuture(principal), p -> p)
                                    .recover(failure -> Database.isUniqueViolation(failure) ? Future.succeededFuture(principal)
                                            : Future.failedFuture(failure)))
                            .map(p -> new Redeemed(invitation.workspaceId(), p, Rest.csrfToken(ctx)));
                }))
                .compose(redeemed -> store.member(redeemed.workspaceId(), redeemed.participant().id())
                        .compose(member -> workspaceJson(new Access.Grant(redeemed.workspaceId(), member.role(), member.discipline()))
                                .map(ws -> {
                                    JsonObject reply = new JsonObject().put("workspace", ws).put("participant", member.toJson(false));
                                    if (redeemed.csrfToken() != null) {
                                        reply.put("csrfToken", redeemed.csrfToken());
                                    }
                                    return reply;
                                })))
                .onComplete(done -> {
                    if (done.failed()) {
                        ctx.fail(done.cause());
                        return;
                    }
                    ctx.response().setStatusCode(200).putHeader("content-type", "application/json").end(done.result().encode());
                });
    }

    private record Redeemed(String workspaceId, Principal participant, String csrfToken) {
    }

    /** The invitation of this token if it can be used; {@code 404} (counted as a guess) or {@code 410}. */
    private Future<Invitation> usableInvitation(String token, String address) {
        Future<Invitation> found = Secrets.looksLikeSecret(token) ? store.invitationByTokenHash(Secrets.sha256(token))
                : Future.succeededFuture();
        return found.compose(invitation -> {
            long now = System.currentTimeMillis();
            if (invitation == null) {
                redeemFailures.failed(address);
                return Future.failedFuture(CahierException.notFound("this invitation link is not known; check that it was copied whole"));
            }
            if (!invitation.state(now).equals("active")) {
                return Future.failedFuture(WorkspaceStore.unusable(invitation, now));
            }
            return Future.succeededFuture(invitation);
        });
    }

    private void refuseIfGuessing(RoutingContext ctx, String address) {
        long wait = redeemFailures.blockedForSeconds(address);
        if (wait > 0) {
            throw Rest.rateLimited(ctx, wait, "too many unknown invitation links; wait " + wait + " s before trying again");
        }
    }

    // --- activity journal ---------------------------------------------------------------------

    private void activity(RoutingContext ctx) {
        String before = ctx.request().getParam("before");
        Long beforeAt = null;
        String beforeId = null;
        if (before != null && !before.isEmpty()) {
            String[] parts = before.split("-", 2);
            try {
                beforeAt = Long.parseLong(parts[0]);
                beforeId = parts.length == 2 ? parts[1] : "";
            } catch (NumberFormatException e) {
                throw CahierException.badRequest("before must be the cursor given as next, such as 1763800000000-abcd");
            }
        }
        Long limitParam = Rest.optionalLong(ctx, "limit");
        int limit = limitParam == null ? DEFAULT_ACTIVITY_PAGE : (int) Math.min(limitParam, MAX_ACTIVITY_PAGE);
        if (limit < 1) {
            throw CahierException.badRequest("limit must be 1 to " + MAX_ACTIVITY_PAGE);
        }
        Long at = beforeAt;
        String id = beforeId;
        String ws = ctx.pathParam("ws");
        Rest.reply(ctx, 200, check(ctx, Action.READ).compose(grant -> store.activity(grant.workspaceId(), at, id, limit))
                .map(entries -> {
                    JsonObject page = new JsonObject().put("entries", new JsonArray(entries.stream()
                            .map(WorkspaceStore.Activity::toJson).toList()));
                    if (entries.size() == limit) {
                        WorkspaceStore.Activity last = entries.get(entries.size() - 1);
                        page.put("next", "/api/workspaces/" + ws + "/activity?before=" + last.at() + "-" + last.id() + "&limit=" + limit);
                    }
                    return page;
                }));
    }

    // --- helpers -----------------------------------------------------------------------------

    private Future<List<String>> disciplines(Access.Grant grant) {
        return disciplines(grant.workspaceId());
    }

    /** The workspace's disciplines: the built-in ones, then the ones it added. */
    private Future<List<String>> disciplines(String workspaceId) {
        return store.addedDisciplines(workspaceId).map(added -> {
            List<String> all = new java.util.ArrayList<>(Workspace.DISCIPLINES);
            all.addAll(added);
            return all;
        });
    }

    private static String optionalDiscipline(JsonObject body, String field, List<String> disciplines) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || !disciplines.contains(s)) {
            throw CahierException.badRequest(field + " must be one of this workspace's disciplines: " + String.join(", ", disciplines));
        }
        return s;
    }

    private static String requiredDiscipline(JsonObject body, List<String> disciplines) {
        if (body.getValue("discipline") == null) {
            throw CahierException.badRequest("discipline is required: one of " + String.join(", ", disciplines));
        }
        return optionalDiscipline(body, "discipline", disciplines);
    }

    private static long optionalInt(JsonObject body, String field, long fallback, long min, long max) {
        Object value = body.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
                || ((Number) value).longValue() > max) {
            throw CahierException.badRequest(field + " must be a whole number from " + min + " to " + max);
        }
        return ((Number) value).longValue();
    }
}
