package io.cahier.workspaces;

import io.cahier.http.Access;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

public record Workspace(String id, String name, long createdAt) {

    /** The disciplines every workspace starts with; a workspace may add its own. */
    public static final List<String> DISCIPLINES =
            List.of("designer", "jurist", "economist", "public-agent", "researcher", "inhabitant");

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("name", name).put("createdAt", createdAt);
    }

    /** As its member sees it: their role and discipline, and the workspace's disciplines. */
    public JsonObject toJson(Access.Grant grant, List<String> added) {
        JsonArray disciplines = new JsonArray();
        DISCIPLINES.forEach(disciplines::add);
        added.forEach(disciplines::add);
        return toJson().put("role", grant.role().code()).put("discipline", grant.discipline()).put("disciplines", disciplines);
    }
}
