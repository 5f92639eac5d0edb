package io.cahier.documents;

import io.vertx.core.json.JsonObject;

/** A document's metadata and its durable revision (the text lives in the operation log). */
public record DocumentInfo(String id, String workspaceId, String title, String kind, boolean archived, long rev,
        long createdAt, long updatedAt) {

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("workspaceId", workspaceId)
                .put("title", title)
                .put("kind", kind)
                .put("archived", archived)
                .put("rev", rev)
                .put("createdAt", createdAt)
                .put("updatedAt", updatedAt);
    }
}
