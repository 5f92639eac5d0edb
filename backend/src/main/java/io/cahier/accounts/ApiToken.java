package io.cahier.accounts;

import io.vertx.core.json.JsonObject;

/** A personal API token as listed: never its secret. {@code lastUsedAt} is null until first used. */
public record ApiToken(String id, String label, long createdAt, Long lastUsedAt) {

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("label", label).put("createdAt", createdAt).put("lastUsedAt", lastUsedAt);
    }
}
