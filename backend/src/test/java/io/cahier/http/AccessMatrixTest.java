package io.cahier.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.protocol.wire.ClientMessage;
import io.cahier.testing.HttpCall;
import io.cahier.testing.TestServer;
import io.cahier.testing.TestWs;
import io.cahier.testing.Workshop;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may do what, checked against a real server: every route the router has (so that a new route
 * cannot escape this table) and every WebSocket message type, for nobody, a member of another
 * workspace, and each role of the workspace (observer, annotator, editor — guests who joined from
 * invitation links — and its facilitator, an account with an API token).
 * <ul>
 * <li>allowed: the documented success status;</li>
 * <li>nobody: {@code 401};</li>
 * <li>a member of another workspace: {@code 404}, the same answer as for a resource that does not
 * exist;</li>
 * <li>a member whose role does not allow it: {@code 403}.</li>
 * </ul>
 */
class AccessMatrixTest {

    /** Who makes the request. */
    enum Who {
        NOBODY, OUTSIDER, OBSERVER, ANNOTATOR, EDITOR, FACILITATOR
    }

    /** What a route needs. */
    enum Needs {
        /** anyone, nobody included: the same answer for all */
        ANYONE,
        /** any principal */
        SIGNED_IN,
        /** a facilitator account (creating a workspace) */
        FACILITATOR_ACCOUNT,
        /** an account, not a guest (API tokens) */
        ACCOUNT,
        /** an account's browser session: nobody in this table has one (the accounts tests cover it) */
        ACCOUNT_SESSION,
        /** a browser session, a guest's included (signing out) */
        BROWSER_SESSION,
        READ, ANNOTATE, EDIT, MANAGE
    }

    /** One request: path, body (null for none), content type. */
    record Call(String path, String body, String contentType) {
        static Call of(String path) {
            return new Call(path, null, null);
        }

        static Call json(String path, JsonObject body) {
            return new Call(path, body.encode(), "application/json");
        }
    }

    /** A route, what it needs, its success status, and how to make a request to it (afresh for each caller). */
    record Rule(String method, String template, Needs needs, int success, Supplier<Call> call) {
    }

    @TempDir
    static Path dataDir;
    private static TestServer server;
    private static String ws;
    private static String doc;
    private static String glossary;
    private static String entry;
    private static final Map<Who, Map<String, String>> headers = new LinkedHashMap<>();
    private static final Map<Who, String> invitations = new LinkedHashMap<>();
    private static int counter;

    @BeforeAll
    static void workshop() {
        server = TestServer.start(dataDir);
        ws = server.createWorkspace("Atelier");
        doc = server.createDocument("paper");
        glossary = server.post("/api/workspaces/" + ws + "/glossaries", new JsonObject().put("name", "Vocabulaire")).json().getString("id");
        entry = newEntry();
        String facilitatorId = server.get("/api/session").json().getJsonObject("user").getString("id");
        server.request("PATCH", "/api/workspaces/" + ws + "/members/" + facilitatorId, new JsonObject().put("discipline", "researcher").encode());
        headers.put(Who.NOBODY, Map.of());
        headers.put(Who.FACILITATOR, Workshop.bearer(server.facilitatorToken()));
        for (Who who : List.of(Who.OBSERVER, Who.ANNOTATOR, Who.EDITOR)) {
            invitations.put(who, server.invite(ws, who.name().toLowerCase()));
            headers.put(who, Workshop.join(server.port(), invitations.get(who), who.name(), "jurist").headers());
        }
        String elsewhere = Workshop.createWorkspace(server.port(), server.facilitatorToken(), "Ailleurs");
        invitations.put(Who.OUTSIDER, server.invite(elsewhere, "editor"));
        headers.put(Who.OUTSIDER, Workshop.join(server.port(), invitations.get(Who.OUTSIDER), "Outsider", "designer").headers());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String fresh(String prefix) {
        return prefix + (++counter);
    }

    /** A discipline's name has no digits: n written in letters. */
    private static String letters(int n) {
        StringBuilder word = new StringBuilder();
        for (int i = n; i > 0; i /= 26) {
            word.append((char) ('a' + i % 26));
        }
        return word.toString();
    }

    private static String newEntry() {
        return server.post("/api/glossaries/" + glossary + "/entries", new JsonObject().put("term", fresh("terme"))
                .put("definitions", new JsonObject().put("jurist", "v1"))).json().getString("id");
    }

    /** A new round in {@code state} (open or revealed): its id and its one term's id. */
    private static String[] newRound(String state) {
        JsonObject round = server.post("/api/glossaries/" + glossary + "/rounds", new JsonObject()
                .put("terms", new JsonArray().add(fresh("notion ")))).json();
        if (state.equals("revealed")) {
            server.post("/api/rounds/" + round.getString("id") + "/reveal", new JsonObject());
        }
        return new String[] {round.getString("id"), round.getJsonArray("terms").getJsonObject(0).getString("id")};
    }

    private static String newProposal() {
        return server.post("/api/glossaries/" + glossary + "/proposals", new JsonObject().put("term", fresh("néologisme "))
                .put("perspective", "inhabitant").put("text", "ce que nous entendons")).json().getString("id");
    }

    /** A new observer (a guest) of the workspace: what member changes act on. */
    private static String newMember() {
        return Workshop.join(server.port(), server.invite(ws, "observer"), fresh("Membre "), "designer").id();
    }

    private static List<Rule> rules() {
        String d = "/api/documents/" + doc;
        String g = "/api/glossaries/" + glossary;
        String e = "/api/entries/" + entry;
        String w = "/api/workspaces/" + ws;
        // an invitation of a third workspace: redeeming it changes nobody's rights here
        String third = Workshop.createWorkspace(server.port(), server.facilitatorToken(), "Troisième");
        String thirdInvitation = server.invite(third, "observer");
        return List.of(
                new Rule("GET", "/health", Needs.ANYONE, 200, () -> Call.of("/health")),
                new Rule("GET", "/ws", Needs.ANYONE, 400, () -> Call.of("/ws")), // a plain GET is no upgrade: the sockets are below
                new Rule("POST", "/api/session", Needs.ANYONE, 401, () -> Call.json("/api/session",
                        new JsonObject().put("email", fresh("personne") + "@example.org").put("password", "not the password"))),
                new Rule("GET", "/api/session", Needs.SIGNED_IN, 200, () -> Call.of("/api/session")),
                new Rule("DELETE", "/api/session", Needs.BROWSER_SESSION, 204, () -> Call.of("/api/session")),
                new Rule("POST", "/api/session/password", Needs.ACCOUNT_SESSION, 204, () -> Call.json("/api/session/password",
                        new JsonObject().put("current", "x").put("new", "a new long password"))),
                new Rule("POST", "/api/tokens", Needs.ACCOUNT_SESSION, 201, () -> Call.json("/api/tokens", new JsonObject().put("label", "bot"))),
                new Rule("GET", "/api/tokens", Needs.ACCOUNT, 200, () -> Call.of("/api/tokens")),
                new Rule("DELETE", "/api/tokens/{id}", Needs.ACCOUNT, 404, () -> Call.of("/api/tokens/nosuchtoken")),
                new Rule("POST", "/api/setup", Needs.ANYONE, 409, () -> Call.json("/api/setup", new JsonObject().put("token", "t")
                        .put("email", "x@example.org").put("name", "X").put("password", "a long password"))),
                new Rule("POST", "/api/workspaces", Needs.FACILITATOR_ACCOUNT, 201, () -> Call.json("/api/workspaces",
                        new JsonObject().put("name", fresh("Atelier ")))),
                new Rule("GET", "/api/workspaces", Needs.SIGNED_IN, 200, () -> Call.of("/api/workspaces")),
                new Rule("GET", "/api/workspaces/{ws}", Needs.READ, 200, () -> Call.of(w)),
                new Rule("POST", "/api/workspaces/{ws}/disciplines", Needs.MANAGE, 200, () -> Call.json(w + "/disciplines",
                        new JsonObject().put("name", "urbaniste-" + letters(++counter)))),
                new Rule("GET", "/api/workspaces/{ws}/members", Needs.READ, 200, () -> Call.of(w + "/members")),
                new Rule("POST", "/api/workspaces/{ws}/members", Needs.MANAGE, 201, () -> Call.json(w + "/members",
                        new JsonObject().put("email", newAccount()).put("role", "editor"))),
                new Rule("PATCH", "/api/workspaces/{ws}/members/{participant}", Needs.MANAGE, 200, () -> Call.json(
                        w + "/members/" + newMember(), new JsonObject().put("role", "annotator"))),
                new Rule("DELETE", "/api/workspaces/{ws}/members/{participant}", Needs.MANAGE, 204, () -> Call.of(w + "/members/" + newMember())),
                new Rule("POST", "/api/workspaces/{ws}/invitations", Needs.MANAGE, 201, () -> Call.json(w + "/invitations",
                        new JsonObject().put("role", "editor"))),
                new Rule("GET", "/api/workspaces/{ws}/invitations", Needs.MANAGE, 200, () -> Call.of(w + "/invitations")),
                new Rule("DELETE", "/api/workspaces/{ws}/invitations/{id}", Needs.MANAGE, 204, () -> Call.of(w + "/invitations/"
                        + server.post(w + "/invitations", new JsonObject().put("role", "observer")).json().getString("id"))),
                new Rule("GET", "/api/workspaces/{ws}/activity", Needs.READ, 200, () -> Call.of(w + "/activity")),
                new Rule("GET", "/api/invitations/{token}", Needs.ANYONE, 200, () -> Call.of("/api/invitations/" + thirdInvitation)),
                new Rule("POST", "/api/invitations/{token}/redeem", Needs.ANYONE, 200, () -> Call.json(
                        "/api/invitations/" + thirdInvitation + "/redeem", new JsonObject().put("name", "Visiteur").put("discipline", "inhabitant"))),
                new Rule("POST", "/api/workspaces/{ws}/documents", Needs.EDIT, 201, () -> Call.json(w + "/documents",
                        new JsonObject().put("title", "Note").put("kind", "note"))),
                new Rule("GET", "/api/workspaces/{ws}/documents", Needs.READ, 200, () -> Call.of(w + "/documents")),
                new Rule("GET", "/api/documents/{id}", Needs.READ, 200, () -> Call.of(d)),
                new Rule("PATCH", "/api/documents/{id}", Needs.EDIT, 200, () -> Call.json(d, new JsonObject().put("title", fresh("Titre ")))),
                new Rule("GET", "/api/documents/{id}/text", Needs.READ, 200, () -> Call.of(d + "/text")),
                new Rule("GET", "/api/documents/{id}/ops", Needs.READ, 200, () -> Call.of(d + "/ops")),
                new Rule("GET", "/api/documents/{id}/glossaries", Needs.READ, 200, () -> Call.of(d + "/glossaries")),
                new Rule("POST", "/api/workspaces/{ws}/glossaries", Needs.EDIT, 201, () -> Call.json(w + "/glossaries",
                        new JsonObject().put("name", fresh("Glossaire ")))),
                new Rule("GET", "/api/workspaces/{ws}/glossaries", Needs.READ, 200, () -> Call.of(w + "/glossaries")),
                new Rule("GET", "/api/glossaries/{id}", Needs.READ, 200, () -> Call.of(g)),
                new Rule("PATCH", "/api/glossaries/{id}", Needs.EDIT, 200, () -> Call.json(g, new JsonObject().put("name", fresh("Vocabulaire ")))),
                new Rule("PUT", "/api/glossaries/{id}/documents/{doc}", Needs.EDIT, 200, () -> Call.of(g + "/documents/" + doc)),
                new Rule("DELETE", "/api/glossaries/{id}/documents/{doc}", Needs.EDIT, 200, () -> Call.of(g + "/documents/" + doc)),
                new Rule("POST", "/api/glossaries/{id}/entries", Needs.EDIT, 201, () -> Call.json(g + "/entries",
                        new JsonObject().put("term", fresh("mot")))),
                new Rule("GET", "/api/glossaries/{id}/export", Needs.READ, 200, () -> Call.of(g + "/export")),
                new Rule("POST", "/api/glossaries/{id}/import", Needs.EDIT, 200, () -> new Call(g + "/import?dryRun=true",
                        "term\n" + fresh("importé") + "\n", "text/csv")),
                new Rule("GET", "/api/entries/{id}", Needs.READ, 200, () -> Call.of(e)),
                new Rule("PATCH", "/api/entries/{id}", Needs.EDIT, 200, () -> Call.json("/api/entries/" + newEntry(),
                        new JsonObject().put("version", 1).put("status", "shared"))),
                new Rule("GET", "/api/entries/{id}/history", Needs.READ, 200, () -> Call.of(e + "/history")),
                new Rule("PUT", "/api/entries/{id}/definitions/{perspective}", Needs.EDIT, 200, () -> Call.json(
                        "/api/entries/" + newEntry() + "/definitions/jurist", new JsonObject().put("baseVersion", 1).put("text", "v2"))),
                new Rule("GET", "/api/entries/{id}/definitions/{perspective}/history", Needs.READ, 200, () -> Call.of(e + "/definitions/jurist/history")),
                new Rule("POST", "/api/entries/{id}/definitions/{perspective}/restore", Needs.EDIT, 200, () -> Call.json(
                        "/api/entries/" + newEntry() + "/definitions/jurist/restore", new JsonObject().put("version", 1).put("baseVersion", 1))),
                new Rule("POST", "/api/glossaries/{id}/proposals", Needs.ANNOTATE, 201, () -> Call.json(g + "/proposals",
                        new JsonObject().put("entry", entry).put("perspective", "designer").put("text", fresh("proposé ")))),
                new Rule("GET", "/api/glossaries/{id}/proposals", Needs.READ, 200, () -> Call.of(g + "/proposals")),
                new Rule("POST", "/api/proposals/{id}/accept", Needs.EDIT, 200, () -> Call.json(
                        "/api/proposals/" + newProposal() + "/accept", new JsonObject())),
                new Rule("POST", "/api/proposals/{id}/decline", Needs.EDIT, 200, () -> Call.json(
                        "/api/proposals/" + newProposal() + "/decline", new JsonObject().put("note", "pas encore"))),
                new Rule("POST", "/api/glossaries/{id}/rounds", Needs.MANAGE, 201, () -> Call.json(g + "/rounds",
                        new JsonObject().put("terms", new JsonArray().add("territoire")))),
                new Rule("GET", "/api/glossaries/{id}/rounds", Needs.READ, 200, () -> Call.of(g + "/rounds")),
                new Rule("GET", "/api/rounds/{id}", Needs.READ, 200, () -> Call.of("/api/rounds/" + newRound("open")[0])),
                new Rule("PUT", "/api/rounds/{id}/terms/{term}/answer", Needs.ANNOTATE, 200, () -> {
                    String[] round = newRound("open");
                    return Call.json("/api/rounds/" + round[0] + "/terms/" + round[1] + "/answer", new JsonObject().put("text", "ma définition"));
                }),
                new Rule("POST", "/api/rounds/{id}/reveal", Needs.MANAGE, 200, () -> Call.json("/api/rounds/" + newRound("open")[0] + "/reveal",
                        new JsonObject())),
                new Rule("POST", "/api/rounds/{id}/terms/{term}/settle", Needs.MANAGE, 200, () -> {
                    String[] round = newRound("revealed");
                    return Call.json("/api/rounds/" + round[0] + "/terms/" + round[1] + "/settle", new JsonObject().put("perspectives",
                            new JsonObject().put("jurist", new JsonObject().put("text", "retenu"))));
                }),
                new Rule("POST", "/api/rounds/{id}/close", Needs.MANAGE, 200, () -> Call.json("/api/rounds/" + newRound("revealed")[0] + "/close",
                        new JsonObject())));
    }

    private static String newAccount() {
        String email = fresh("chercheuse") + "@example.org";
        Workshop.account(server.vertx(), server.server().database(), email, "Chercheuse");
        return email;
    }

    /** The status {@code who} must get from a route that needs {@code needs}, succeeding with {@code success}. */
    private static int expected(Needs needs, int success, Who who) {
        if (needs == Needs.ANYONE) {
            return success;
        }
        if (who == Who.NOBODY) {
            return 401;
        }
        boolean guest = who != Who.FACILITATOR;
        return switch (needs) {
            case SIGNED_IN -> success;
            case FACILITATOR_ACCOUNT -> who == Who.FACILITATOR ? success : 403;
            case ACCOUNT -> guest ? 403 : success;
            case ACCOUNT_SESSION -> guest ? 403 : 401; // the facilitator here speaks with an API token
            case BROWSER_SESSION -> guest ? success : 401;
            default -> who == Who.OUTSIDER ? 404 : RIGHTS.get(who).contains(needs) ? success : 403;
        };
    }

    /** The rights, written out here rather than asked of the code under test. */
    private static final Map<Who, Set<Needs>> RIGHTS = Map.of(
            Who.OBSERVER, Set.of(Needs.READ),
            Who.ANNOTATOR, Set.of(Needs.READ, Needs.ANNOTATE),
            Who.EDITOR, Set.of(Needs.READ, Needs.ANNOTATE, Needs.EDIT),
            Who.FACILITATOR, Set.of(Needs.READ, Needs.ANNOTATE, Needs.EDIT, Needs.MANAGE));

    private static Role role(Who who) {
        return Role.valueOf(who.name());
    }

    @Test
    void everyRouteAnswersEachCallerAsTheirRightsSay() {
        List<Rule> rules = rules();
        Set<String> covered = new TreeSet<>();
        rules.forEach(r -> covered.add(r.method() + " " + r.template()));
        assertEquals(routes(), covered, "every route of the router has a rule here, and only those");

        List<String> wrong = new ArrayList<>();
        for (Rule rule : rules) {
            for (Who who : Who.values()) {
                check(rule, who, wrong);
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " answers differ from the rights:\n" + String.join("\n", wrong));
    }

    private static void check(Rule rule, Who who, List<String> wrong) {
        Call call = rule.call().get();
        HttpCall request = HttpCall.to(server.port(), rule.method(), call.path());
        // signing out ends the caller's session: a guest signs out a session of their own kind made for it
        boolean signOut = rule.method().equals("DELETE") && rule.template().equals("/api/session") && invitations.containsKey(who);
        (signOut ? Workshop.join(server.port(), invitations.get(who), "Partant", "designer").headers() : headers.get(who))
                .forEach(request::header);
        if (call.body() != null) {
            request.rawBody(call.body(), call.contentType());
        }
        HttpCall.Answer answer = request.send();
        int expected = expected(rule.needs(), rule.success(), who);
        if (answer.status() != expected) {
            wrong.add(rule.method() + " " + rule.template() + " as " + who + ": expected " + expected + ", got " + answer);
        }
        if (expected == 404 && rule.needs().ordinal() >= Needs.READ.ordinal()) {
            // a non-member learns nothing: the answer is the one for a resource that does not exist
            String detail = answer.status() == 404 ? answer.json().getString("detail") : "";
            if (!detail.startsWith("no ")) {
                wrong.add(rule.method() + " " + rule.template() + " as " + who + ": not the plain \"not found\": " + detail);
            }
        }
    }

    /** Every method and path of the router's routes (pages the client serves included). */
    private static Set<String> routes() {
        Set<String> routes = new TreeSet<>();
        for (Route route : server.server().router().getRoutes()) {
            if (route.methods() == null || route.methods().isEmpty() || route.getPath() == null) {
                continue;
            }
            String path = route.getPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}");
            if (path.startsWith("/api/") || path.equals("/health") || path.equals("/ws")) {
                route.methods().forEach(m -> routes.add(m.name() + " " + path));
            }
        }
        return routes;
    }

    // --- WebSocket ------------------------------------------------------------------------------

    @Test
    void everyMessageTypeAnswersEachCallerAsTheirRightsSay() {
        Set<String> types = new TreeSet<>();
        Arrays.stream(ClientMessage.class.getPermittedSubclasses()).forEach(c -> types.add(c.getSimpleName().toLowerCase()));
        assertEquals(Set.of("join", "op", "presence", "leave", "ping", "watch", "unwatch"), types,
                "a new message type needs its rule in this test");

        CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> TestWs.connect(server.port(), null, headers.get(Who.NOBODY)).close(), "nobody cannot open a socket");
        assertEquals(401, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());

        String note = server.createDocument("note");
        for (Who who : List.of(Who.OUTSIDER, Who.OBSERVER, Who.ANNOTATOR, Who.EDITOR, Who.FACILITATOR)) {
            try (TestWs socket = TestWs.connect(server.port(), null, headers.get(who))) {
                socket.send(new JsonObject().put("type", "ping"));
                socket.next("pong");
                socket.send(new JsonObject().put("type", "watch").put("glossary", glossary));
                JsonObject watching = socket.next(f -> f.getString("type").equals("watching") || f.getString("type").equals("error"), "watch");
                if (who == Who.OUTSIDER) {
                    assertEquals("not-found", watching.getString("code"), "a non-member's watch: " + watching);
                    assertEquals("no glossary \"" + glossary + "\"", watching.getString("message"));
                } else {
                    assertEquals(glossary, watching.getString("glossary"), who + " watches: " + watching);
                    socket.send(new JsonObject().put("type", "unwatch").put("glossary", glossary));
                }
                socket.send(new JsonObject().put("type", "join").put("doc", note).put("client", "c-" + who));
                JsonObject answer = socket.next(f -> f.getString("type").equals("joined") || f.getString("type").equals("error"), "join");
                if (who == Who.OUTSIDER) {
                    assertEquals("unknown-doc", answer.getString("code"), "a non-member's join: " + answer);
                    assertEquals("no document \"" + note + "\"", answer.getString("message"), "the same as for no document");
                    continue;
                }
                assertEquals("joined", answer.getString("type"), who + ": " + answer);
                assertEquals(role(who).code(), answer.getString("role"), "joined says the joiner's role");
                long rev = answer.getLong("rev");
                socket.send(new JsonObject().put("type", "presence").put("doc", note).put("rev", rev)
                        .put("selection", new JsonArray().add(0).add(0)));
                int length = answer.getString("text").length();
                JsonArray op = new JsonArray().add(who.name());
                if (length > 0) {
                    op.add(length);
                }
                socket.send(new JsonObject().put("type", "op").put("doc", note).put("rev", rev).put("op", op)
                        .put("client", "c-" + who).put("seq", 1));
                JsonObject opAnswer = socket.next(f -> f.getString("type").equals("ack") || f.getString("type").equals("error"), "op");
                if (RIGHTS.get(who).contains(Needs.EDIT)) {
                    assertEquals("ack", opAnswer.getString("type"), who + ": " + opAnswer);
                } else {
                    assertEquals("forbidden", opAnswer.getString("code"), who + ": " + opAnswer);
                    assertEquals(1L, opAnswer.getLong("seq"));
                }
                socket.send(new JsonObject().put("type", "leave").put("doc", note));
                socket.send(new JsonObject().put("type", "ping"));
                socket.next("pong");
                assertTrue(socket.drain().stream().noneMatch(f -> f.getString("type").equals("error")),
                        who + ": presence and leave are every member's");
            }
        }
        String text = server.text(note);
        assertTrue(text.contains("EDITOR") && text.contains("FACILITATOR") && !text.contains("OBSERVER") && !text.contains("ANNOTATOR"),
                "only editors and facilitators changed the text: " + text);
    }
}
