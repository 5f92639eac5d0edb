package io.cahier.glossary;

import io.vertx.core.json.JsonObject;

/** A workspace's glossary; its entries and attached documents are read separately. */
public record Glossary(String id, String workspaceId, String name, long createdAt, long updatedAt) {

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("workspaceId", workspaceId).put("name", name)
                .put("createdAt", createdAt).put("updatedAt", updatedAt);
    }
}
