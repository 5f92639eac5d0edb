package io.cahier.glossary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
 * A vocabulary round from opening to the glossary: participants answer blind (who answered is
 * visible, what they wrote is not, even to the facilitator), the reveal shows every answer grouped
 * by discipline, and settling makes the chosen words the entries' perspectives, attributed to their
 * writers.
 */
class VocabularyRoundTest {

    @TempDir
    Path dataDir;
    private TestServer server;
    private String ws;
    private String glossary;
    private Workshop.Guest jurist;
    private Workshop.Guest designer;
    private Workshop.Guest observer;

    @BeforeEach
    void start() {
        server = TestServer.start(dataDir);
        ws = server.createWorkspace("Atelier");
        glossary = server.post("/api/workspaces/" + ws + "/glossaries", new JsonObject().put("name", "Vocabulaire")).json().getString("id");
        server.post("/api/glossaries/" + glossary + "/entries", new JsonObject().put("term", "Innovation"));
        jurist = Workshop.join(server.port(), server.invite(ws, "annotator"), "Jeanne", "jurist");
        designer = Workshop.join(server.port(), server.invite(ws, "editor"), "Diego", "designer");
        observer = Workshop.join(server.port(), server.invite(ws, "observer"), "Olga", "inhabitant");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestServer.Response as(Workshop.Guest who, String method, String path, JsonObject body) {
        return server.request(method, path, body == null ? null : body.encode(), who.headers());
    }

    private static JsonObject term(JsonObject round, String term) {
        return round.getJsonArray("terms").stream().map(JsonObject.class::cast).filter(t -> t.getString("term").equals(term))
                .findFirst().orElseThrow();
    }

    @Test
    void answersStayHiddenUntilTheRevealThenTheFacilitatorSettlesThemIntoTheGlossary() {
        assertEquals(403, as(designer, "POST", "/api/glossaries/" + glossary + "/rounds",
                new JsonObject().put("terms", new JsonArray().add("expérimentation"))).status(), "facilitators open rounds");
        TestServer.Response opened = server.post("/api/glossaries/" + glossary + "/rounds", new JsonObject()
                .put("terms", new JsonArray().add("expérimentation").add("innovation")).put("prompt", "Avant l'atelier du 3 mars"));
        assertEquals(201, opened.status(), opened.toString());
        JsonObject round = opened.json();
        String id = round.getString("id");
        assertEquals("open", round.getString("state"));
        String experimentation = term(round, "expérimentation").getString("id");
        String innovation = term(round, "innovation").getString("id");
        assertTrue(term(round, "innovation").getString("entryId") != null, "a term already in the glossary is its entry");

        String path = "/api/rounds/" + id + "/terms/";
        assertEquals(200, as(jurist, "PUT", path + experimentation + "/answer", new JsonObject().put("text", "Un statut dérogatoire.")).status());
        assertEquals(200, as(designer, "PUT", path + experimentation + "/answer", new JsonObject().put("text", "Un test avec des usagers.")).status());
        assertEquals(200, as(designer, "PUT", path + experimentation + "/answer", new JsonObject().put("text", "Un test auprès d'usagers.")).status(),
                "an answer is rewritten until the reveal");
        assertEquals(403, as(observer, "PUT", path + experimentation + "/answer", new JsonObject().put("text", "?")).status(),
                "observers read, they do not answer");

        for (TestServer.Response view : new TestServer.Response[] {server.get("/api/rounds/" + id),
                as(observer, "GET", "/api/rounds/" + id, null), as(jurist, "GET", "/api/rounds/" + id, null)}) {
            JsonObject t = term(view.json(), "expérimentation");
            assertEquals(2, t.getJsonArray("answered").size(), "who answered is visible");
            assertFalse(view.json().encode().contains("usagers"), "nobody reads the designer's words before the reveal");
            assertNull(t.getValue("answers"), "no answers before the reveal");
        }
        JsonObject mine = term(as(jurist, "GET", "/api/rounds/" + id, null).json(), "expérimentation").getJsonObject("mine");
        assertEquals("Un statut dérogatoire.", mine.getString("text"), "one reads one's own answer");

        assertEquals(409, server.post(path + experimentation + "/settle", new JsonObject().put("perspectives",
                new JsonObject().put("jurist", new JsonObject().put("from", jurist.id())))).status(), "settling comes after the reveal");
        assertEquals(403, as(designer, "POST", "/api/rounds/" + id + "/reveal", null).status());
        JsonObject revealed = server.post("/api/rounds/" + id + "/reveal", new JsonObject()).json();
        assertEquals("revealed", revealed.getString("state"));
        JsonObject answers = term(revealed, "expérimentation").getJsonObject("answers");
        assertEquals("Un statut dérogatoire.", answers.getJsonArray("jurist").getJsonObject(0).getString("text"));
        assertEquals("Un test auprès d'usagers.", answers.getJsonArray("designer").getJsonObject(0).getString("text"));
        assertEquals(409, as(jurist, "PUT", path + innovation + "/answer", new JsonObject().put("text", "Trop tard.")).status(),
                "no answers after the reveal");

        TestServer.Response misattributed = server.post(path + experimentation + "/settle", new JsonObject().put("perspectives",
                new JsonObject().put("economist", new JsonObject().put("from", designer.id()))));
        assertEquals(400, misattributed.status(), "a designer's answer does not become the economists' definition");
        for (JsonObject ambiguous : List.of(new JsonObject().put("from", jurist.id()).put("text", "Et ceci ?"),
                new JsonObject().put("from", 7), new JsonObject(), new JsonObject().put("txt", "Faute de frappe."))) {
            TestServer.Response refused = server.post(path + experimentation + "/settle", new JsonObject().put("perspectives",
                    new JsonObject().put("jurist", ambiguous)));
            assertEquals(400, refused.status(), ambiguous.encode() + " is neither {from} nor {text}: " + refused);
        }
        TestServer.Response settled = server.post(path + experimentation + "/settle", new JsonObject().put("perspectives", new JsonObject()
                .put("jurist", new JsonObject().put("from", jurist.id()))
                .put("designer", new JsonObject().put("text", "Une mise à l'épreuve auprès des usagers."))));
        assertEquals(200, settled.status(), settled.toString());
        JsonObject settledTerm = term(settled.json(), "expérimentation");
        assertTrue(settledTerm.getBoolean("settled"));
        JsonObject entry = server.get("/api/entries/" + settledTerm.getString("entryId")).json();
        assertEquals("expérimentation", entry.getString("term"));
        Map<String, JsonObject> definitions = new java.util.HashMap<>();
        entry.getJsonArray("definitions").forEach(d -> definitions.put(((JsonObject) d).getString("perspective"), (JsonObject) d));
        assertEquals("Un statut dérogatoire.", definitions.get("jurist").getString("text"));
        assertEquals("Jeanne", definitions.get("jurist").getJsonObject("author").getString("name"), "a picked answer is its writer's");
        assertEquals("Facilitator", definitions.get("designer").getJsonObject("author").getString("name"), "a merge is the facilitator's");

        assertEquals("closed", server.post("/api/rounds/" + id + "/close", new JsonObject()).json().getString("state"));
        assertEquals(409, server.post("/api/rounds/" + id + "/close", new JsonObject()).status());
        assertEquals(1, server.get("/api/glossaries/" + glossary + "/rounds").array().size());
    }

    @Test
    void everyoneWithAnAttachedDocumentOpenHearsTheRoundMove() {
        String doc = server.createDocument("paper");
        server.request("PUT", "/api/glossaries/" + glossary + "/documents/" + doc, null);
        try (TestWs socket = TestWs.connect(server.port(), null, observer.headers())) {
            socket.send(new JsonObject().put("type", "join").put("doc", doc)).next("joined");
            String id = server.post("/api/glossaries/" + glossary + "/rounds", new JsonObject().put("terms", new JsonArray().add("territoire")))
                    .json().getString("id");
            assertEquals("round", socket.next("glossary").getString("change"));
            String term = server.get("/api/rounds/" + id).json().getJsonArray("terms").getJsonObject(0).getString("id");
            as(jurist, "PUT", "/api/rounds/" + id + "/terms/" + term + "/answer", new JsonObject().put("text", "Une collectivité."));
            JsonObject heard = socket.next("glossary");
            assertEquals("round", heard.getString("change"), "an answer: who answered changed");
            assertFalse(heard.encode().contains("collectivité"), "the WebSocket tells that something changed, never an answer's words");
            server.post("/api/rounds/" + id + "/reveal", new JsonObject());
            socket.send(new JsonObject().put("type", "ping"));
            socket.next("pong");
            assertTrue(socket.drain().stream().noneMatch(f -> f.encode().contains("collectivité")),
                    "not even at the reveal: words are read over REST, by members");
        }
    }
}
