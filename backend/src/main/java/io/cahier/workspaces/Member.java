package io.cahier.workspaces;

import io.cahier.http.Role;
import io.vertx.core.json.JsonObject;

/** A workspace's member: an account or a guest, with a role and a discipline. */
public record Member(String id, String name, String kind, Role role, String discipline, long joinedAt, String email) {

    /** {@code withEmail}: accounts' emails are shown to facilitators only. */
    public JsonObject toJson(boolean withEmail) {
        JsonObject json = new JsonObject().put("id", id).put("name", name).put("kind", kind).put("role", role.code())
                .put("discipline", discipline).put("joinedAt", joinedAt);
        if (withEmail && email != null) {
            json.put("email", email);
        }
        return json;
    }
}
