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
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Vocabulary rounds (the seeds' advice: settle vocabulary before actors of different fields
 * meet). A facilitator opens a round on a few terms; each participant writes their own definition
 * of each, seeing who has answered but not what; at the reveal every answer appears, grouped by
 * discipline; the facilitator then settles each term: per discipline, one participant's words or
 * a merge become that perspective's definition in the glossary.
 */
public final class Rounds {

    static final int MAX_TERMS = 20;

    /** A round; {@code state} open, revealed or closed. */
    record Round(String id, String glossaryId, String prompt, String state, String createdById, String createdByName, long createdAt) {
    }

    record Term(String id, String term, String entryId, Long settledAt) {
    }

    record Answer(String termId, String participantId, String participantName, String discipline, String text, long answeredAt) {
    }

    private final Database database;
    private final GlossaryRepository glossaries;

    Rounds(Database database, GlossaryRepository glossaries) {
        this.database = database;
        this.glossaries = glossaries;
    }

    Future<Round> open(Glossary glossary, String prompt, List<String> terms, Principal facilitator) {
        Round round = new Round(Ids.newId(), glossary.id(), prompt, "open", facilitator.id(), facilitator.name(), System.currentTimeMillis());
        Map<String, Object> params = new HashMap<>();
        params.put("id", round.id());
        params.put("glossary", glossary.id());
        params.put("prompt", prompt);
        params.put("by", facilitator.id());
        params.put("byName", facilitator.name());
        params.put("time", round.createdAt());
        return database.inTransaction(conn -> glossaries.entries(glossary.id()).compose(entries -> {
            Map<String, String> entryOf = new HashMap<>();
            entries.forEach(e -> entryOf.put(EntryFields.termKey(e.fields().term()), e.id()));
            Future<Void> written = SqlTemplate.forUpdate(conn, "INSERT INTO vocabulary_rounds (id, glossary_id, prompt, state, "
                    + "created_by_id, created_by_name, created_at) VALUES (#{id}, #{glossary}, #{prompt}, 'open', #{by}, #{byName}, #{time})")
                    .execute(params).mapEmpty();
            for (int i = 0; i < terms.size(); i++) {
                Map<String, Object> term = new HashMap<>();
                term.put("id", Ids.newId());
                term.put("round", round.id());
                term.put("position", i);
                term.put("term", terms.get(i));
                term.put("entry", entryOf.get(EntryFields.termKey(terms.get(i))));
                written = written.compose(v -> SqlTemplate.forUpdate(conn, "INSERT INTO round_terms (id, round_id, position, term, entry_id) "
                        + "VALUES (#{id}, #{round}, #{position}, #{term}, #{entry})").execute(term).mapEmpty());
            }
            return written.compose(v -> Journal.write(conn, new Journal.Note(glossary.workspaceId(), facilitator, "round.opened", round.id(),
                    new JsonObject().put("glossary", glossary.id()).put("terms", new JsonArray(terms)))));
        })).map(round);
    }

    Future<Optional<Round>> find(String id) {
        return SqlTemplate.forQuery(database.pool(), "SELECT id, glossary_id, prompt, state, created_by_id, created_by_name, created_at "
                        + "FROM vocabulary_rounds WHERE id = #{id}")
                .execute(Map.of("id", id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(round(rows.iterator().next())));
    }

    Future<List<Round>> ofGlossary(String glossaryId) {
        return SqlTemplate.forQuery(database.pool(), "SELECT id, glossary_id, prompt, state, created_by_id, created_by_name, created_at "
                        + "FROM vocabulary_rounds WHERE glossary_id = #{glossary} ORDER BY created_at DESC, id")
                .execute(Map.of("glossary", glossaryId))
                .map(rows -> {
                    List<Round> list = new ArrayList<>();
                    rows.forEach(row -> list.add(round(row)));
                    return list;
                });
    }

    Future<List<Term>> terms(String roundId) {
        return SqlTemplate.forQuery(database.pool(), "SELECT id, term, entry_id, settled_at FROM round_terms WHERE round_id = #{round} "
                        + "ORDER BY position")
                .execute(Map.of("round", roundId))
                .map(rows -> {
                    List<Term> list = new ArrayList<>();
                    rows.forEach(row -> list.add(new Term(row.getString("id"), row.getString("term"), row.getString("entry_id"),
                            row.getLong("settled_at"))));
                    return list;
                });
    }

    Future<List<Answer>> answers(String roundId) {
        return SqlTemplate.forQuery(database.pool(), "SELECT a.term_id, a.participant_id, a.participant_name, a.discipline, a.text, "
                        + "a.answered_at FROM round_answers a JOIN round_terms t ON t.id = a.term_id WHERE t.round_id = #{round} "
                        + "ORDER BY a.answered_at, a.participant_id")
                .execute(Map.of("round", roundId))
                .map(rows -> {
                    List<Answer> list = new ArrayList<>();
                    rows.forEach(row -> list.add(new Answer(row.getString("term_id"), row.getString("participant_id"),
                            row.getString("participant_name"), row.getString("discipline"), row.getString("text"),
                            row.getLong("answered_at"))));
                    return list;
                });
    }

    /** Writes (or rewrites) the participant's answer while the round is open. */
    Future<Void> answer(Round round, Glossary glossary, Term term, Principal participant, String discipline, String text) {
        Map<String, Object> params = new HashMap<>();
        params.put("term", term.id());
        params.put("p", participant.id());
        params.put("name", participant.name());
        params.put("discipline", discipline);
        params.put("text", text);
        params.put("time", System.currentTimeMillis());
        params.put("round", round.id());
        return database.inTransaction(conn -> stillOpen(conn, round.id())
                .compose(v -> SqlTemplate.forUpdate(conn, "INSERT INTO round_answers (term_id, participant_id, participant_name, discipline, "
                        + "text, answered_at) VALUES (#{term}, #{p}, #{name}, #{discipline}, #{text}, #{time}) "
                        + "ON CONFLICT (term_id, participant_id) DO UPDATE SET text = excluded.text, discipline = excluded.discipline, "
                        + "participant_name = excluded.participant_name, answered_at = excluded.answered_at").execute(params))
                .compose(v -> Journal.write(conn, new Journal.Note(glossary.workspaceId(), participant, "round.answered", round.id(),
                        new JsonObject().put("glossary", glossary.id()).put("term", term.term()).put("discipline", discipline)))));
    }

    private static Future<Void> stillOpen(SqlClient conn, String roundId) {
        return SqlTemplate.forQuery(conn, "SELECT state FROM vocabulary_rounds WHERE id = #{id}").execute(Map.of("id", roundId))
                .compose(rows -> "open".equals(rows.iterator().next().getString("state")) ? Future.<Void>succeededFuture()
                        : Future.failedFuture(new CahierException(ErrorCode.CONFLICT,
                                "the answers were revealed: this round takes no more answers")));
    }

    /** open → revealed, or revealed → closed; {@code 409} from any other state. */
    Future<Void> advance(Round round, Glossary glossary, String from, String to, Principal facilitator) {
        long now = System.currentTimeMillis();
        return database.inTransaction(conn -> SqlTemplate.forUpdate(conn, "UPDATE vocabulary_rounds SET state = #{to}, "
                        + (to.equals("revealed") ? "revealed_at" : "closed_at") + " = #{time} WHERE id = #{id} AND state = #{from}")
                .execute(Map.of("to", to, "time", now, "id", round.id(), "from", from))
                .compose(updated -> updated.rowCount() == 1
                        ? Journal.write(conn, new Journal.Note(glossary.workspaceId(), facilitator, "round." + to, round.id(),
                                new JsonObject().put("glossary", glossary.id())))
                        : Future.failedFuture(new CahierException(ErrorCode.CONFLICT, from.equals("open")
                                ? "this round was revealed already: its answers are out"
                                : "a round closes once, after its reveal"))));
    }

    /** Writes a revealed term's chosen definitions into the glossary and marks the term settled; the entry's id. */
    Future<String> settle(Round round, Glossary glossary, Term term, List<GlossaryRepository.Settled> definitions, Principal facilitator) {
        return glossaries.settle(glossary, term.term(), term.entryId(), definitions, facilitator, (conn, entry) ->
                SqlTemplate.forUpdate(conn, "UPDATE round_terms SET entry_id = #{entry}, settled_at = #{time} WHERE id = #{id}")
                        .execute(Map.of("entry", entry.id(), "time", System.currentTimeMillis(), "id", term.id()))
                        .compose(v -> Journal.write(conn, new Journal.Note(glossary.workspaceId(), facilitator, "round.settled", round.id(),
                                new JsonObject().put("term", term.term()).put("entry", entry.id()).put("perspectives",
                                        new JsonArray(definitions.stream().map(GlossaryRepository.Settled::perspective).toList()))))));
    }

    /**
     * The round as {@code viewer} sees it: for each term who has answered (name, discipline), the
     * viewer's own answer, and — once revealed — every answer grouped by discipline.
     */
    static JsonObject view(Round round, List<Term> terms, List<Answer> answers, String viewerId) {
        JsonArray termsJson = new JsonArray();
        for (Term term : terms) {
            JsonArray answered = new JsonArray();
            JsonObject mine = null;
            Map<String, JsonArray> byDiscipline = new TreeMap<>();
            for (Answer a : answers) {
                if (!a.termId().equals(term.id())) {
                    continue;
                }
                answered.add(new JsonObject().put("participant", new JsonObject().put("id", a.participantId()).put("name", a.participantName()))
                        .put("discipline", a.discipline()));
                if (a.participantId().equals(viewerId)) {
                    mine = new JsonObject().put("text", a.text()).put("answeredAt", a.answeredAt());
                }
                byDiscipline.computeIfAbsent(a.discipline(), d -> new JsonArray()).add(new JsonObject()
                        .put("participant", new JsonObject().put("id", a.participantId()).put("name", a.participantName()))
                        .put("text", a.text()));
            }
            JsonObject json = new JsonObject().put("id", term.id()).put("term", term.term()).put("entryId", term.entryId())
                    .put("settled", term.settledAt() != null).put("answered", answered).put("mine", mine);
            if (!round.state().equals("open")) {
                json.put("answers", new JsonObject(new LinkedHashMap<>(byDiscipline)));
            }
            termsJson.add(json);
        }
        return new JsonObject().put("id", round.id()).put("glossaryId", round.glossaryId()).put("prompt", round.prompt())
                .put("state", round.state()).put("createdBy", new JsonObject().put("id", round.createdById()).put("name", round.createdByName()))
                .put("createdAt", round.createdAt()).put("terms", termsJson);
    }

    private static Round round(Row row) {
        return new Round(row.getString("id"), row.getString("glossary_id"), row.getString("prompt"), row.getString("state"),
                row.getString("created_by_id"), row.getString("created_by_name"), row.getLong("created_at"));
    }
}
