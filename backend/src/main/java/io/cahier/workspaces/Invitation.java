package io.cahier.workspaces;

import io.cahier.http.Role;
import io.vertx.core.json.JsonObject;

/** An invitation link's record (its token is stored hashed, shown once). */
public record Invitation(String id, String workspaceId, Role role, String label, long expiresAt, long maxUses, long uses,
        String createdById, String createdByName, long createdAt, Long revokedAt) {

    /** active, expired, used-up or revoked, at {@code now}. */
    public String state(long now) {
        if (revokedAt != null) {
            return "revoked";
        }
        if (expiresAt <= now) {
            return "expired";
        }
        return uses >= maxUses ? "used-up" : "active";
    }

    public JsonObject toJson(long now) {
        return new JsonObject().put("id", id).put("role", role.code()).put("label", label).put("expiresAt", expiresAt)
                .put("maxUses", maxUses).put("uses", uses).put("createdAt", createdAt)
                .put("createdBy", new JsonObject().put("id", createdById).put("name", createdByName))
                .put("state", state(now));
    }
}
