package io.cahier.glossary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.testing.TestServer;
import io.cahier.testing.TestWs;
import io.cahier.testing.Workshop;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roles in glossaries: editors and facilitators edit entries, annotators propose and an editor
 * accepts (the words become a version attributed to their proposer) or declines, observers read;
 * every change is in the workspace's activity journal.
 */
class GlossaryRolesTest {

    @TempDir
    Path dataDir;
    private TestServer server;
    private String ws;
    private String glossary;
    private String entry;
    private Map<String, String> annotator;
    private Map<String, String> editor;
    private Map<String, String> observer;

    @BeforeEach
    void start() {
        server = TestServer.start(dataDir);
        ws = server.createWorkspace("Atelier");
        glossary = server.post("/api/workspaces/" + ws + "/glossaries", new JsonObject().put("name", "Vocabulaire")).json().getString("id");
        entry = server.post("/api/glossaries/" + glossary + "/entries", new JsonObject().put("term", "expérimentation")
                .put("definitions", new JsonObject().put("jurist", "Dérogation temporaire (art. 72)."))).json().getString("id");
        annotator = Workshop.join(server.port(), server.invite(ws, "annotator"), "Awa", "designer").headers();
        editor = Workshop.join(server.port(), server.invite(ws, "editor"), "Eli", "economist").headers();
        observer = Workshop.join(server.port(), server.invite(ws, "observer"), "Oscar", "inhabitant").headers();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestServer.Response as(Map<String, String> who, String method, String path, JsonObject body) {
        return server.request(method, path, body == null ? null : body.encode(), who);
    }

    @Test
    void anAnnotatorProposesAndAnEditorAcceptsTheWordsAsTheProposersVersion() {
        assertEquals(403, as(annotator, "PUT", "/api/entries/" + entry + "/definitions/designer",
                new JsonObject().put("baseVersion", 0).put("text", "Un test auprès d'usagers.")).status(), "annotators do not edit");
        TestServer.Response proposed = as(annotator, "POST", "/api/glossaries/" + glossary + "/proposals", new JsonObject()
                .put("entry", entry).put("perspective", "designer").put("text", "Un test auprès d'usagers.").put("note", "vu en atelier"));
        assertEquals(201, proposed.status(), proposed.toString());
        assertEquals("open", proposed.json().getString("state"));
        assertEquals(403, as(observer, "POST", "/api/glossaries/" + glossary + "/proposals", new JsonObject()
                .put("entry", entry).put("perspective", "inhabitant").put("text", "?")).status(), "observers do not propose");
        assertEquals(1, as(observer, "GET", "/api/glossaries/" + glossary + "/proposals", null).array().size(), "observers read them");
        String id = proposed.json().getString("id");
        assertEquals(403, as(annotator, "POST", "/api/proposals/" + id + "/accept", new JsonObject()).status(),
                "an annotator does not accept their own proposal");

        TestServer.Response accepted = as(editor, "POST", "/api/proposals/" + id + "/accept", new JsonObject().put("note", "merci"));
        assertEquals(200, accepted.status(), accepted.toString());
        assertEquals("accepted", accepted.json().getString("state"));
        assertEquals("Eli", accepted.json().getJsonObject("decision").getJsonObject("by").getString("name"));
        assertEquals(409, as(editor, "POST", "/api/proposals/" + id + "/decline", new JsonObject()).status(), "decided once");

        JsonArray history = server.get("/api/entries/" + entry + "/definitions/designer/history").array();
        assertEquals(1, history.size());
        assertEquals("Un test auprès d'usagers.", history.getJsonObject(0).getString("text"));
        assertEquals("Awa", history.getJsonObject(0).getJsonObject("author").getString("name"), "the words are the proposer's");
        assertEquals(0, server.get("/api/glossaries/" + glossary + "/proposals").array().size(), "no open proposal left");
        assertEquals(1, server.get("/api/glossaries/" + glossary + "/proposals?state=accepted").array().size());
    }

    @Test
    void aProposedTermBecomesAnEntryOrIsDeclined() {
        String kept = as(annotator, "POST", "/api/glossaries/" + glossary + "/proposals", new JsonObject()
                .put("term", "tiers-lieu").put("perspective", "designer").put("text", "Un lieu ni travail ni maison.")).json().getString("id");
        String dropped = as(annotator, "POST", "/api/glossaries/" + glossary + "/proposals", new JsonObject()
                .put("term", "disruption").put("perspective", "designer").put("text", "?")).json().getString("id");
        assertEquals(400, as(annotator, "POST", "/api/glossaries/" + glossary + "/proposals", new JsonObject()
                .put("term", "x").put("entry", entry).put("perspective", "designer").put("text", "?")).status(), "entry or term");

        JsonObject accepted = as(editor, "POST", "/api/proposals/" + kept + "/accept", null).json();
        JsonObject created = server.get("/api/entries/" + accepted.getString("entryId")).json();
        assertEquals("tiers-lieu", created.getString("term"));
        assertEquals("Un lieu ni travail ni maison.", created.getJsonArray("definitions").getJsonObject(0).getString("text"));
        JsonObject declined = as(editor, "POST", "/api/proposals/" + dropped + "/decline", new JsonObject().put("note", "hors sujet")).json();
        assertEquals("declined", declined.getString("state"));
        assertEquals("hors sujet", declined.getJsonObject("decision").getString("note"));
        assertEquals(2, server.get("/api/glossaries/" + glossary).json().getJsonArray("entries").size(), "the declined term is no entry");

        String again = as(annotator, "POST", "/api/glossaries/" + glossary + "/proposals", new JsonObject()
                .put("term", "Tiers-Lieu").put("perspective", "jurist").put("text", "Un lieu sans statut propre.")).json().getString("id");
        assertEquals(accepted.getString("entryId"), as(editor, "POST", "/api/proposals/" + again + "/accept", null).json().getString("entryId"),
                "a term the glossary has (any case) gets the proposed perspective, not a second entry");
        assertEquals(2, server.get("/api/glossaries/" + glossary).json().getJsonArray("entries").size());
    }

    @Test
    void everyGlossaryChangeIsInTheJournal() {
        String doc = server.createDocument("paper");
        server.request("PUT", "/api/glossaries/" + glossary + "/documents/" + doc, null);
        server.request("PUT", "/api/entries/" + entry + "/definitions/designer",
                new JsonObject().put("baseVersion", 0).put("text", "Un test.").encode());
        server.request("POST", "/api/entries/" + entry + "/definitions/designer/restore",
                new JsonObject().put("version", 1).put("baseVersion", 1).encode());
        server.request("PATCH", "/api/entries/" + entry, new JsonObject().put("version", 1).put("status", "contested").encode());
        String proposal = as(annotator, "POST", "/api/glossaries/" + glossary + "/proposals", new JsonObject()
                .put("entry", entry).put("perspective", "economist").put("text", "Un pari sur un rendement.")).json().getString("id");
        as(editor, "POST", "/api/proposals/" + proposal + "/accept", null);
        server.request("PATCH", "/api/glossaries/" + glossary, new JsonObject().put("name", "Lexique").encode());
        server.request("DELETE", "/api/glossaries/" + glossary + "/documents/" + doc, null);

        List<String> actions = server.get("/api/workspaces/" + ws + "/activity?limit=200").json().getJsonArray("entries").stream()
                .map(e -> ((JsonObject) e).getString("action")).filter(a -> a.startsWith("glossary.") || a.startsWith("document."))
                .toList();
        assertEquals(List.of("glossary.detached", "glossary.renamed", "glossary.proposal-accepted", "glossary.definition-changed",
                "glossary.proposal-made",
                "glossary.entry-changed", "glossary.definition-restored", "glossary.definition-changed", "glossary.attached",
                "document.created", "glossary.entry-created", "glossary.created"), actions);
        server.get("/api/workspaces/" + ws + "/activity?limit=200").json().getJsonArray("entries").stream().map(e -> (JsonObject) e)
                .filter(e -> e.getString("action").startsWith("glossary.proposal-") || e.getString("action").equals("glossary.definition-changed"))
                .forEach(e -> assertEquals("expérimentation", e.getJsonObject("details").getString("term"), "the journal names the term: " + e));
    }

    @Test
    void aProposedTermFindsItsEntryInAnyCaseBeyondAscii() {
        String first = as(annotator, "POST", "/api/glossaries/" + glossary + "/proposals", new JsonObject()
                .put("term", "écologie").put("perspective", "designer").put("text", "Un soin des milieux.")).json().getString("id");
        String entryId = as(editor, "POST", "/api/proposals/" + first + "/accept", null).json().getString("entryId");
        String second = as(annotator, "POST", "/api/glossaries/" + glossary + "/proposals", new JsonObject()
                .put("term", "Écologie").put("perspective", "jurist").put("text", "Un droit de l'environnement.")).json().getString("id");
        assertEquals(entryId, as(editor, "POST", "/api/proposals/" + second + "/accept", null).json().getString("entryId"),
                "É is é: the second proposal goes into the first's entry");
    }

    @Test
    void subscribersOfAnAttachedDocumentHearOfAProposal() {
        String doc = server.createDocument("paper");
        server.request("PUT", "/api/glossaries/" + glossary + "/documents/" + doc, null);
        try (TestWs socket = TestWs.connect(server.port(), null, editor)) {
            socket.send(new JsonObject().put("type", "join").put("doc", doc)).next("joined");
            as(annotator, "POST", "/api/glossaries/" + glossary + "/proposals", new JsonObject()
                    .put("entry", entry).put("perspective", "designer").put("text", "Un test."));
            JsonObject heard = socket.next("glossary");
            assertEquals("proposal", heard.getString("change"));
            assertTrue(heard.getString("entry").equals(entry));
        }
    }

    @Test
    void aWatcherOfTheGlossaryHearsEveryChangeWithNoDocumentOpen() {
        try (TestWs socket = TestWs.connect(server.port(), null, observer)) {
            assertEquals(glossary, socket.send(new JsonObject().put("type", "watch").put("glossary", glossary)).next("watching")
                    .getString("glossary"));
            as(annotator, "POST", "/api/glossaries/" + glossary + "/proposals", new JsonObject()
                    .put("entry", entry).put("perspective", "designer").put("text", "Un test."));
            JsonObject heard = socket.next("glossary");
            assertEquals("proposal", heard.getString("change"));
            assertEquals(glossary, heard.getString("glossary"));
            assertTrue(!heard.containsKey("doc"), "a watcher's message names no document: " + heard);
            socket.send(new JsonObject().put("type", "unwatch").put("glossary", glossary));
            server.request("PATCH", "/api/glossaries/" + glossary, new JsonObject().put("name", "Lexique").encode());
            socket.send(new JsonObject().put("type", "ping"));
            socket.next("pong");
            assertTrue(socket.drain().stream().noneMatch(f -> f.getString("type").equals("glossary")), "unwatched: nothing more");
        }
    }
}
