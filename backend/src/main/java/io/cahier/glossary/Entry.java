package io.cahier.glossary;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A term of a glossary with its fields at {@code version} and the current definition of each perspective. */
public record Entry(String id, String glossaryId, EntryFields fields, long version, long createdAt, long updatedAt,
        List<Definition> definitions) {

    public JsonObject toJson() {
        JsonArray perspectives = new JsonArray();
        definitions.forEach(d -> perspectives.add(d.toJson()));
        return fields.toJson().put("id", id).put("glossaryId", glossaryId).put("version", version)
                .put("createdAt", createdAt).put("updatedAt", updatedAt).put("definitions", perspectives);
    }
}
