package io.cahier.documents;

import io.vertx.core.json.JsonObject;

public record Workspace(String id, String name, long createdAt) {

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("name", name).put("createdAt", createdAt);
    }
}
