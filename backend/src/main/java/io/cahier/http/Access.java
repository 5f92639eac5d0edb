package io.cahier.http;

/**
 * The one place where a principal's right to act on a resource is decided. Every REST handler and
 * every WebSocket message goes through {@link #check}. Until accounts and roles exist every
 * principal may do everything; the "Accounts" issue replaces the body, not the callers.
 */
public final class Access {

    /** What a principal wants to do. */
    public enum Action {
        READ, EDIT, ANNOTATE, MANAGE
    }

    /** The workspace a resource belongs to; null for the server itself. */
    public void check(Principal principal, Action action, String workspaceId) {
        if (principal == null) {
            throw new CahierException(ErrorCode.FORBIDDEN, "no principal for this request");
        }
    }
}
