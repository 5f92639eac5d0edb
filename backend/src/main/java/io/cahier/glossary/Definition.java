package io.cahier.glossary;

import io.vertx.core.json.JsonObject;

/**
 * One version of one perspective's definition of a term. Versions are never rewritten: an edit
 * adds version n+1, a restore adds a new version with an old text ({@code restoredFrom}).
 */
public record Definition(String perspective, long version, String text, Long restoredFrom, String authorId, String authorName,
        long time) {

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("perspective", perspective).put("version", version).put("text", text)
                .put("author", new JsonObject().put("id", authorId).put("name", authorName)).put("time", time);
        if (restoredFrom != null) {
            json.put("restoredFrom", restoredFrom);
        }
        return json;
    }
}
