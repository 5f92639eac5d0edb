package io.cahier.glossary;

import io.cahier.http.CahierException;
import io.cahier.http.ErrorCode;
import io.cahier.http.Principal;
import io.cahier.storage.Database;
import io.cahier.storage.Ids;
import io.cahier.workspaces.Journal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Glossaries, their entries and every version of every definition, on either store. Changes name
 * the version they were made on; a change on a stale version is refused with {@code conflict} and
 * the current state, so two people editing the same definition never lose each other's words.
 */
public final class GlossaryRepository {

    private static final String ENTRY_COLUMNS = "id, glossary_id, term, lang, aliases, status, gap_note, examples, sources, version, "
            + "created_at, updated_at";
    private static final String DEFINITION_COLUMNS = "entry_id, perspective, version, text, restored_from, author_id, author_name, created_at";
    /** The current definition of each perspective: its highest version. */
    private static final String CURRENT_DEFINITIONS = "SELECT d." + DEFINITION_COLUMNS.replace(", ", ", d.") + " FROM glossary_definitions d "
            + "JOIN (SELECT entry_id, perspective, MAX(version) AS version FROM glossary_definitions WHERE entry_id IN (%s) "
            + "GROUP BY entry_id, perspective) m ON d.entry_id = m.entry_id AND d.perspective = m.perspective AND d.version = m.version "
            + "ORDER BY d.entry_id, d.perspective";

    private final Database database;
    private final Pool pool;

    public GlossaryRepository(Database database) {
        this.database = database;
        this.pool = database.pool();
    }

    public Database database() {
        return database;
    }

    // ---- glossaries -----------------------------------------------------------------------

    public Future<Glossary> create(String workspaceId, String name, Principal author) {
        long now = System.currentTimeMillis();
        Glossary glossary = new Glossary(Ids.newId(), workspaceId, name, now, now);
        return database.inTransaction(conn -> SqlTemplate.forUpdate(conn, "INSERT INTO glossaries (id, workspace_id, name, created_at, updated_at) "
                        + "VALUES (#{id}, #{ws}, #{name}, #{time}, #{time})")
                .execute(Map.of("id", glossary.id(), "ws", workspaceId, "name", name, "time", now))
                .compose(v -> Journal.write(conn, new Journal.Note(workspaceId, author, "glossary.created", glossary.id(),
                        new JsonObject().put("name", name)))))
                .map(glossary);
    }

    public Future<List<Glossary>> ofWorkspace(String workspaceId) {
        return glossaries("SELECT id, workspace_id, name, created_at, updated_at FROM glossaries WHERE workspace_id = #{key} "
                + "ORDER BY created_at, id", workspaceId);
    }

    public Future<List<Glossary>> attachedTo(String documentId) {
        return glossaries("SELECT g.id, g.workspace_id, g.name, g.created_at, g.updated_at FROM glossaries g "
                + "JOIN glossary_documents a ON a.glossary_id = g.id WHERE a.document_id = #{key} ORDER BY a.attached_at, g.id", documentId);
    }

    public Future<Optional<Glossary>> find(String id) {
        return glossaries("SELECT id, workspace_id, name, created_at, updated_at FROM glossaries WHERE id = #{key}", id)
                .map(list -> list.stream().findFirst());
    }

    private Future<List<Glossary>> glossaries(String sql, String key) {
        return SqlTemplate.forQuery(pool, sql).execute(Map.of("key", key)).map(rows -> {
            List<Glossary> list = new ArrayList<>();
            rows.forEach(row -> list.add(new Glossary(row.getString("id"), row.getString("workspace_id"), row.getString("name"),
                    row.getLong("created_at"), row.getLong("updated_at"))));
            return list;
        });
    }

    public Future<Void> rename(Glossary glossary, String name, Principal author) {
        return database.inTransaction(conn -> SqlTemplate.forUpdate(conn, "UPDATE glossaries SET name = #{name}, updated_at = #{time} WHERE id = #{id}")
                .execute(Map.of("id", glossary.id(), "name", name, "time", System.currentTimeMillis()))
                .compose(v -> Journal.write(conn, new Journal.Note(glossary.workspaceId(), author, "glossary.renamed", glossary.id(),
                        new JsonObject().put("name", name).put("before", glossary.name())))));
    }

    /** Attaches the glossary to a document; attaching twice changes nothing (and is not journalled). */
    public Future<Void> attach(Glossary glossary, String documentId, Principal author) {
        return database.inTransaction(conn -> SqlTemplate.forQuery(conn, "SELECT document_id FROM glossary_documents "
                        + "WHERE glossary_id = #{glossary} AND document_id = #{doc}")
                .execute(Map.of("glossary", glossary.id(), "doc", documentId))
                .compose(found -> found.size() > 0 ? Future.succeededFuture()
                        : SqlTemplate.forUpdate(conn, "INSERT INTO glossary_documents (glossary_id, document_id, attached_at) "
                                        + "VALUES (#{glossary}, #{doc}, #{time})")
                                .execute(Map.of("glossary", glossary.id(), "doc", documentId, "time", System.currentTimeMillis()))
                                .compose(v -> Journal.write(conn, new Journal.Note(glossary.workspaceId(), author, "glossary.attached",
                                        glossary.id(), new JsonObject().put("document", documentId))))));
    }

    public Future<Void> detach(Glossary glossary, String documentId, Principal author) {
        return database.inTransaction(conn -> SqlTemplate.forUpdate(conn, "DELETE FROM glossary_documents "
                        + "WHERE glossary_id = #{glossary} AND document_id = #{doc}")
                .execute(Map.of("glossary", glossary.id(), "doc", documentId))
                .compose(deleted -> deleted.rowCount() == 0 ? Future.succeededFuture()
                        : Journal.write(conn, new Journal.Note(glossary.workspaceId(), author, "glossary.detached", glossary.id(),
                                new JsonObject().put("document", documentId)))));
    }

    /** The documents the glossary is attached to. */
    public Future<List<String>> documents(String glossaryId) {
        return SqlTemplate.forQuery(pool, "SELECT document_id FROM glossary_documents WHERE glossary_id = #{glossary} ORDER BY attached_at")
                .execute(Map.of("glossary", glossaryId))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString("document_id")));
                    return ids;
                });
    }

    // ---- entries --------------------------------------------------------------------------

    /** The glossary's entries with their current definitions, by term. */
    public Future<List<Entry>> entries(String glossaryId) {
        return entries(pool, "SELECT " + ENTRY_COLUMNS + " FROM glossary_entries WHERE glossary_id = #{key} ORDER BY term, id",
                "SELECT id FROM glossary_entries WHERE glossary_id = #{key}", glossaryId);
    }

    public Future<Optional<Entry>> entry(String id) {
        return entry(pool, id);
    }

    private Future<Optional<Entry>> entry(SqlClient client, String id) {
        return entries(client, "SELECT " + ENTRY_COLUMNS + " FROM glossary_entries WHERE id = #{key}", "#{key}", id)
                .map(list -> list.stream().findFirst());
    }

    private Future<List<Entry>> entries(SqlClient client, String entriesSql, String idsSql, String key) {
        return SqlTemplate.forQuery(client, entriesSql).execute(Map.of("key", key))
                .compose(rows -> {
                    List<Row> entryRows = new ArrayList<>();
                    rows.forEach(entryRows::add);
                    if (entryRows.isEmpty()) {
                        return Future.succeededFuture(List.<Entry>of());
                    }
                    return SqlTemplate.forQuery(client, String.format(CURRENT_DEFINITIONS, idsSql)).execute(Map.of("key", key))
                            .map(definitionRows -> {
                                Map<String, List<Definition>> byEntry = new HashMap<>();
                                definitionRows.forEach(row -> byEntry.computeIfAbsent(row.getString("entry_id"), e -> new ArrayList<>())
                                        .add(definition(row)));
                                List<Entry> list = new ArrayList<>();
                                for (Row row : entryRows) {
                                    list.add(toEntry(row, byEntry.getOrDefault(row.getString("id"), List.of())));
                                }
                                return list;
                            });
                });
    }

    /** A new entry, at version 1, with a first version of each definition given. */
    public Future<Entry> createEntry(Glossary glossary, EntryFields fields, Map<String, String> definitions, Principal author) {
        return createEntry(glossary, fields, definitions, author, null);
    }

    /** As {@link #createEntry}; {@code more} runs in the same transaction with the new entry (a proposal's acceptance). */
    Future<Entry> createEntry(Glossary glossary, EntryFields fields, Map<String, String> definitions, Principal author,
            java.util.function.BiFunction<SqlClient, Entry, Future<Void>> more) {
        String id = Ids.newId();
        long now = System.currentTimeMillis();
        return database.inTransaction(conn -> requireNewTerm(conn, "glossary_id = #{glossary}", Map.of("glossary", glossary.id()), fields.term())
                .compose(v -> insertEntry(conn, glossary.id(), id, fields, definitions, author, now))
                .compose(v -> entry(conn, id)).map(Optional::orElseThrow)
                .compose(entry -> Journal.write(conn, new Journal.Note(glossary.workspaceId(), author, "glossary.entry-created", id,
                                new JsonObject().put("glossary", glossary.id()).put("term", fields.term())
                                        .put("perspectives", new io.vertx.core.json.JsonArray(new ArrayList<>(definitions.keySet())))))
                        .compose(v -> more == null ? Future.succeededFuture() : more.apply(conn, entry))
                        .map(entry)));
    }

    /** An entry of the glossary, by the term it defines. */
    record EntryTerm(String id, String term) {
    }

    /**
     * The entry chosen by {@code entries} (a condition on glossary_entries) whose term is {@code
     * term} in any case ("Expérimentation" is "expérimentation"), compared here rather than by SQL,
     * whose LOWER() knows ASCII only on SQLite.
     */
    private static Future<Optional<EntryTerm>> entryWithTerm(SqlClient conn, String entries, Map<String, Object> params, String term) {
        String wanted = EntryFields.termKey(term);
        return SqlTemplate.forQuery(conn, "SELECT id, term FROM glossary_entries WHERE " + entries).execute(params).map(rows -> {
            for (Row row : rows) {
                if (EntryFields.termKey(row.getString("term")).equals(wanted)) {
                    return Optional.of(new EntryTerm(row.getString("id"), row.getString("term")));
                }
            }
            return Optional.empty();
        });
    }

    /** Entry {@code id} and its term, if it exists. */
    static Future<Optional<EntryTerm>> entryTerm(SqlClient conn, String id) {
        return SqlTemplate.forQuery(conn, "SELECT id, term FROM glossary_entries WHERE id = #{id}").execute(Map.of("id", id))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(new EntryTerm(id, rows.iterator().next().getString("term"))));
    }

    /**
     * Refuses, with {@code conflict} and the other entry's id, a term that an entry chosen by
     * {@code entries} has already, in any case: as an import does, so that proposals and rounds,
     * which find a term in any case, find one entry.
     */
    private static Future<Void> requireNewTerm(SqlClient conn, String entries, Map<String, Object> params, String term) {
        return entryWithTerm(conn, entries, params, term).compose(found -> found.isEmpty() ? Future.succeededFuture()
                : Future.failedFuture(CahierException.withExtensions(ErrorCode.CONFLICT, "the term \"" + found.get().term()
                        + "\" is already in this glossary", new JsonObject().put("entryId", found.get().id()))));
    }

    /** Imports checked CSV rows in one transaction: all of them or, on any failure, none. */
    public Future<Integer> importEntries(Glossary glossary, List<GlossaryCsv.Row> rows, Principal author) {
        long now = System.currentTimeMillis();
        return database.inTransaction(conn -> {
            Future<Void> written = Future.succeededFuture();
            for (GlossaryCsv.Row row : rows) {
                written = written.compose(v -> insertEntry(conn, glossary.id(), Ids.newId(), row.fields(), row.definitions(), author, now));
            }
            return written.compose(v -> Journal.write(conn, new Journal.Note(glossary.workspaceId(), author, "glossary.imported",
                    glossary.id(), new JsonObject().put("entries", rows.size())))).map(rows.size());
        });
    }

    private static Future<Void> insertEntry(SqlClient conn, String glossaryId, String id, EntryFields fields, Map<String, String> definitions,
            Principal author, long now) {
        Map<String, Object> row = entryRow(id, fields, 1, now);
        row.put("glossary", glossaryId);
        row.put("created", now);
        Future<Void> written = SqlTemplate.forUpdate(conn, "INSERT INTO glossary_entries (" + ENTRY_COLUMNS + ") VALUES (#{id}, #{glossary}, "
                        + "#{term}, #{lang}, #{aliases}, #{status}, #{gapNote}, #{examples}, #{sources}, #{version}, #{created}, #{time})")
                .execute(row)
                .compose(v -> insertEntryVersion(conn, id, fields, 1, author, now));
        for (Map.Entry<String, String> definition : definitions.entrySet()) {
            written = written.compose(v -> insertDefinition(conn, id, definition.getKey(), 1, definition.getValue(), null, author, now));
        }
        return written;
    }

    /**
     * Changes an entry's fields if it is still at {@code baseVersion}; otherwise refuses with
     * {@code conflict} and the current entry.
     */
    public Future<Entry> updateEntry(String id, long baseVersion, EntryFields fields, Principal author, String workspaceId) {
        long now = System.currentTimeMillis();
        Map<String, Object> row = entryRow(id, fields, baseVersion + 1, now);
        row.put("base", baseVersion);
        return database.inTransaction(conn -> requireNewTerm(conn,
                        "glossary_id = (SELECT glossary_id FROM glossary_entries WHERE id = #{entry}) AND id <> #{entry}", Map.of("entry", id),
                        fields.term())
                .compose(unique -> SqlTemplate.forUpdate(conn, "UPDATE glossary_entries SET term = #{term}, lang = #{lang}, "
                                + "aliases = #{aliases}, status = #{status}, gap_note = #{gapNote}, examples = #{examples}, "
                                + "sources = #{sources}, version = #{version}, updated_at = #{time} WHERE id = #{id} AND version = #{base}")
                        .execute(row)
                        .compose(updated -> updated.rowCount() == 1
                                ? insertEntryVersion(conn, id, fields, baseVersion + 1, author, now)
                                        .compose(v -> Journal.write(conn, new Journal.Note(workspaceId, author, "glossary.entry-changed", id,
                                                new JsonObject().put("term", fields.term()).put("status", fields.status().code())
                                                        .put("version", baseVersion + 1))))
                                        .compose(v -> entry(conn, id))
                                : Future.succeededFuture(Optional.<Entry>empty()))))
                .compose(updated -> updated.isPresent() ? Future.succeededFuture(updated.get())
                        : entry(id).map(current -> {
                            throw conflict("the entry changed since version " + baseVersion + "; here is the current one",
                                    new JsonObject().put("current", current.orElseThrow(() -> notFound(id)).toJson()));
                        }));
    }

    /** Every version of an entry's fields, newest first. */
    public Future<JsonArray> entryHistory(String id) {
        return SqlTemplate.forQuery(pool, "SELECT version, fields, author_id, author_name, created_at FROM glossary_entry_versions "
                        + "WHERE entry_id = #{id} ORDER BY version DESC")
                .execute(Map.of("id", id))
                .map(rows -> {
                    JsonArray versions = new JsonArray();
                    rows.forEach(row -> versions.add(new JsonObject().put("version", row.getLong("version"))
                            .put("fields", new JsonObject(row.getString("fields")))
                            .put("author", new JsonObject().put("id", row.getString("author_id")).put("name", row.getString("author_name")))
                            .put("time", row.getLong("created_at"))));
                    return versions;
                });
    }

    // ---- definitions ----------------------------------------------------------------------

    /**
     * Adds version {@code baseVersion + 1} of the perspective's definition ({@code baseVersion} 0:
     * the perspective has none yet). A stale {@code baseVersion} — someone saved in between — is
     * refused with {@code conflict} and the current definition, whose words the client merges and
     * sends again.
     */
    public Future<Definition> putDefinition(String entryId, String perspective, long baseVersion, String text, Long restoredFrom,
            Principal author, Journal.Note note) {
        return putDefinition(entryId, perspective, baseVersion, text, restoredFrom, author, note, null);
    }

    /** As above; {@code more} runs in the same transaction once the definition is saved (a proposal's acceptance). */
    Future<Definition> putDefinition(String entryId, String perspective, long baseVersion, String text, Long restoredFrom,
            Principal author, Journal.Note note, java.util.function.Function<SqlClient, Future<Void>> more) {
        long now = System.currentTimeMillis();
        return database.inTransaction(conn -> latestVersion(conn, entryId, perspective).compose(latest -> latest != baseVersion
                        ? Future.succeededFuture(Optional.<Definition>empty())
                        : insertDefinition(conn, entryId, perspective, baseVersion + 1, text, restoredFrom, author, now)
                                .compose(v -> Journal.write(conn, new Journal.Note(note.workspaceId(), note.actor(), note.action(),
                                        note.subject(), note.details().copy().put("version", baseVersion + 1))))
                                .compose(v -> more == null ? Future.succeededFuture() : more.apply(conn))
                                .map(v -> Optional.of(new Definition(perspective, baseVersion + 1, text, restoredFrom, author.id(), author.name(), now)))))
                // Two saves on the same version at the same moment: the second insert meets the
                // first's primary key (PostgreSQL) or waits for its lock (SQLite); either way it is a conflict.
                .recover(failure -> Database.isUniqueViolation(failure) ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(failure))
                .compose(saved -> saved.isPresent() ? Future.succeededFuture(saved.get())
                        : definitionHistory(entryId, perspective).map(history -> {
                            throw conflict("the " + perspective + " definition changed since version " + baseVersion
                                    + "; here is the current one: merge and save again",
                                    new JsonObject().put("current", history.isEmpty() ? null : history.get(0).toJson()));
                        }));
    }

    /** A perspective's definition to write, and who wrote its words. */
    record Settled(String perspective, String text, Principal author) {
    }

    /**
     * Writes a term's definitions in one transaction: into {@code entryId}, or the glossary's entry
     * with this term (any case), or a new entry; each as the next version of its perspective,
     * attributed to its author; each change in the journal as {@code actor}'s; then {@code more}
     * (with the entry). Returns the entry's id. Accepting a proposal and settling a round's
     * term both come here.
     */
    Future<String> settle(Glossary glossary, String term, String entryId, List<Settled> definitions, Principal actor,
            java.util.function.BiFunction<SqlClient, EntryTerm, Future<Void>> more) {
        long now = System.currentTimeMillis();
        return database.inTransaction(conn -> {
            Future<EntryTerm> target = entryId != null
                    ? entryTerm(conn, entryId).map(found -> found.orElseThrow(() -> notFound(entryId)))
                    : entryWithTerm(conn, "glossary_id = #{glossary}", Map.of("glossary", glossary.id()), term).compose(found -> {
                        if (found.isPresent()) {
                            return Future.succeededFuture(found.get());
                        }
                        String id = Ids.newId();
                        return insertEntry(conn, glossary.id(), id, EntryFields.parse(new JsonObject().put("term", term)), Map.of(), actor, now)
                                .compose(v -> Journal.write(conn, new Journal.Note(glossary.workspaceId(), actor,
                                        "glossary.entry-created", id, new JsonObject().put("glossary", glossary.id()).put("term", term)
                                                .put("perspectives", new io.vertx.core.json.JsonArray()))))
                                .map(new EntryTerm(id, term));
                    });
            return target.compose(entry -> {
                Future<Void> written = Future.succeededFuture();
                for (Settled d : definitions) {
                    written = written.compose(v -> latestVersion(conn, entry.id(), d.perspective()).compose(latest ->
                            insertDefinition(conn, entry.id(), d.perspective(), latest + 1, d.text(), null, d.author(), now)
                                    .compose(w -> Journal.write(conn, new Journal.Note(glossary.workspaceId(), actor,
                                            "glossary.definition-changed", entry.id(), new JsonObject().put("term", entry.term())
                                                    .put("perspective", d.perspective()).put("version", latest + 1)
                                                    .put("author", d.author().name()))))));
                }
                return written.compose(v -> more.apply(conn, entry)).map(entry.id());
            });
        });
    }

    /** Every version of a perspective's definition, newest first. */
    public Future<List<Definition>> definitionHistory(String entryId, String perspective) {
        return SqlTemplate.forQuery(pool, "SELECT " + DEFINITION_COLUMNS + " FROM glossary_definitions "
                        + "WHERE entry_id = #{entry} AND perspective = #{perspective} ORDER BY version DESC")
                .execute(Map.of("entry", entryId, "perspective", perspective))
                .map(rows -> {
                    List<Definition> list = new ArrayList<>();
                    rows.forEach(row -> list.add(definition(row)));
                    return list;
                });
    }

    private static Future<Long> latestVersion(SqlClient conn, String entryId, String perspective) {
        return SqlTemplate.forQuery(conn, "SELECT MAX(version) AS version FROM glossary_definitions "
                        + "WHERE entry_id = #{entry} AND perspective = #{perspective}")
                .execute(Map.of("entry", entryId, "perspective", perspective))
                .map(rows -> {
                    Long version = rows.iterator().next().getLong("version");
                    return version == null ? 0L : version;
                });
    }

    private static Future<Void> insertDefinition(SqlClient conn, String entryId, String perspective, long version, String text,
            Long restoredFrom, Principal author, long now) {
        Map<String, Object> row = new HashMap<>();
        row.put("entry", entryId);
        row.put("perspective", perspective);
        row.put("version", version);
        row.put("text", text);
        row.put("restored", restoredFrom);
        row.put("authorId", author.id());
        row.put("authorName", author.name());
        row.put("time", now);
        return SqlTemplate.forUpdate(conn, "INSERT INTO glossary_definitions (" + DEFINITION_COLUMNS + ") VALUES (#{entry}, #{perspective}, "
                + "#{version}, #{text}, #{restored}, #{authorId}, #{authorName}, #{time})").execute(row).mapEmpty();
    }

    private static Future<Void> insertEntryVersion(SqlClient conn, String entryId, EntryFields fields, long version, Principal author, long now) {
        return SqlTemplate.forUpdate(conn, "INSERT INTO glossary_entry_versions (entry_id, version, fields, author_id, author_name, created_at) "
                        + "VALUES (#{entry}, #{version}, #{fields}, #{authorId}, #{authorName}, #{time})")
                .execute(Map.of("entry", entryId, "version", version, "fields", fields.toJson().encode(), "authorId", author.id(),
                        "authorName", author.name(), "time", now))
                .mapEmpty();
    }

    // ---- rows -----------------------------------------------------------------------------

    private static Map<String, Object> entryRow(String id, EntryFields fields, long version, long now) {
        JsonObject json = fields.toJson();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("term", fields.term());
        row.put("lang", fields.lang());
        row.put("aliases", json.getJsonArray("aliases").encode());
        row.put("status", fields.status().code());
        row.put("gapNote", fields.gapNote());
        row.put("examples", json.getJsonArray("examples").encode());
        row.put("sources", json.getJsonArray("sources").encode());
        row.put("version", version);
        row.put("time", now);
        return row;
    }

    private static Entry toEntry(Row row, List<Definition> definitions) {
        JsonObject stored = new JsonObject().put("term", row.getString("term")).put("lang", row.getString("lang"))
                .put("aliases", new JsonArray(row.getString("aliases"))).put("status", row.getString("status"))
                .put("gapNote", row.getString("gap_note")).put("examples", new JsonArray(row.getString("examples")))
                .put("sources", new JsonArray(row.getString("sources")));
        return new Entry(row.getString("id"), row.getString("glossary_id"), EntryFields.fromJson(stored), row.getLong("version"),
                row.getLong("created_at"), row.getLong("updated_at"), definitions);
    }

    private static Definition definition(Row row) {
        return new Definition(row.getString("perspective"), row.getLong("version"), row.getString("text"), row.getLong("restored_from"),
                row.getString("author_id"), row.getString("author_name"), row.getLong("created_at"));
    }

    private static CahierException conflict(String message, JsonObject current) {
        return CahierException.withExtensions(ErrorCode.CONFLICT, message, current);
    }

    static CahierException notFound(String entryId) {
        return CahierException.notFound("no glossary entry \"" + entryId + "\"");
    }
}
