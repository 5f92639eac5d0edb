package io.cahier.glossary;

import io.cahier.http.CahierException;
import io.cahier.http.ErrorCode;
import io.cahier.http.Principal;
import io.cahier.storage.Database;
import io.cahier.storage.Ids;
import io.cahier.workspaces.Journal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Proposals to a glossary (annotators propose, editors decide). Accepting one writes its words as
 * a new version — of the entry's perspective, or of a new entry — attributed to its proposer, and
 * marks it accepted, in one transaction; deciding twice is a {@code conflict}.
 */
public final class Proposals {

    private static final String COLUMNS = "id, glossary_id, entry_id, kind, perspective, term, text, note, state, author_id, "
            + "author_name, created_at, decided_by_id, decided_by_name, decided_at, decision_note";

    private final Database database;
    private final GlossaryRepository glossaries;

    public Proposals(Database database, GlossaryRepository glossaries) {
        this.database = database;
        this.glossaries = glossaries;
    }

    public Future<Proposal> propose(Glossary glossary, String entryId, String perspective, String term, String text, String note,
            Principal author) {
        Proposal proposal = new Proposal(Ids.newId(), glossary.id(), entryId, entryId != null ? "definition" : "term", perspective,
                term, text, note, "open", author.id(), author.name(), System.currentTimeMillis(), null, null, null, null);
        Map<String, Object> params = new HashMap<>();
        params.put("id", proposal.id());
        params.put("glossary", glossary.id());
        params.put("entry", entryId);
        params.put("kind", proposal.kind());
        params.put("perspective", perspective);
        params.put("term", term);
        params.put("text", text);
        params.put("note", note);
        params.put("author", author.id());
        params.put("authorName", author.name());
        params.put("time", proposal.createdAt());
        return database.inTransaction(conn -> SqlTemplate.forUpdate(conn, "INSERT INTO glossary_proposals (id, glossary_id, entry_id, "
                        + "kind, perspective, term, text, note, state, author_id, author_name, created_at) VALUES (#{id}, #{glossary}, "
                        + "#{entry}, #{kind}, #{perspective}, #{term}, #{text}, #{note}, 'open', #{author}, #{authorName}, #{time})")
                .execute(params)
                .compose(v -> termOf(conn, proposal))
                .compose(entryTerm -> Journal.write(conn, new Journal.Note(glossary.workspaceId(), author, "glossary.proposal-made", proposal.id(),
                        new JsonObject().put("glossary", glossary.id()).put("kind", proposal.kind()).put("entry", entryId)
                                .put("term", entryTerm).put("perspective", perspective)))))
                .map(proposal);
    }

    /** The term a proposal is about: the new term it proposes, or its entry's. */
    private static Future<String> termOf(SqlClient conn, Proposal proposal) {
        if (proposal.term() != null || proposal.entryId() == null) {
            return Future.succeededFuture(proposal.term());
        }
        return GlossaryRepository.entryTerm(conn, proposal.entryId()).map(found -> found.map(GlossaryRepository.EntryTerm::term).orElse(null));
    }

    public Future<Optional<Proposal>> find(String id) {
        return SqlTemplate.forQuery(database.pool(), "SELECT " + COLUMNS + " FROM glossary_proposals WHERE id = #{id}")
                .execute(Map.of("id", id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(proposal(rows.iterator().next())));
    }

    /** The glossary's proposals in {@code state} (null: all), newest first. */
    public Future<List<Proposal>> ofGlossary(String glossaryId, String state) {
        Map<String, Object> params = new HashMap<>();
        params.put("glossary", glossaryId);
        params.put("state", state);
        return SqlTemplate.forQuery(database.pool(), "SELECT " + COLUMNS + " FROM glossary_proposals WHERE glossary_id = #{glossary}"
                        + (state == null ? "" : " AND state = #{state}") + " ORDER BY created_at DESC, id")
                .execute(params)
                .map(rows -> {
                    List<Proposal> list = new ArrayList<>();
                    rows.forEach(row -> list.add(proposal(row)));
                    return list;
                });
    }

    /**
     * Accepts an open proposal: its words become the next version of the perspective's definition
     * (on whatever version is current: the proposer wrote against what they read, the editor
     * accepts it now), or a new entry; attributed to the proposer; the journal says who accepted.
     */
    public Future<Proposal> accept(Proposal proposal, Glossary glossary, Principal editor, String decisionNote) {
        Principal proposer = new Principal(proposal.authorId(), proposal.authorName(), Principal.Via.SESSION, null, null, false);
        // a proposed term that the glossary has meanwhile (any case) goes into that entry
        return glossaries.settle(glossary, proposal.term(), proposal.entryId(),
                        List.of(new GlossaryRepository.Settled(proposal.perspective(), proposal.text(), proposer)), editor,
                        (conn, entry) -> decide(conn, proposal, "accepted", editor, decisionNote, entry.id())
                                .compose(v -> Journal.write(conn, new Journal.Note(glossary.workspaceId(), editor, "glossary.proposal-accepted",
                                        proposal.id(), details(proposal, glossary, entry.term()).put("entry", entry.id())
                                                .put("note", decisionNote)))))
                .compose(entryId -> find(proposal.id()).map(Optional::orElseThrow));
    }

    /** What the journal says of a proposal; {@code term}: the entry's, for a definition proposed to an entry. */
    private static JsonObject details(Proposal proposal, Glossary glossary, String term) {
        return new JsonObject().put("glossary", glossary.id()).put("kind", proposal.kind()).put("entry", proposal.entryId())
                .put("term", term).put("perspective", proposal.perspective()).put("proposer", proposal.authorName());
    }

    public Future<Proposal> decline(Proposal proposal, Glossary glossary, Principal editor, String decisionNote) {
        return database.inTransaction(conn -> decide(conn, proposal, "declined", editor, decisionNote, proposal.entryId())
                        .compose(v -> termOf(conn, proposal))
                        .compose(term -> Journal.write(conn, new Journal.Note(glossary.workspaceId(), editor, "glossary.proposal-declined",
                                proposal.id(), details(proposal, glossary, term).put("note", decisionNote)))))
                .compose(v -> find(proposal.id()).map(Optional::orElseThrow));
    }

    /** Marks the proposal decided if it is still open; else the transaction fails with {@code conflict}. */
    private static Future<Void> decide(SqlClient conn, Proposal proposal, String state, Principal editor, String note, String entryId) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", proposal.id());
        params.put("state", state);
        params.put("by", editor.id());
        params.put("byName", editor.name());
        params.put("time", System.currentTimeMillis());
        params.put("note", note);
        params.put("entry", entryId);
        return SqlTemplate.forUpdate(conn, "UPDATE glossary_proposals SET state = #{state}, decided_by_id = #{by}, "
                        + "decided_by_name = #{byName}, decided_at = #{time}, decision_note = #{note}, entry_id = #{entry} "
                        + "WHERE id = #{id} AND state = 'open'")
                .execute(params)
                .compose(updated -> updated.rowCount() == 1 ? Future.<Void>succeededFuture()
                        : Future.failedFuture(new CahierException(ErrorCode.CONFLICT, "this proposal was already decided")));
    }

    private static Proposal proposal(Row row) {
        return new Proposal(row.getString("id"), row.getString("glossary_id"), row.getString("entry_id"), row.getString("kind"),
                row.getString("perspective"), row.getString("term"), row.getString("text"), row.getString("note"),
                row.getString("state"), row.getString("author_id"), row.getString("author_name"), row.getLong("created_at"),
                row.getString("decided_by_id"), row.getString("decided_by_name"), row.getLong("decided_at"),
                row.getString("decision_note"));
    }
}
