package io.cahier.accounts;

import io.vertx.core.json.JsonObject;

/** An account. {@code email} is lower-cased; the password hash never leaves {@link AccountStore}. */
public record User(String id, String email, String name, boolean facilitator, long createdAt) {

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("email", email).put("name", name).put("facilitator", facilitator);
    }
}
