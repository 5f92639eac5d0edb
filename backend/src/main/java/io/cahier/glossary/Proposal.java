package io.cahier.glossary;

import io.vertx.core.json.JsonObject;

/**
 * An annotator's proposal: a definition for an entry's perspective ({@code kind} "definition"),
 * or a new term with its first definition ("term"); {@code state} open, accepted or declined.
 */
public record Proposal(String id, String glossaryId, String entryId, String kind, String perspective, String term, String text,
        String note, String state, String authorId, String authorName, long createdAt, String decidedById, String decidedByName,
        Long decidedAt, String decisionNote) {

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("id", id).put("glossaryId", glossaryId).put("entryId", entryId).put("kind", kind)
                .put("perspective", perspective).put("term", term).put("text", text).put("note", note).put("state", state)
                .put("author", new JsonObject().put("id", authorId).put("name", authorName)).put("createdAt", createdAt);
        if (decidedAt != null) {
            json.put("decision", new JsonObject().put("by", new JsonObject().put("id", decidedById).put("name", decidedByName))
                    .put("at", decidedAt).put("note", decisionNote));
        }
        return json;
    }
}
