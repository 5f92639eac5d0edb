package io.cahier.http;

import io.vertx.core.Future;

/**
 * The one place where a principal's right to act is decided. Every REST handler and every
 * WebSocket message goes through it:
 * <ul>
 * <li>nobody (no session, no token): {@code 401};</li>
 * <li>a workspace's resources need a membership in that workspace; a non-member gets the
 * resource's own "not found" ({@code 404}), exactly as if it did not exist;</li>
 * <li>a member whose role does not allow the action ({@link Role#allows}) gets {@code 403}.</li>
 * </ul>
 */
public final class Access {

    /** What a principal wants to do in a workspace. */
    public enum Action {
        READ, ANNOTATE, EDIT, MANAGE
    }

    /** What a principal holds in a workspace: a role and the discipline they speak from. */
    public record Grant(String workspaceId, Role role, String discipline) {
    }

    /** Finds a participant's grant in a workspace, or null if they are not a member. */
    public interface Grants {
        Future<Grant> grant(String workspaceId, String participantId);
    }

    private final Grants grants;

    public Access(Grants grants) {
        this.grants = grants;
    }

    /** The principal, else {@code 401}: every route but signing in and invitations needs one. */
    public static Principal signedIn(Principal principal) {
        if (principal == null) {
            throw new CahierException(ErrorCode.UNAUTHORIZED,
                    "sign in, or join a workspace from the invitation link you were given");
        }
        return principal;
    }

    /** Creating a workspace needs an account allowed to facilitate. */
    public void createWorkspace(Principal principal) {
        if (!signedIn(principal).facilitator() || principal.guest()) {
            throw new CahierException(ErrorCode.FORBIDDEN,
                    "only facilitator accounts create workspaces; ask a facilitator to invite you to one");
        }
    }

    /**
     * The principal's grant in {@code workspaceId} if it allows {@code action}; fails with
     * {@code notFound} for a non-member (or a workspace that does not exist: they look the same),
     * with {@code 403} for a role that does not allow it.
     */
    public Future<Grant> check(Principal principal, Action action, String workspaceId, CahierException notFound) {
        try {
            signedIn(principal);
        } catch (CahierException e) {
            return Future.failedFuture(e);
        }
        return grants.grant(workspaceId, principal.id()).compose(grant -> {
            if (grant == null) {
                return Future.failedFuture(notFound);
            }
            if (!grant.role().allows(action)) {
                return Future.failedFuture(refusal(grant.role(), action));
            }
            return Future.succeededFuture(grant);
        });
    }

    /** The refusal for a member whose role does not allow {@code action}. */
    public static CahierException refusal(Role role, Action action) {
        String what = switch (action) {
            case READ -> "read in this workspace";
            case ANNOTATE -> "annotate or propose in this workspace";
            case EDIT -> "edit in this workspace";
            case MANAGE -> "manage this workspace's members, invitations, disciplines or vocabulary rounds";
        };
        String needed = switch (action) {
            case READ, ANNOTATE -> "annotator";
            case EDIT -> "editor";
            case MANAGE -> "facilitator";
        };
        return new CahierException(ErrorCode.FORBIDDEN, "as " + article(role) + " " + role.code() + " you cannot " + what
                + "; ask a facilitator for the " + needed + " role");
    }

    private static String article(Role role) {
        return role == Role.EDITOR || role == Role.ANNOTATOR || role == Role.OBSERVER ? "an" : "a";
    }
}
