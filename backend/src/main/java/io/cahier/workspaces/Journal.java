package io.cahier.workspaces;

import io.cahier.http.Principal;
import io.cahier.storage.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A workspace's activity journal: who changed what, when. Every feature writes its note in the
 * same transaction as the change it records, so the journal never misses a change nor tells of one
 * that did not happen. Never rewritten.
 */
public final class Journal {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Journal() {
    }

    /** One change: in which workspace, by whom, what ({@code glossary.entry-created}…), on what, with what details. */
    public record Note(String workspaceId, Principal actor, String action, String subject, JsonObject details) {
    }

    /**
     * Writes the note on {@code conn} (the caller's transaction). Its id sorts as it was written
     * (the time, then a sequence of this node, then a random tail): entries of one millisecond keep
     * their order.
     */
    public static Future<Void> write(SqlClient conn, Note note) {
        long now = System.currentTimeMillis();
        Map<String, Object> params = new HashMap<>();
        params.put("id", String.format(Locale.ROOT, "%013d%06d%s", now, SEQUENCE.incrementAndGet() % 1_000_000,
                Ids.newId().substring(0, 6)));
        params.put("ws", note.workspaceId());
        params.put("at", now);
        params.put("actor", note.actor().id());
        params.put("actorName", note.actor().name());
        params.put("action", note.action());
        params.put("subject", note.subject());
        params.put("details", note.details().encode());
        return SqlTemplate.forUpdate(conn, "INSERT INTO activity (id, workspace_id, at, actor_id, actor_name, action, subject, details) "
                + "VALUES (#{id}, #{ws}, #{at}, #{actor}, #{actorName}, #{action}, #{subject}, #{details})").execute(params).mapEmpty();
    }
}
