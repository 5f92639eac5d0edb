package io.cahier.glossary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.eclipse.rdf4j.model.Model;
import org.eclipse.rdf4j.model.Statement;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.model.vocabulary.DCTERMS;
import org.eclipse.rdf4j.model.vocabulary.RDF;
import org.eclipse.rdf4j.model.vocabulary.SKOS;
import org.eclipse.rdf4j.rio.RDFFormat;
import org.eclipse.rdf4j.rio.Rio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Glossaries over REST on a real server (both stores): model, versions, conflicts, restore, export, import. */
class GlossaryTest {

    @TempDir
    Path dataDir;

    private TestServer server;
    private String workspace;
    private String glossary;

    @BeforeEach
    void start() {
        server = TestServer.start(dataDir);
        workspace = server.createWorkspace("Atelier Lyon");
        TestServer.Response created = server.post("/api/workspaces/" + workspace + "/glossaries",
                new JsonObject().put("name", "Vocabulaire partagé"));
        assertEquals(201, created.status(), created.toString());
        glossary = created.json().getString("id");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonObject experimentation() {
        TestServer.Response entry = server.post("/api/glossaries/" + glossary + "/entries", new JsonObject()
                .put("term", "expérimentation")
                .put("aliases", new JsonArray().add("expérimentations").add(new JsonObject().put("label", "experimentation").put("lang", "en")))
                .put("status", "contested")
                .put("gapNote", "Un statut juridique pour les uns, un test auprès d'usagers pour les autres.")
                .put("definitions", new JsonObject()
                        .put("jurist", "Dérogation temporaire pour tester une compétence (art. 72 de la Constitution).")
                        .put("designer", "Mise à l'épreuve d'un prototype auprès des usagers.")));
        assertEquals(201, entry.status(), entry.toString());
        return entry.json();
    }

    @Test
    void anEntryKeepsEveryPerspectiveSideBySideAndAGlossaryAttachesToDocuments() {
        JsonObject entry = experimentation();
        assertEquals(1, entry.getLong("version"));
        assertEquals("contested", entry.getString("status"));
        assertEquals(new JsonObject().put("label", "expérimentations").put("lang", "fr"), entry.getJsonArray("aliases").getJsonObject(0));
        assertEquals(Set.of("designer", "jurist"), perspectives(entry));

        String elsewhere = server.post("/api/workspaces/" + server.createWorkspace("Ailleurs") + "/documents",
                new JsonObject().put("title", "Ailleurs").put("kind", "paper")).json().getString("id"); // in a workspace of its own
        assertEquals(400, server.request("PUT", "/api/glossaries/" + glossary + "/documents/" + elsewhere, null).status(),
                "a glossary attaches only to documents of its own workspace");
        String doc = server.post("/api/workspaces/" + workspace + "/documents",
                new JsonObject().put("title", "9 changements de paradigme").put("kind", "paper")).json().getString("id");
        TestServer.Response attached = server.request("PUT", "/api/glossaries/" + glossary + "/documents/" + doc, null);
        assertEquals(200, attached.status(), attached.toString());
        assertEquals(new JsonArray().add(doc), attached.json().getJsonArray("documents"));
        assertEquals(200, server.request("PUT", "/api/glossaries/" + glossary + "/documents/" + doc, null).status(), "attaching twice");

        JsonArray ofDocument = server.get("/api/documents/" + doc + "/glossaries").array();
        assertEquals(1, ofDocument.size());
        assertEquals("expérimentation", ofDocument.getJsonObject(0).getJsonArray("entries").getJsonObject(0).getString("term"));

        assertEquals(200, server.request("DELETE", "/api/glossaries/" + glossary + "/documents/" + doc, null).status());
        assertEquals(0, server.get("/api/documents/" + doc + "/glossaries").array().size());
        assertEquals(1, server.get("/api/workspaces/" + workspace + "/glossaries").array().size());
    }

    @Test
    void everyoneWithAnAttachedDocumentOpenHearsAChangeAtOnce() {
        String entry = experimentation().getString("id");
        String doc = server.post("/api/workspaces/" + workspace + "/documents",
                new JsonObject().put("title", "Expérimentation à Rennes").put("kind", "experiment-spec")).json().getString("id");
        try (io.cahier.testing.TestWs ws = server.connect("Ana")) {
            ws.send(new JsonObject().put("type", "join").put("doc", doc)).next("joined");
            assertEquals(200, server.request("PUT", "/api/glossaries/" + glossary + "/documents/" + doc, null).status());
            JsonObject attached = ws.next("glossary");
            assertEquals(new JsonObject().put("type", "glossary").put("doc", doc).put("glossary", glossary).putNull("entry")
                    .put("change", "attached"), attached);
            assertEquals(200, server.request("PUT", "/api/entries/" + entry + "/definitions/economist",
                    new JsonObject().put("baseVersion", 0).put("text", "Une politique publique évaluée par ses effets.").encode()).status());
            JsonObject changed = ws.next("glossary");
            assertEquals("definition", changed.getString("change"));
            assertEquals(entry, changed.getString("entry"));
            assertEquals(200, server.request("DELETE", "/api/glossaries/" + glossary + "/documents/" + doc, null).status());
            assertEquals("detached", ws.next("glossary").getString("change"), "the document it left hears it too");
        }
    }

    @Test
    void twoPeopleSavingTheSameDefinitionAtOnceLoseNoWords() throws Exception {
        String entry = experimentation().getString("id");
        String path = "/api/entries/" + entry + "/definitions/designer";
        // Both start from version 1 and save at the same moment.
        List<CompletableFuture<TestServer.Response>> saves = new ArrayList<>();
        for (String words : List.of("Un test avec des usagers, en conditions réelles.", "Un prototype mis entre les mains des habitants.")) {
            saves.add(CompletableFuture.supplyAsync(() -> server.request("PUT", path,
                    new JsonObject().put("baseVersion", 1).put("text", words).encode())));
        }
        List<TestServer.Response> answers = new ArrayList<>();
        for (CompletableFuture<TestServer.Response> save : saves) {
            answers.add(save.get());
        }
        TestServer.Response won = answers.stream().filter(a -> a.status() == 200).findFirst().orElseThrow(() -> new AssertionError(answers.toString()));
        TestServer.Response lost = answers.stream().filter(a -> a.status() == 409).findFirst().orElseThrow(() -> new AssertionError(answers.toString()));
        assertEquals(2, won.json().getLong("version"));
        assertEquals("conflict", lost.json().getString("code"));
        JsonObject current = lost.json().getJsonObject("current");
        assertEquals(won.json().getString("text"), current.getString("text"), "the refusal carries the winner's words");

        String lostWords = answers.get(0) == lost ? "Un test avec des usagers, en conditions réelles." : "Un prototype mis entre les mains des habitants.";
        String merged = current.getString("text") + " " + lostWords;
        TestServer.Response saved = server.request("PUT", path, new JsonObject().put("baseVersion", current.getLong("version")).put("text", merged).encode());
        assertEquals(200, saved.status(), saved.toString());
        assertEquals(3, saved.json().getLong("version"));
        JsonArray history = server.get(path + "/history").array();
        assertEquals(List.of(3L, 2L, 1L), versions(history));
        assertTrue(history.getJsonObject(0).getString("text").contains(lostWords));
        assertTrue(history.getJsonObject(0).getString("text").contains(won.json().getString("text")));
    }

    @Test
    void anOldDefinitionIsRestoredAsANewVersionAndNothingIsLost() {
        String entry = experimentation().getString("id");
        String path = "/api/entries/" + entry + "/definitions/jurist";
        String first = server.get(path + "/history").array().getJsonObject(0).getString("text");
        assertEquals(200, server.request("PUT", path, new JsonObject().put("baseVersion", 1).put("text", "Version deux.").encode()).status());
        TestServer.Response stale = server.request("POST", path + "/restore", new JsonObject().put("version", 1).put("baseVersion", 1).encode());
        assertEquals(409, stale.status(), "a restore made on a stale version is refused");
        TestServer.Response restored = server.request("POST", path + "/restore", new JsonObject().put("version", 1).put("baseVersion", 2).encode());
        assertEquals(200, restored.status(), restored.toString());
        assertEquals(3, restored.json().getLong("version"));
        assertEquals(1, restored.json().getLong("restoredFrom"));
        assertEquals(first, restored.json().getString("text"));
        JsonArray history = server.get(path + "/history").array();
        assertEquals(List.of(3L, 2L, 1L), versions(history));
        assertEquals("Version deux.", history.getJsonObject(1).getString("text"));
        assertEquals(404, server.request("POST", path + "/restore", new JsonObject().put("version", 9).put("baseVersion", 3).encode()).status());
    }

    @Test
    void aTermIsInAGlossaryOnceInAnyCase() {
        String entry = experimentation().getString("id");
        String path = "/api/glossaries/" + glossary + "/entries";
        TestServer.Response twice = server.post(path, new JsonObject().put("term", "Expérimentation"));
        assertEquals(409, twice.status(), twice.toString());
        assertEquals(entry, twice.json().getString("entryId"), "the answer names the entry that has the term");
        assertEquals(1, server.get("/api/glossaries/" + glossary).json().getJsonArray("entries").size(), "nothing added");

        String other = server.post(path, new JsonObject().put("term", "territoire")).json().getString("id");
        TestServer.Response renamed = server.request("PATCH", "/api/entries/" + other,
                new JsonObject().put("version", 1).put("term", "EXPÉRIMENTATION").encode());
        assertEquals(409, renamed.status(), renamed.toString());
        assertEquals("territoire", server.get("/api/entries/" + other).json().getString("term"), "nothing changed");
        TestServer.Response ownCase = server.request("PATCH", "/api/entries/" + entry,
                new JsonObject().put("version", 1).put("term", "Expérimentation").encode());
        assertEquals(200, ownCase.status(), "an entry may change the case of its own term: " + ownCase);
    }

    @Test
    void anEntryChangedOnAStaleVersionIsRefusedWithTheCurrentOne() {
        String entry = experimentation().getString("id");
        TestServer.Response changed = server.request("PATCH", "/api/entries/" + entry,
                new JsonObject().put("version", 1).put("status", "shared").encode());
        assertEquals(200, changed.status(), changed.toString());
        assertEquals(2, changed.json().getLong("version"));
        assertEquals("shared", changed.json().getString("status"));
        assertEquals("expérimentation", changed.json().getString("term"), "fields not given stay");

        TestServer.Response stale = server.request("PATCH", "/api/entries/" + entry,
                new JsonObject().put("version", 1).put("gapNote", "écrasé ?").encode());
        assertEquals(409, stale.status());
        assertEquals("shared", stale.json().getJsonObject("current").getString("status"));
        assertFalse(server.get("/api/entries/" + entry).json().getString("gapNote").contains("écrasé"));
        assertEquals(List.of(2L, 1L), versions(server.get("/api/entries/" + entry + "/history").array()));
    }

    @Test
    void badInputIsAClearErrorAndChangesNothing() {
        String base = "/api/glossaries/" + glossary + "/entries";
        assertEquals(400, server.post(base, new JsonObject()).status(), "no term");
        assertEquals(400, server.post(base, new JsonObject().put("term", "x").put("status", "agreed")).status(), "unknown status");
        assertEquals(400, server.post(base, new JsonObject().put("term", "x").put("colour", "red")).status(), "unknown field");
        assertEquals(400, server.post(base, new JsonObject().put("term", "x").put("definitions",
                new JsonObject().put("Jurist!", "x"))).status(), "bad perspective");
        String entry = experimentation().getString("id");
        assertEquals(400, server.request("PUT", "/api/entries/" + entry + "/definitions/jurist",
                new JsonObject().put("text", "no base version").encode()).status());
        assertEquals(404, server.get("/api/glossaries/nope").status());
        assertEquals(404, server.get("/api/entries/nope").status());
        assertEquals(1, server.get("/api/glossaries/" + glossary).json().getJsonArray("entries").size());
    }

    @Test
    void theSkosExportParsesBackWithEveryPerspectiveDistinguishable() throws Exception {
        experimentation();
        TestServer.Response export = server.get("/api/glossaries/" + glossary + "/export?format=skos");
        assertEquals(200, export.status());
        assertTrue(export.contentType().startsWith("text/turtle"), export.contentType());
        Model model = Rio.parse(new StringReader((String) export.body()), "", RDFFormat.TURTLE);
        Set<String> prefLabels = new HashSet<>();
        model.filter(null, SKOS.PREF_LABEL, null).forEach(s -> prefLabels.add(s.getObject().stringValue() + "@"
                + ((org.eclipse.rdf4j.model.Literal) s.getObject()).getLanguage().orElse("")));
        assertTrue(prefLabels.contains("expérimentation@fr"), prefLabels.toString());
        Set<String> altLabels = new HashSet<>();
        model.filter(null, SKOS.ALT_LABEL, null).forEach(s -> altLabels.add(s.getObject().stringValue() + "@"
                + ((org.eclipse.rdf4j.model.Literal) s.getObject()).getLanguage().orElse("")));
        assertEquals(Set.of("expérimentations@fr", "experimentation@en"), altLabels);
        Set<String> audiences = new HashSet<>();
        for (Statement definition : model.filter(null, SKOS.DEFINITION, null)) {
            Value node = definition.getObject();
            String text = model.filter((org.eclipse.rdf4j.model.Resource) node, RDF.VALUE, null).iterator().next().getObject().stringValue();
            String audience = model.filter((org.eclipse.rdf4j.model.Resource) node, DCTERMS.AUDIENCE, null).iterator().next().getObject().stringValue();
            audiences.add(audience.substring(audience.lastIndexOf('/') + 1) + ": " + text);
        }
        assertEquals(Set.of("jurist: Dérogation temporaire pour tester une compétence (art. 72 de la Constitution).",
                "designer: Mise à l'épreuve d'un prototype auprès des usagers."), audiences);
        assertEquals(1, model.filter(null, SKOS.SCOPE_NOTE, null).size(), "the gap note");

        String markdown = (String) server.get("/api/glossaries/" + glossary + "/export").body();
        assertTrue(markdown.startsWith("# Vocabulaire partagé"), markdown);
        assertTrue(markdown.contains("## expérimentation") && markdown.contains("**jurist**") && markdown.contains("**designer**"), markdown);
    }

    @Test
    void aCsvImportPreviewsEveryRowAndImportsAllOrNothing() {
        String bad = "term,status,aliases,definition:jurist,definition:economist\n"
                + "innovation,contested,innovations;innover,\"Nouveauté juridique, \"\"encadrée\"\".\",Diffusion d'une nouveauté sur un marché\n"
                + "commun,agreed,,,\n"
                + ",shared,,,\n";
        String path = "/api/glossaries/" + glossary + "/import";
        TestServer.Response preview = server.request("POST", path + "?dryRun=true", bad);
        assertEquals(200, preview.status(), preview.toString());
        assertEquals(1, preview.json().getLong("valid"));
        assertEquals(2, preview.json().getLong("invalid"));
        JsonArray rows = preview.json().getJsonArray("rows");
        assertEquals(3, rows.getJsonObject(1).getInteger("line"));
        assertTrue(rows.getJsonObject(1).getJsonArray("errors").getString(0).contains("status"), rows.encode());
        assertTrue(rows.getJsonObject(2).getJsonArray("errors").getString(0).contains("term"), rows.encode());

        TestServer.Response refused = server.request("POST", path, bad);
        assertEquals(400, refused.status());
        assertEquals(2, refused.json().getLong("invalid"));
        assertEquals(0, server.get("/api/glossaries/" + glossary).json().getJsonArray("entries").size(), "nothing of a failed file");

        String good = bad.substring(0, bad.indexOf("commun"));
        TestServer.Response imported = server.request("POST", path, good);
        assertEquals(201, imported.status(), imported.toString());
        assertEquals(1, imported.json().getLong("imported"));
        JsonObject entry = server.get("/api/glossaries/" + glossary).json().getJsonArray("entries").getJsonObject(0);
        assertEquals("innovation", entry.getString("term"));
        assertEquals(Set.of("economist", "jurist"), perspectives(entry));
        assertTrue(entry.getJsonArray("definitions").encode().contains("Nouveauté juridique, \\\"encadrée\\\"."), entry.encode());

        TestServer.Response again = server.request("POST", path + "?dryRun=true", good);
        assertTrue(again.json().getJsonArray("rows").getJsonObject(0).getJsonArray("errors").getString(0).contains("already"));
        assertEquals(400, server.request("POST", path, "term,colour\nx,red\n").status(), "unknown column");
        assertEquals(400, server.request("POST", path, "term\n\"never closed\n").status(), "open quote");
    }

    @Test
    void aDryRunOtherThanTrueOrFalseIsRefusedAndImportsNothing() {
        String path = "/api/glossaries/" + glossary + "/import";
        for (String mistyped : new String[] {"1", "TRUE", "yes"}) {
            TestServer.Response refused = server.request("POST", path + "?dryRun=" + mistyped, "term\nmistyped\n");
            assertEquals(400, refused.status(), refused.toString());
            assertTrue(refused.json().getString("detail").contains("dryRun"), refused.toString());
        }
        assertEquals(0, server.get("/api/glossaries/" + glossary).json().getJsonArray("entries").size(), "a mistyped preview writes nothing");
        assertEquals(201, server.request("POST", path + "?dryRun=false", "term\nimported\n").status(), "dryRun=false imports");
    }

    private static Set<String> perspectives(JsonObject entry) {
        Set<String> set = new HashSet<>();
        entry.getJsonArray("definitions").forEach(d -> set.add(((JsonObject) d).getString("perspective")));
        return set;
    }

    private static List<Long> versions(JsonArray history) {
        List<Long> list = new ArrayList<>();
        history.forEach(v -> list.add(((JsonObject) v).getLong("version")));
        return list;
    }
}
