package io.cahier.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cahier.accounts.AccountStore;
import io.cahier.accounts.Accounts;
import io.cahier.storage.Ids;
import io.cahier.testing.HttpCall;
import io.cahier.testing.TestServer;
import io.cahier.testing.TestWs;
import io.cahier.testing.Workshop;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code protocol/openapi.yaml} and the running server describe the same API: the same operations
 * (both ways), and answers whose status, media type and body are the documented ones, with no
 * undocumented property. Also keeps the spec coherent: references resolve, path parameters are
 * declared, examples match their schemas.
 *
 * <p>Requests act as the store's facilitator (a bearer token) unless a case is about someone else:
 * nobody, a guest who joined from an invitation link, a member whose role lacks the right, a
 * non-member.
 */
class OpenApiTest {

    private static final Path SPEC = Path.of("..", "protocol", "openapi.yaml");
    private static final Set<String> OPERATION_KEYS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** No session, no token. */
    private static final Map<String, String> NOBODY = Map.of();

    @TempDir
    static Path dataDir;
    private static JsonNode spec;
    private static TestServer server;
    private static JsonNode facilitator;

    @BeforeAll
    static void start() throws IOException {
        assertTrue(Files.isRegularFile(SPEC), "no " + SPEC.toAbsolutePath().normalize());
        spec = new YAMLMapper().readTree(SPEC.toFile());
        // a high op rate so that one test can log more than a page of operations quickly
        server = TestServer.start(dataDir, "--op-rate", "100000", "--op-burst", "100000");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    // --- the operations: router and spec ------------------------------------------------------

    @Test
    void everyRouteIsDocumented() {
        Set<String> routed = routedOperations();
        assertTrue(routed.contains("GET /api/documents/{id}"), "the router walk found " + routed);
        Set<String> undocumented = new TreeSet<>(routed);
        undocumented.removeAll(documentedOperations());
        assertEquals(Set.of(), undocumented, "routes that openapi.yaml does not describe");
    }

    @Test
    void everyDocumentedOperationIsRouted() {
        Set<String> documented = documentedOperations();
        assertTrue(documented.contains("GET /health"), "openapi.yaml lists " + documented);
        Set<String> unrouted = new TreeSet<>(documented);
        unrouted.removeAll(routedOperations());
        assertEquals(Set.of(), unrouted, "operations in openapi.yaml that the server does not route");
    }

    /** "METHOD /path/{param}" for every route with methods under /api/, /health and /ws. */
    private static Set<String> routedOperations() {
        Set<String> operations = new TreeSet<>();
        collectRoutes(server.server().router(), "", operations);
        return operations;
    }

    private static void collectRoutes(Router router, String prefix, Set<String> operations) {
        for (Route route : router.getRoutes()) {
            if (route.getSubRouter() != null) {
                collectRoutes(route.getSubRouter(), prefix + route.getPath().replaceAll("/$", ""), operations);
                continue;
            }
            Set<HttpMethod> methods = route.methods();
            if (methods == null || methods.isEmpty()) {
                continue;
            }
            if (route.getPath() == null) {
                // a regex route cannot be compared with a documented path: make it fail loudly
                methods.forEach(m -> operations.add(m.name() + " <regex route " + route.getName() + ">"));
                continue;
            }
            String path = prefix + route.getPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}") + (route.isExactPath() ? "" : "*");
            if (path.startsWith("/api/") || path.equals("/health") || path.equals("/ws")) {
                methods.forEach(m -> operations.add(m.name() + " " + path));
            }
        }
    }

    private static Set<String> documentedOperations() {
        Set<String> operations = new TreeSet<>();
        spec.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(key -> {
            if (OPERATION_KEYS.contains(key)) {
                operations.add(key.toUpperCase() + " " + path.getKey());
            }
        }));
        return operations;
    }

    // --- the spec is coherent ---------------------------------------------------------------

    @Test
    void everyReferenceResolvesAndEveryPathParameterIsDeclared() {
        forEachNode(spec, node -> {
            if (node.has("$ref")) {
                resolve(node);
            }
        });
        spec.path("paths").fields().forEachRemaining(path -> {
            Set<String> templated = new TreeSet<>();
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
            while (m.find()) {
                templated.add(m.group(1));
            }
            path.getValue().fields().forEachRemaining(op -> {
                if (!OPERATION_KEYS.contains(op.getKey())) {
                    return;
                }
                Set<String> declared = new TreeSet<>();
                List<JsonNode> parameters = new ArrayList<>();
                path.getValue().path("parameters").forEach(parameters::add);
                op.getValue().path("parameters").forEach(parameters::add);
                for (JsonNode parameter : parameters) {
                    JsonNode p = resolve(parameter);
                    if ("path".equals(p.path("in").asText())) {
                        assertTrue(p.path("required").asBoolean(), "path parameter " + p.path("name") + " must be required");
                        declared.add(p.path("name").asText());
                    }
                }
                assertEquals(templated, declared, op.getKey().toUpperCase() + " " + path.getKey() + " path parameters");
                assertFalse(op.getValue().path("responses").isEmpty(), op.getKey() + " " + path.getKey() + " has no responses");
            });
        });
    }

    @Test
    void everyExampleMatchesItsSchema() {
        List<String> errors = new ArrayList<>();
        int[] checked = {0};
        forEachNode(spec, node -> {
            JsonNode examples = node.get("examples");
            if (examples != null && examples.isArray()) { // a schema's own examples
                examples.forEach(example -> errors.addAll(check(example, node)));
                checked[0] += examples.size();
            } else if (node.has("schema") && (examples != null || node.has("example"))) { // a media type or parameter
                if (examples != null) {
                    examples.fields().forEachRemaining(e -> errors.addAll(check(resolve(e.getValue()).path("value"), node.get("schema"))
                            .stream().map(error -> e.getKey() + ": " + error).toList()));
                    checked[0] += examples.size();
                }
                if (node.has("example")) {
                    errors.addAll(check(node.get("example"), node.get("schema")));
                    checked[0]++;
                }
            }
        });
        assertTrue(checked[0] > 20, "only " + checked[0] + " examples found");
        assertEquals(List.of(), errors);
    }

    // --- the server answers as documented ---------------------------------------------------

    @Test
    void healthIsAsDocumented() {
        JsonNode health = assertDocumented("GET", "/health", send("GET", "/health", null, NOBODY));
        assertEquals("up", health.path("status").asText());
    }

    @Test
    void workspacesAndDocumentsAreAsDocumented() {
        JsonNode workspace = assertDocumented("POST", "/api/workspaces", 201,
                send("POST", "/api/workspaces", "{\"name\":\"  Atelier  \",\"discipline\":\"jurist\",\"ignored\":true}"));
        assertEquals("Atelier", workspace.path("name").asText());
        assertEquals("facilitator", workspace.path("role").asText(), "the creator is its first facilitator");
        assertEquals("jurist", workspace.path("discipline").asText());
        assertEquals("[\"designer\",\"jurist\",\"economist\",\"public-agent\",\"researcher\",\"inhabitant\"]",
                workspace.path("disciplines").toString());
        String ws = workspace.path("id").asText();
        JsonNode mine = assertDocumented("GET", "/api/workspaces", 200, send("GET", "/api/workspaces", null));
        assertTrue(ids(mine).contains(ws), "the creator lists the workspace: " + mine);
        assertDocumented("GET", "/api/workspaces/{ws}", 200, send("GET", "/api/workspaces/" + ws, null));

        JsonNode created = assertDocumented("POST", "/api/workspaces/{ws}/documents", 201, send("POST",
                "/api/workspaces/" + ws + "/documents", "{\"title\":\"Paradigme\",\"kind\":\"paper\"}"));
        JsonNode documentSchema = resolve(spec.at("/components/schemas/Document"));
        Set<String> required = new TreeSet<>();
        documentSchema.path("required").forEach(r -> required.add(r.asText()));
        Set<String> properties = new TreeSet<>();
        documentSchema.path("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> answered = new TreeSet<>();
        created.fieldNames().forEachRemaining(answered::add);
        assertEquals(required, answered, "a created document has exactly the required properties");
        assertEquals(properties, answered, "a created document has exactly the documented properties");
        assertEquals(1, created.path("rev").asLong(), "a paper starts at revision 1 (its template)");
        String doc = created.path("id").asText();

        assertDocumented("GET", "/api/workspaces/{ws}/documents", 200, send("GET", "/api/workspaces/" + ws + "/documents", null));
        assertDocumented("GET", "/api/documents/{id}", 200, send("GET", "/api/documents/" + doc, null));
        JsonNode patched = assertDocumented("PATCH", "/api/documents/{id}", 200,
                send("PATCH", "/api/documents/" + doc, "{\"title\":\" Paradigmes \",\"archived\":true}"));
        assertEquals("Paradigmes", patched.path("title").asText());
        assertTrue(patched.path("archived").asBoolean());
        assertDocumented("PATCH", "/api/documents/{id}", 200, send("PATCH", "/api/documents/" + doc, "{}"));

        assertEquals("", assertDocumented("GET", "/api/documents/{id}/text", 200,
                send("GET", "/api/documents/" + doc + "/text?rev=0", null)).path("text").asText());
        assertFalse(assertDocumented("GET", "/api/documents/{id}/text", 200,
                send("GET", "/api/documents/" + doc + "/text", null)).path("text").asText().isEmpty());
        JsonNode template = assertDocumented("GET", "/api/documents/{id}/ops", 200, send("GET", "/api/documents/" + doc + "/ops", null))
                .path("ops").path(0);
        assertEquals(facilitator().path("id").asText(), template.path("author").path("id").asText(), "the template is the creator's");
        assertEquals(facilitator().path("name").asText(), template.path("author").path("name").asText());
        assertTrue(template.path("client").isNull() && template.path("seq").isNull(), "a template op has no client: " + template);
    }

    @Test
    void anOperationSubmittedOverTheWebSocketIsLoggedAsDocumented() {
        String doc = server.createDocument("note");
        Workshop.Guest camille = server.guest("Camille");
        try (TestWs ws = TestWs.connect(server.port(), null, camille.headers())) {
            JsonObject joined = ws.send(new JsonObject().put("type", "join").put("doc", doc)).next("joined");
            assertEquals("editor", joined.getString("role"), "joined carries the joiner's role: " + joined);
            ws.send(new JsonObject().put("type", "op").put("doc", doc).put("rev", 0).put("op", new JsonArray().add("Bonjour"))
                    .put("client", "k3f9q2mxv7ta8wbe").put("seq", 1)).next("ack");
        }
        JsonNode page = assertDocumented("GET", "/api/documents/{id}/ops", 200, send("GET", "/api/documents/" + doc + "/ops", null));
        JsonNode op = page.path("ops").path(0);
        assertEquals("[\"Bonjour\"]", op.path("op").toString());
        assertEquals("k3f9q2mxv7ta8wbe", op.path("client").asText());
        assertEquals(1, op.path("seq").asLong());
        assertEquals(camille.id(), op.path("author").path("id").asText(), "the author is the guest who joined from the link");
        assertEquals("Camille", op.path("author").path("name").asText());
        assertFalse(page.has("next"));
    }

    @Test
    void theOperationLogIsPagedByAThousandWithNext() {
        String doc = server.createDocument("note");
        int count = 1001;
        try (TestWs ws = server.connectAsFacilitator()) {
            assertEquals("facilitator", ws.send(new JsonObject().put("type", "join").put("doc", doc)).next("joined").getString("role"));
            for (int seq = 1; seq <= count; seq++) {
                JsonArray op = seq == 1 ? new JsonArray().add("x") : new JsonArray().add("x").add(seq - 1);
                ws.send(new JsonObject().put("type", "op").put("doc", doc).put("rev", seq - 1).put("op", op)
                        .put("client", "pager").put("seq", seq));
            }
            ws.next(f -> "ack".equals(f.getString("type")) && f.getLong("seq") == count, "the ack of op " + count);
        }
        JsonNode first = assertDocumented("GET", "/api/documents/{id}/ops", 200, send("GET", "/api/documents/" + doc + "/ops", null));
        assertEquals(1000, first.path("ops").size());
        assertEquals(count, first.path("rev").asLong());
        String next = first.path("next").asText();
        assertEquals("/api/documents/" + doc + "/ops?from=1001", next);
        JsonNode last = assertDocumented("GET", "/api/documents/{id}/ops", 200, send("GET", next, null));
        assertEquals(1, last.path("ops").size());
        assertEquals(count, last.path("ops").path(0).path("rev").asLong());
        assertFalse(last.has("next"), "the last page has no next");
    }

    @Test
    void aPageFromNearTheLargestRevisionIsEmptyWithoutNext() {
        String doc = server.createDocument("note");
        JsonNode page = assertDocumented("GET", "/api/documents/{id}/ops", 200,
                send("GET", "/api/documents/" + doc + "/ops?from=9223372036854775000", null));
        assertEquals(0, page.path("ops").size());
        assertFalse(page.has("next"), page.toString());
    }

    @Test
    void membersDisciplinesAndTheJournalAreAsDocumented() {
        String ws = parse(send("POST", "/api/workspaces", "{\"name\":\"Membres\"}")).path("id").asText();
        String base = "/api/workspaces/" + ws;

        JsonNode added = assertDocumented("POST", "/api/workspaces/{ws}/disciplines", 200,
                send("POST", base + "/disciplines", "{\"name\":\"urban-planner\"}"));
        JsonNode disciplines = added.path("disciplines");
        assertEquals("urban-planner", disciplines.path(disciplines.size() - 1).asText(), "an added discipline comes last");

        String email = "dominique-" + Ids.newId() + "@example.org";
        String dominique = account(email, "Dominique Leroy", false);
        JsonNode member = assertDocumented("POST", "/api/workspaces/{ws}/members", 201, send("POST", base + "/members",
                new JsonObject().put("email", email.toUpperCase(Locale.ROOT)).put("role", "annotator").put("discipline", "urban-planner")
                        .encode()));
        assertEquals(dominique, member.path("id").asText());
        assertEquals("account", member.path("kind").asText());
        assertEquals("annotator", member.path("role").asText());
        assertEquals(email, member.path("email").asText(), "a facilitator sees an account's email");

        Workshop.Guest sacha = Workshop.join(server.port(), server.invite(ws, "editor"), "Sacha", "jurist");
        JsonNode asFacilitator = assertDocumented("GET", "/api/workspaces/{ws}/members", 200, send("GET", base + "/members", null));
        assertEquals(Set.of(facilitator().path("id").asText(), dominique, sacha.id()), Set.copyOf(ids(asFacilitator)));
        for (int i = 1; i < asFacilitator.size(); i++) {
            assertTrue(asFacilitator.path(i - 1).path("joinedAt").asLong() <= asFacilitator.path(i).path("joinedAt").asLong(),
                    "oldest membership first: " + asFacilitator);
        }
        JsonNode asEditor = assertDocumented("GET", "/api/workspaces/{ws}/members", 200,
                send("GET", base + "/members", null, sacha.headers()));
        asEditor.forEach(m -> assertFalse(m.has("email"), "only facilitators see emails: " + m));

        JsonNode promoted = assertDocumented("PATCH", "/api/workspaces/{ws}/members/{participant}", 200,
                send("PATCH", base + "/members/" + dominique, "{\"role\":\"editor\"}"));
        assertEquals("editor", promoted.path("role").asText());
        assertEquals("urban-planner", promoted.path("discipline").asText(), "what the body does not hold stays");
        JsonNode moved = assertDocumented("PATCH", "/api/workspaces/{ws}/members/{participant}", 200,
                send("PATCH", base + "/members/" + sacha.id(), "{\"discipline\":\"researcher\"}"));
        assertEquals("guest", moved.path("kind").asText());
        assertEquals("editor", moved.path("role").asText());

        documented("DELETE", "/api/workspaces/{ws}/members/{participant}", 204,
                call("DELETE", base + "/members/" + sacha.id()).bearer(server.facilitatorToken()).send());
        assertProblem("GET", "/api/session", 401, "unauthorized", call("GET", "/api/session").header("Cookie", sacha.cookie()));

        JsonNode all = assertDocumented("GET", "/api/workspaces/{ws}/activity", 200, send("GET", base + "/activity", null));
        assertFalse(all.has("next"), "a page that is not full is the last");
        assertNewestFirst(all.path("entries"), "at");
        List<String> actions = new ArrayList<>();
        all.path("entries").forEach(entry -> actions.add(entry.path("action").asText()));
        assertEquals(new TreeSet<>(List.of("workspace.created", "discipline.added", "member.added", "invitation.created",
                "invitation.redeemed", "member.changed", "member.removed")), new TreeSet<>(actions), "every change is in the journal");
        assertEquals(8, actions.size(), actions.toString());
        JsonNode redemption = all.path("entries").path(actions.indexOf("invitation.redeemed"));
        assertEquals(sacha.id(), redemption.path("actor").path("id").asText(), "the newcomer redeemed the link: " + redemption);
        assertEquals(sacha.id(), redemption.path("subject").asText());
        assertEquals(facilitator().path("id").asText(), all.path("entries").path(actions.indexOf("member.removed")).path("actor")
                .path("id").asText());

        List<String> paged = new ArrayList<>();
        JsonNode page = assertDocumented("GET", "/api/workspaces/{ws}/activity", 200, send("GET", base + "/activity?limit=3", null));
        while (true) {
            assertTrue(page.path("entries").size() <= 3, page.toString());
            paged.addAll(ids(page.path("entries")));
            if (!page.has("next")) {
                break;
            }
            assertTrue(page.path("next").asText().startsWith(base + "/activity?before="), page.path("next").asText());
            page = assertDocumented("GET", "/api/workspaces/{ws}/activity", 200, send("GET", page.path("next").asText(), null));
        }
        assertEquals(ids(all.path("entries")), paged, "following next walks the whole journal, nothing twice, nothing skipped");
    }

    @Test
    void invitationsAreAsDocumented() {
        String ws = parse(send("POST", "/api/workspaces", "{\"name\":\"Invitations\"}")).path("id").asText();
        String base = "/api/workspaces/" + ws;

        JsonNode made = assertDocumented("POST", "/api/workspaces/{ws}/invitations", 201, send("POST", base + "/invitations",
                "{\"role\":\"observer\",\"label\":\" Atelier du 12 juin \",\"expiresInHours\":2,\"maxUses\":3}"));
        String token = made.path("token").asText();
        assertTrue(made.path("link").asText().endsWith("/i/" + token), made.toString());
        assertEquals("Atelier du 12 juin", made.path("label").asText());
        assertEquals("active", made.path("state").asText());
        assertEquals(facilitator().path("id").asText(), made.path("createdBy").path("id").asText());
        JsonNode defaults = assertDocumented("POST", "/api/workspaces/{ws}/invitations", 201,
                send("POST", base + "/invitations", "{\"role\":\"editor\"}"));
        assertEquals(30, defaults.path("maxUses").asInt());
        assertTrue(defaults.path("label").isNull());
        assertEquals(72 * 3_600_000L, defaults.path("expiresAt").asLong() - defaults.path("createdAt").asLong(), 5_000);

        JsonNode preview = documented("GET", "/api/invitations/{token}", 200, call("GET", "/api/invitations/" + token).send());
        assertEquals(ws, preview.path("workspace").path("id").asText());
        assertEquals("observer", preview.path("role").asText());

        // nobody becomes a guest with a session
        HttpCall.Answer redeemed = call("POST", "/api/invitations/" + token + "/redeem")
                .body(new JsonObject().put("name", " Oscar ").put("discipline", "inhabitant")).send();
        JsonNode oscar = documented("POST", "/api/invitations/{token}/redeem", 200, redeemed);
        assertNotNull(redeemed.sessionCookie(), "a new guest gets a session cookie");
        assertEquals("Oscar", oscar.path("participant").path("name").asText());
        assertEquals("guest", oscar.path("participant").path("kind").asText());
        assertEquals("observer", oscar.path("participant").path("role").asText());
        assertEquals("observer", oscar.path("workspace").path("role").asText());
        assertEquals("inhabitant", oscar.path("workspace").path("discipline").asText());
        String oscarCookie = redeemed.sessionCookie();
        String oscarCsrf = oscar.path("csrfToken").asText();
        JsonNode guestSession = documented("GET", "/api/session", 200, call("GET", "/api/session").cookie(oscarCookie).send());
        assertEquals(oscar.path("participant").path("id").asText(), guestSession.path("guest").path("id").asText());

        // a guest signed in joins another workspace as they are: no new cookie, their own CSRF token
        String other = parse(send("POST", "/api/workspaces", "{\"name\":\"Ailleurs\"}")).path("id").asText();
        String otherToken = server.invite(other, "annotator");
        HttpCall.Answer again = call("POST", "/api/invitations/" + otherToken + "/redeem").cookie(oscarCookie).csrf(oscarCsrf)
                .body(new JsonObject()).send();
        JsonNode joined = documented("POST", "/api/invitations/{token}/redeem", 200, again);
        assertNull(again.sessionCookieHeader(), "someone signed in keeps their session");
        assertEquals(oscarCsrf, joined.path("csrfToken").asText());
        assertEquals(oscar.path("participant").path("id").asText(), joined.path("participant").path("id").asText());
        assertEquals("annotator", joined.path("participant").path("role").asText());
        assertTrue(joined.path("participant").path("discipline").isNull(), "no discipline given, none held");

        // a member already (the facilitator, by bearer) stays as they are and does not use the link up
        JsonNode already = documented("POST", "/api/invitations/{token}/redeem", 200, call("POST", "/api/invitations/" + token + "/redeem")
                .bearer(server.facilitatorToken()).body(new JsonObject()).send());
        assertEquals("facilitator", already.path("participant").path("role").asText());
        assertFalse(already.has("csrfToken"), "no CSRF token for a bearer token");

        JsonNode listed = assertDocumented("GET", "/api/workspaces/{ws}/invitations", 200, send("GET", base + "/invitations", null));
        assertEquals(Set.of(defaults.path("id").asText(), made.path("id").asText()), Set.copyOf(ids(listed)));
        assertNewestFirst(listed, "createdAt");
        assertEquals(1, byId(listed, made.path("id").asText()).path("uses").asInt(), "only Oscar used the link: " + listed);
        listed.forEach(i -> assertFalse(i.has("token") || i.has("link"), "a token is shown once: " + i));

        documented("DELETE", "/api/workspaces/{ws}/invitations/{id}", 204,
                call("DELETE", base + "/invitations/" + made.path("id").asText()).bearer(server.facilitatorToken()).send());
        assertEquals("revoked", byId(parse(send("GET", base + "/invitations", null)), made.path("id").asText()).path("state").asText());
        assertProblem("GET", "/api/invitations/{token}", 410, "gone", call("GET", "/api/invitations/" + token));
        JsonNode stillThere = parse(send("GET", base + "/members", null));
        assertTrue(ids(stillThere).contains(oscar.path("participant").path("id").asText()), "revoking keeps who joined");
    }

    @Test
    void guestSessionsAreAsDocumented() {
        Workshop.Guest guest = server.guest("Dominique");
        JsonNode session = documented("GET", "/api/session", 200, call("GET", "/api/session").header("Cookie", guest.cookie()).send());
        assertEquals(guest.id(), session.path("guest").path("id").asText());
        assertEquals(guest.csrf(), session.path("csrfToken").asText());
        JsonNode mine = assertDocumented("GET", "/api/workspaces", 200, send("GET", "/api/workspaces", null, guest.headers()));
        assertTrue(mine.size() >= 1);
        mine.forEach(w -> assertEquals("editor", w.path("role").asText(), "a guest sees their own role: " + w));

        assertProblem("GET", "/api/tokens", 403, "forbidden", call("GET", "/api/tokens").header("Cookie", guest.cookie()));
        assertProblem("POST", "/api/tokens", 403, "forbidden", call("POST", "/api/tokens").header("Cookie", guest.cookie())
                .csrf(guest.csrf()).body(new JsonObject().put("label", "export")));
        assertProblem("POST", "/api/session/password", 403, "forbidden", call("POST", "/api/session/password")
                .header("Cookie", guest.cookie()).csrf(guest.csrf())
                .body(new JsonObject().put("current", "no password").put("new", "a guest has no password")));
        assertProblem("DELETE", "/api/session", 403, "forbidden", call("DELETE", "/api/session").header("Cookie", guest.cookie()));
        documented("DELETE", "/api/session", 204, call("DELETE", "/api/session").header("Cookie", guest.cookie()).csrf(guest.csrf()).send());
        assertProblem("GET", "/api/session", 401, "unauthorized", call("GET", "/api/session").header("Cookie", guest.cookie()));
    }

    @Test
    void refusalsAreTheDocumentedProblems() {
        String doc = server.createDocument("note");
        String ws = server.workspace();
        String facilitatorId = facilitator().path("id").asText();
        Map<String, String> observer = Workshop.join(server.port(), server.invite(ws, "observer"), "Oscar", "designer").headers();
        Map<String, String> observerWithoutCsrf = Map.of("Cookie", observer.get("Cookie"));
        String elsewhere = parse(send("POST", "/api/workspaces", "{\"name\":\"Ailleurs\"}")).path("id").asText();
        Map<String, String> outsider = Workshop.join(server.port(), server.invite(elsewhere, "editor"), "Olga", "jurist").headers();
        JsonNode revokedInvitation = invitation(ws, "{\"role\":\"editor\"}");
        String revoked = revokedInvitation.path("token").asText();
        assertEquals(204, send("DELETE", "/api/workspaces/" + ws + "/invitations/" + revokedInvitation.path("id").asText(), null).status());
        JsonNode usedUpInvitation = invitation(ws, "{\"role\":\"editor\",\"maxUses\":1}");
        String usedUp = usedUpInvitation.path("token").asText();
        Workshop.join(server.port(), usedUp, "Una", "designer");
        String live = invitation(ws, "{\"role\":\"editor\"}").path("token").asText();
        String unknown = "A".repeat(43);
        String members = "/api/workspaces/" + ws + "/members";
        String invitations = "/api/workspaces/" + ws + "/invitations";

        record Refusal(String method, String template, String url, String body, Map<String, String> who, int status, String code) {
        }
        Map<String, String> asFacilitator = Workshop.bearer(server.facilitatorToken());
        List<Refusal> refusals = List.of(
                new Refusal("POST", "/api/workspaces", "/api/workspaces", "{}", asFacilitator, 400, "bad-request"),
                new Refusal("POST", "/api/workspaces", "/api/workspaces", "[\"Atelier\"]", asFacilitator, 400, "bad-request"),
                new Refusal("POST", "/api/workspaces", "/api/workspaces", "{\"name\":\"" + "a".repeat(201) + "\"}", asFacilitator,
                        400, "bad-request"),
                new Refusal("POST", "/api/workspaces", "/api/workspaces", "{\"name\":\"" + "a".repeat(1 << 20) + "\"}", asFacilitator,
                        413, "too-large"),
                new Refusal("POST", "/api/workspaces", "/api/workspaces", "{\"name\":\"A\",\"discipline\":\"Designer\"}", asFacilitator,
                        400, "bad-request"),
                new Refusal("POST", "/api/workspaces", "/api/workspaces", "{\"name\":\"A\"}", NOBODY, 401, "unauthorized"),
                new Refusal("POST", "/api/workspaces", "/api/workspaces", "{\"name\":\"A\"}", observer, 403, "forbidden"),
                new Refusal("GET", "/api/workspaces", "/api/workspaces", null, NOBODY, 401, "unauthorized"),
                new Refusal("GET", "/api/workspaces", "/api/workspaces", null, Map.of("Authorization", "Bearer ct_nope"), 401, "unauthorized"),
                new Refusal("GET", "/api/workspaces/{ws}", "/api/workspaces/nope", null, asFacilitator, 404, "not-found"),
                new Refusal("GET", "/api/workspaces/{ws}", "/api/workspaces/" + ws, null, outsider, 404, "not-found"),
                new Refusal("GET", "/api/workspaces/{ws}", "/api/workspaces/" + ws, null, NOBODY, 401, "unauthorized"),
                new Refusal("POST", "/api/workspaces/{ws}/documents", "/api/workspaces/" + ws + "/documents",
                        "{\"title\":\"Poème\",\"kind\":\"poem\"}", asFacilitator, 400, "bad-request"),
                new Refusal("POST", "/api/workspaces/{ws}/documents", "/api/workspaces/nope/documents",
                        "{\"title\":\"Note\",\"kind\":\"note\"}", asFacilitator, 404, "not-found"),
                new Refusal("POST", "/api/workspaces/{ws}/documents", "/api/workspaces/" + ws + "/documents",
                        "{\"title\":\"Note\",\"kind\":\"note\"}", observer, 403, "forbidden"),
                new Refusal("POST", "/api/workspaces/{ws}/documents", "/api/workspaces/" + ws + "/documents",
                        "{\"title\":\"Note\",\"kind\":\"note\"}", observerWithoutCsrf, 403, "forbidden"),
                new Refusal("POST", "/api/workspaces/{ws}/documents", "/api/workspaces/" + ws + "/documents",
                        "{\"title\":\"Note\",\"kind\":\"note\"}", outsider, 404, "not-found"),
                new Refusal("GET", "/api/workspaces/{ws}/documents", "/api/workspaces/nope/documents", null, asFacilitator, 404, "not-found"),
                new Refusal("GET", "/api/documents/{id}", "/api/documents/nope", null, asFacilitator, 404, "unknown-doc"),
                new Refusal("GET", "/api/documents/{id}", "/api/documents/" + doc, null, outsider, 404, "unknown-doc"),
                new Refusal("GET", "/api/documents/{id}", "/api/documents/" + doc, null, NOBODY, 401, "unauthorized"),
                new Refusal("PATCH", "/api/documents/{id}", "/api/documents/" + doc, "{\"kind\":\"paper\"}", asFacilitator, 400, "bad-request"),
                new Refusal("PATCH", "/api/documents/{id}", "/api/documents/" + doc, "{\"archived\":null}", asFacilitator, 400, "bad-request"),
                new Refusal("PATCH", "/api/documents/{id}", "/api/documents/nope", "{\"archived\":true}", asFacilitator, 404, "unknown-doc"),
                new Refusal("PATCH", "/api/documents/{id}", "/api/documents/" + doc, "{\"archived\":true}", observer, 403, "forbidden"),
                new Refusal("GET", "/api/documents/{id}/text", "/api/documents/" + doc + "/text?rev=1", null, asFacilitator, 404, "rev-unavailable"),
                new Refusal("GET", "/api/documents/{id}/text", "/api/documents/" + doc + "/text?rev=one", null, asFacilitator, 400, "bad-request"),
                new Refusal("GET", "/api/documents/{id}/ops", "/api/documents/" + doc + "/ops?from=-1", null, asFacilitator, 400, "bad-request"),
                new Refusal("GET", "/api/documents/{id}/ops", "/api/documents/" + doc + "/ops?from=%2B1", null, asFacilitator, 400, "bad-request"),
                new Refusal("GET", "/api/documents/{id}/text", "/api/documents/" + doc + "/text?rev=%2B0", null, asFacilitator, 400, "bad-request"),
                new Refusal("GET", "/api/documents/{id}/ops", "/api/documents/nope/ops", null, asFacilitator, 404, "unknown-doc"),
                new Refusal("POST", "/api/workspaces/{ws}/disciplines", "/api/workspaces/" + ws + "/disciplines",
                        "{\"name\":\"Urban Planner\"}", asFacilitator, 400, "bad-request"),
                new Refusal("POST", "/api/workspaces/{ws}/disciplines", "/api/workspaces/" + ws + "/disciplines",
                        "{\"name\":\"jurist\"}", asFacilitator, 409, "conflict"),
                new Refusal("POST", "/api/workspaces/{ws}/disciplines", "/api/workspaces/" + ws + "/disciplines",
                        "{\"name\":\"astrologer\"}", observer, 403, "forbidden"),
                new Refusal("GET", "/api/workspaces/{ws}/members", members, null, NOBODY, 401, "unauthorized"),
                new Refusal("GET", "/api/workspaces/{ws}/members", members, null, outsider, 404, "not-found"),
                new Refusal("POST", "/api/workspaces/{ws}/members", members,
                        "{\"email\":\"" + facilitator().path("email").asText() + "\",\"role\":\"editor\"}", asFacilitator, 409, "conflict"),
                new Refusal("POST", "/api/workspaces/{ws}/members", members,
                        "{\"email\":\"nobody-" + Ids.newId() + "@example.org\",\"role\":\"editor\"}", asFacilitator, 404, "not-found"),
                new Refusal("POST", "/api/workspaces/{ws}/members", members,
                        "{\"email\":\"someone@example.org\",\"role\":\"owner\"}", asFacilitator, 400, "bad-request"),
                new Refusal("POST", "/api/workspaces/{ws}/members", members,
                        "{\"email\":\"someone@example.org\",\"role\":\"editor\"}", observer, 403, "forbidden"),
                new Refusal("PATCH", "/api/workspaces/{ws}/members/{participant}", members + "/" + facilitatorId,
                        "{\"role\":\"editor\"}", asFacilitator, 409, "conflict"),
                new Refusal("PATCH", "/api/workspaces/{ws}/members/{participant}", members + "/" + facilitatorId,
                        "{}", asFacilitator, 400, "bad-request"),
                new Refusal("PATCH", "/api/workspaces/{ws}/members/{participant}", members + "/" + facilitatorId,
                        "{\"name\":\"Boss\"}", asFacilitator, 400, "bad-request"),
                new Refusal("PATCH", "/api/workspaces/{ws}/members/{participant}", members + "/" + facilitatorId,
                        "{\"role\":\"owner\"}", asFacilitator, 400, "bad-request"),
                new Refusal("PATCH", "/api/workspaces/{ws}/members/{participant}", members + "/" + facilitatorId,
                        "{\"discipline\":\"astrologer\"}", asFacilitator, 400, "bad-request"),
                new Refusal("PATCH", "/api/workspaces/{ws}/members/{participant}", members + "/nope",
                        "{\"role\":\"editor\"}", asFacilitator, 404, "not-found"),
                new Refusal("PATCH", "/api/workspaces/{ws}/members/{participant}", members + "/" + facilitatorId,
                        "{\"role\":\"observer\"}", observer, 403, "forbidden"),
                new Refusal("DELETE", "/api/workspaces/{ws}/members/{participant}", members + "/" + facilitatorId,
                        null, asFacilitator, 409, "conflict"),
                new Refusal("DELETE", "/api/workspaces/{ws}/members/{participant}", members + "/nope", null, asFacilitator, 404, "not-found"),
                new Refusal("DELETE", "/api/workspaces/{ws}/members/{participant}", members + "/" + facilitatorId,
                        null, outsider, 404, "not-found"),
                new Refusal("POST", "/api/workspaces/{ws}/invitations", invitations, "{\"role\":\"owner\"}", asFacilitator, 400, "bad-request"),
                new Refusal("POST", "/api/workspaces/{ws}/invitations", invitations,
                        "{\"role\":\"editor\",\"maxUses\":0}", asFacilitator, 400, "bad-request"),
                new Refusal("POST", "/api/workspaces/{ws}/invitations", invitations,
                        "{\"role\":\"editor\",\"expiresInHours\":721}", asFacilitator, 400, "bad-request"),
                new Refusal("POST", "/api/workspaces/{ws}/invitations", invitations,
                        "{\"role\":\"editor\",\"label\":\" \"}", asFacilitator, 400, "bad-request"),
                new Refusal("POST", "/api/workspaces/{ws}/invitations", invitations, "{\"role\":\"editor\"}", observer, 403, "forbidden"),
                new Refusal("GET", "/api/workspaces/{ws}/invitations", invitations, null, observer, 403, "forbidden"),
                new Refusal("GET", "/api/workspaces/{ws}/invitations", invitations, null, NOBODY, 401, "unauthorized"),
                new Refusal("DELETE", "/api/workspaces/{ws}/invitations/{id}", invitations + "/nope", null, asFacilitator, 404, "not-found"),
                new Refusal("DELETE", "/api/workspaces/{ws}/invitations/{id}", invitations + "/" + revokedInvitation.path("id").asText(),
                        null, asFacilitator, 404, "not-found"),
                new Refusal("GET", "/api/workspaces/{ws}/activity", "/api/workspaces/" + ws + "/activity?limit=0", null, asFacilitator,
                        400, "bad-request"),
                new Refusal("GET", "/api/workspaces/{ws}/activity", "/api/workspaces/" + ws + "/activity?before=yesterday", null, asFacilitator,
                        400, "bad-request"),
                new Refusal("GET", "/api/workspaces/{ws}/activity", "/api/workspaces/" + ws + "/activity", null, outsider, 404, "not-found"),
                new Refusal("GET", "/api/workspaces/{ws}/activity", "/api/workspaces/" + ws + "/activity", null, NOBODY, 401, "unauthorized"),
                new Refusal("GET", "/api/invitations/{token}", "/api/invitations/" + unknown, null, NOBODY, 404, "not-found"),
                new Refusal("GET", "/api/invitations/{token}", "/api/invitations/" + revoked, null, NOBODY, 410, "gone"),
                new Refusal("GET", "/api/invitations/{token}", "/api/invitations/" + usedUp, null, NOBODY, 410, "gone"),
                new Refusal("POST", "/api/invitations/{token}/redeem", "/api/invitations/" + unknown + "/redeem",
                        "{\"name\":\"Ugo\",\"discipline\":\"designer\"}", NOBODY, 404, "not-found"),
                new Refusal("POST", "/api/invitations/{token}/redeem", "/api/invitations/" + revoked + "/redeem",
                        "{\"name\":\"Ugo\",\"discipline\":\"designer\"}", NOBODY, 410, "gone"),
                new Refusal("POST", "/api/invitations/{token}/redeem", "/api/invitations/" + usedUp + "/redeem",
                        "{\"name\":\"Ugo\",\"discipline\":\"designer\"}", NOBODY, 410, "gone"),
                new Refusal("POST", "/api/invitations/{token}/redeem", "/api/invitations/" + live + "/redeem",
                        "{\"discipline\":\"designer\"}", NOBODY, 400, "bad-request"),
                new Refusal("POST", "/api/invitations/{token}/redeem", "/api/invitations/" + live + "/redeem",
                        "{\"name\":\"" + "a".repeat(81) + "\",\"discipline\":\"designer\"}", NOBODY, 400, "bad-request"),
                new Refusal("POST", "/api/invitations/{token}/redeem", "/api/invitations/" + live + "/redeem",
                        "{\"name\":\"Ugo\"}", NOBODY, 400, "bad-request"),
                new Refusal("POST", "/api/invitations/{token}/redeem", "/api/invitations/" + live + "/redeem",
                        "{\"name\":\"Ugo\",\"discipline\":\"astrologer\"}", NOBODY, 400, "bad-request"),
                new Refusal("POST", "/api/invitations/{token}/redeem", "/api/invitations/" + live + "/redeem",
                        "{}", observerWithoutCsrf, 403, "forbidden"),
                new Refusal("GET", "/ws", "/ws", null, NOBODY, 400, "bad-request"),
                new Refusal("GET", "/ws", "/ws", null, asFacilitator, 400, "bad-request"));
        for (Refusal r : refusals) {
            String what = r.method() + " " + r.url().substring(0, Math.min(r.url().length(), 80)) + " as " + r.who().keySet();
            JsonNode problem = assertDocumented(r.method(), r.template(), r.status(), send(r.method(), r.url(), r.body(), r.who()));
            assertEquals(r.code(), problem.path("code").asText(), what);
            assertEquals("https://cahier.example/problems/" + r.code(), problem.path("type").asText(), what);
        }
        for (String url : List.of("/ws", "/ws?name=Camille&discipline=designer")) {
            JsonNode problem = assertDocumented("GET", "/ws", 401, upgrade(url));
            assertEquals("unauthorized", problem.path("code").asText(), "an upgrade by nobody, " + url);
        }
        JsonNode listed = parse(send("GET", invitations, null));
        assertEquals("used-up", byId(listed, usedUpInvitation.path("id").asText()).path("state").asText());
        JsonNode stillFacilitator = byId(parse(send("GET", members, null)), facilitatorId);
        assertEquals("facilitator", stillFacilitator.path("role").asText(), "a refused change changes nothing");
    }

    @Test
    void glossaryProposalsAreAsDocumented() {
        String ws = parse(send("POST", "/api/workspaces", "{\"name\":\"Propositions\"}")).path("id").asText();
        String glossary = assertDocumented("POST", "/api/workspaces/{ws}/glossaries", 201, send("POST",
                "/api/workspaces/" + ws + "/glossaries", "{\"name\":\"Vocabulaire\"}")).path("id").asText();
        String entry = assertDocumented("POST", "/api/glossaries/{id}/entries", 201, send("POST", "/api/glossaries/" + glossary + "/entries",
                new JsonObject().put("term", "expérimentation").put("definitions", new JsonObject().put("jurist", "Dérogation temporaire."))
                        .encode())).path("id").asText();
        Workshop.Guest awa = Workshop.join(server.port(), server.invite(ws, "annotator"), "Awa", "designer");
        Workshop.Guest eli = Workshop.join(server.port(), server.invite(ws, "editor"), "Eli", "economist");
        Map<String, String> observer = Workshop.join(server.port(), server.invite(ws, "observer"), "Oscar", "inhabitant").headers();
        String proposals = "/api/glossaries/" + glossary + "/proposals";

        JsonNode definition = assertDocumented("POST", "/api/glossaries/{id}/proposals", 201, send("POST", proposals, new JsonObject()
                .put("entry", entry).put("perspective", "designer").put("text", " Un test auprès d'usagers. ").put("note", "vu en atelier")
                .encode(), awa.headers()));
        assertEquals("definition", definition.path("kind").asText());
        assertEquals("open", definition.path("state").asText());
        assertEquals(entry, definition.path("entryId").asText());
        assertTrue(definition.path("term").isNull(), definition.toString());
        assertEquals("Un test auprès d'usagers.", definition.path("text").asText(), "the text is stripped");
        assertEquals(awa.id(), definition.path("author").path("id").asText());
        assertFalse(definition.has("decision"), "no decision while open: " + definition);
        JsonNode term = assertDocumented("POST", "/api/glossaries/{id}/proposals", 201, send("POST", proposals, new JsonObject()
                .put("term", "tiers-lieu").put("perspective", "designer").put("text", "Un lieu ni travail ni maison.").encode(), awa.headers()));
        assertEquals("term", term.path("kind").asText());
        assertTrue(term.path("entryId").isNull() && term.path("note").isNull(), term.toString());
        JsonNode dropped = assertDocumented("POST", "/api/glossaries/{id}/proposals", 201, send("POST", proposals, new JsonObject()
                .put("term", "disruption").put("perspective", "economist").put("text", "?").encode(), eli.headers()));

        JsonNode open = assertDocumented("GET", "/api/glossaries/{id}/proposals", 200, send("GET", proposals, null, observer));
        assertEquals(Set.of(definition.path("id").asText(), term.path("id").asText(), dropped.path("id").asText()), Set.copyOf(ids(open)));
        assertNewestFirst(open, "createdAt");

        JsonNode accepted = assertDocumented("POST", "/api/proposals/{id}/accept", 200, send("POST",
                "/api/proposals/" + definition.path("id").asText() + "/accept", "{\"note\":\" merci \"}", eli.headers()));
        assertEquals("accepted", accepted.path("state").asText());
        assertEquals(eli.id(), accepted.path("decision").path("by").path("id").asText());
        assertEquals("merci", accepted.path("decision").path("note").asText());
        JsonNode history = parse(send("GET", "/api/entries/" + entry + "/definitions/designer/history", null));
        assertEquals(awa.id(), history.path(0).path("author").path("id").asText(), "the accepted words are the proposer's: " + history);

        JsonNode created = assertDocumented("POST", "/api/proposals/{id}/accept", 200, send("POST",
                "/api/proposals/" + term.path("id").asText() + "/accept", null, eli.headers()));
        assertTrue(created.path("decision").path("note").isNull(), "no body, no note: " + created);
        JsonNode newEntry = assertDocumented("GET", "/api/entries/{id}", 200, send("GET", "/api/entries/" + created.path("entryId").asText(), null));
        assertEquals("tiers-lieu", newEntry.path("term").asText());
        assertEquals(awa.id(), newEntry.path("definitions").path(0).path("author").path("id").asText());

        JsonNode declined = assertDocumented("POST", "/api/proposals/{id}/decline", 200, send("POST",
                "/api/proposals/" + dropped.path("id").asText() + "/decline", "{\"note\":\"hors sujet\"}"));
        assertEquals("declined", declined.path("state").asText());
        assertEquals("hors sujet", declined.path("decision").path("note").asText());
        assertEquals(facilitator().path("id").asText(), declined.path("decision").path("by").path("id").asText());

        Map<String, Integer> byState = Map.of("open", 0, "accepted", 2, "declined", 1, "all", 3);
        byState.forEach((state, count) -> assertEquals(count, assertDocumented("GET", "/api/glossaries/{id}/proposals", 200,
                send("GET", proposals + "?state=" + state, null)).size(), state));

        String elsewhere = parse(send("POST", "/api/workspaces", "{\"name\":\"Ailleurs\"}")).path("id").asText();
        Map<String, String> outsider = Workshop.join(server.port(), server.invite(elsewhere, "editor"), "Olga", "jurist").headers();
        String accept = "/api/proposals/" + definition.path("id").asText() + "/accept";
        String decline = "/api/proposals/" + definition.path("id").asText() + "/decline";
        String proposal = new JsonObject().put("entry", entry).put("perspective", "inhabitant").put("text", "Une expérience.").encode();
        assertRefused("POST", "/api/glossaries/{id}/proposals", proposals, proposal, observer, 403, "forbidden");
        assertRefused("POST", "/api/glossaries/{id}/proposals", proposals, proposal, outsider, 404, "not-found");
        assertRefused("POST", "/api/glossaries/{id}/proposals", proposals, proposal, NOBODY, 401, "unauthorized");
        assertRefused("POST", "/api/glossaries/{id}/proposals", proposals, new JsonObject().put("entry", entry).put("term", "x")
                .put("perspective", "designer").put("text", "?").encode(), awa.headers(), 400, "bad-request");
        assertRefused("POST", "/api/glossaries/{id}/proposals", proposals, new JsonObject().put("entry", "nope")
                .put("perspective", "designer").put("text", "?").encode(), awa.headers(), 400, "bad-request");
        assertRefused("POST", "/api/glossaries/{id}/proposals", proposals, new JsonObject().put("term", "x")
                .put("perspective", "Designer").put("text", "?").encode(), awa.headers(), 400, "bad-request");
        assertRefused("GET", "/api/glossaries/{id}/proposals", proposals + "?state=maybe", null, observer, 400, "bad-request");
        assertRefused("GET", "/api/glossaries/{id}/proposals", proposals, null, outsider, 404, "not-found");
        assertRefused("POST", "/api/proposals/{id}/accept", "/api/proposals/" + dropped.path("id").asText() + "/accept", null,
                awa.headers(), 403, "forbidden");
        assertRefused("POST", "/api/proposals/{id}/decline", decline, null, eli.headers(), 409, "conflict");
        assertRefused("POST", "/api/proposals/{id}/accept", accept, "{}", eli.headers(), 409, "conflict");
        assertRefused("POST", "/api/proposals/{id}/accept", "/api/proposals/nope/accept", null, eli.headers(), 404, "not-found");
        assertEquals("no proposal \"" + definition.path("id").asText() + "\"",
                assertRefused("POST", "/api/proposals/{id}/accept", accept, null, outsider, 404, "not-found").path("detail").asText(),
                "a non-member is told the proposal does not exist");
        assertRefused("POST", "/api/proposals/{id}/decline", decline, "{\"note\":\"\"}", eli.headers(), 400, "bad-request");

        List<String> actions = new ArrayList<>();
        JsonNode journal = assertDocumented("GET", "/api/workspaces/{ws}/activity", 200, send("GET", "/api/workspaces/" + ws + "/activity", null));
        journal.path("entries").forEach(e -> actions.add(e.path("action").asText()));
        assertEquals(List.of("glossary.proposal-declined", "glossary.proposal-accepted", "glossary.definition-changed",
                "glossary.entry-created", "glossary.proposal-accepted", "glossary.definition-changed", "glossary.proposal-made",
                "glossary.proposal-made", "glossary.proposal-made"), actions.subList(0, 9), actions.toString());
        assertEquals(eli.id(), journal.path("entries").path(3).path("actor").path("id").asText(),
                "an accepted term's entry is made by the editor who accepted it");
        assertEquals(awa.name(), journal.path("entries").path(2).path("details").path("author").asText(),
                "its words stay the proposer's");
    }

    @Test
    void vocabularyRoundsAreAsDocumented() {
        String ws = parse(send("POST", "/api/workspaces", "{\"name\":\"Tour de vocabulaire\"}")).path("id").asText();
        String glossary = parse(send("POST", "/api/workspaces/" + ws + "/glossaries", "{\"name\":\"Vocabulaire\"}")).path("id").asText();
        String innovation = parse(send("POST", "/api/glossaries/" + glossary + "/entries", "{\"term\":\"Innovation\"}")).path("id").asText();
        Workshop.Guest jeanne = Workshop.join(server.port(), server.invite(ws, "annotator"), "Jeanne", "jurist");
        Workshop.Guest diego = Workshop.join(server.port(), server.invite(ws, "editor"), "Diego", "designer");
        Map<String, String> observer = Workshop.join(server.port(), server.invite(ws, "observer"), "Olga", "inhabitant").headers();
        String elsewhere = parse(send("POST", "/api/workspaces", "{\"name\":\"Ailleurs\"}")).path("id").asText();
        Map<String, String> outsider = Workshop.join(server.port(), server.invite(elsewhere, "editor"), "Ugo", "jurist").headers();
        Map<String, String> asFacilitator = Workshop.bearer(server.facilitatorToken());
        String rounds = "/api/glossaries/" + glossary + "/rounds";

        JsonNode round = assertDocumented("POST", "/api/glossaries/{id}/rounds", 201, send("POST", rounds, new JsonObject()
                .put("terms", new JsonArray().add(" expérimentation ").add("innovation").add("expérimentation"))
                .put("prompt", "Avant l'atelier du 3 mars").encode()));
        assertEquals("open", round.path("state").asText());
        assertEquals(facilitator().path("id").asText(), round.path("createdBy").path("id").asText());
        assertEquals(2, round.path("terms").size(), "a term given twice counts once: " + round);
        JsonNode experimentation = round.path("terms").path(0);
        assertEquals("expérimentation", experimentation.path("term").asText(), "terms are stripped, in the order given");
        assertTrue(experimentation.path("entryId").isNull() && experimentation.path("mine").isNull(), experimentation.toString());
        assertEquals(innovation, round.path("terms").path(1).path("entryId").asText(), "a term of the glossary, in any case, is its entry");
        String id = round.path("id").asText();
        String base = "/api/rounds/" + id;
        String answer = base + "/terms/" + experimentation.path("id").asText() + "/answer";
        String settle = base + "/terms/" + experimentation.path("id").asText() + "/settle";

        JsonNode answered = assertDocumented("PUT", "/api/rounds/{id}/terms/{term}/answer", 200,
                send("PUT", answer, "{\"text\":\" Un statut dérogatoire. \"}", jeanne.headers()));
        assertEquals("Un statut dérogatoire.", answered.path("terms").path(0).path("mine").path("text").asText());
        assertEquals("jurist", answered.path("terms").path(0).path("answered").path(0).path("discipline").asText());
        assertDocumented("PUT", "/api/rounds/{id}/terms/{term}/answer", 200,
                send("PUT", answer, "{\"text\":\"Un test auprès d'usagers.\"}", diego.headers()));
        JsonNode seen = assertDocumented("GET", "/api/rounds/{id}", 200, send("GET", base, null, observer));
        assertEquals(2, seen.path("terms").path(0).path("answered").size());
        assertTrue(seen.path("terms").path(0).path("mine").isNull());
        assertFalse(seen.toString().contains("statut") || seen.toString().contains("usagers"), "no one's words before the reveal: " + seen);
        assertFalse(seen.path("terms").path(0).has("answers"), seen.toString());
        JsonNode listed = assertDocumented("GET", "/api/glossaries/{id}/rounds", 200, send("GET", rounds, null, jeanne.headers()));
        assertEquals(List.of(id), ids(listed));
        assertEquals("Un statut dérogatoire.", listed.path(0).path("terms").path(0).path("mine").path("text").asText());

        String jeanneAnswers = new JsonObject().put("perspectives", new JsonObject().put("jurist", new JsonObject()
                .put("from", jeanne.id()))).encode();
        assertRefused("PUT", "/api/rounds/{id}/terms/{term}/answer", answer, "{\"text\":\"Une expérience.\"}", observer, 403, "forbidden");
        assertRefused("PUT", "/api/rounds/{id}/terms/{term}/answer", answer, "{\"text\":\"Sans discipline.\"}", asFacilitator,
                400, "bad-request");
        assertRefused("PUT", "/api/rounds/{id}/terms/{term}/answer", answer, "{\"text\":\" \"}", jeanne.headers(), 400, "bad-request");
        assertRefused("PUT", "/api/rounds/{id}/terms/{term}/answer", base + "/terms/nope/answer", "{\"text\":\"?\"}", jeanne.headers(),
                404, "not-found");
        assertEquals("no round \"" + id + "\"", assertRefused("GET", "/api/rounds/{id}", base, null, outsider, 404, "not-found")
                .path("detail").asText(), "a non-member is told the round does not exist");
        assertRefused("PUT", "/api/rounds/{id}/terms/{term}/answer", answer, "{\"text\":\"?\"}", outsider, 404, "not-found");
        assertRefused("GET", "/api/rounds/{id}", base, null, NOBODY, 401, "unauthorized");
        assertRefused("POST", "/api/rounds/{id}/terms/{term}/settle", settle, jeanneAnswers, asFacilitator, 409, "conflict");
        assertRefused("POST", "/api/rounds/{id}/close", base + "/close", null, asFacilitator, 409, "conflict");
        assertRefused("POST", "/api/rounds/{id}/reveal", base + "/reveal", null, diego.headers(), 403, "forbidden");
        assertRefused("POST", "/api/glossaries/{id}/rounds", rounds, "{\"terms\":[\"territoire\"]}", diego.headers(), 403, "forbidden");
        assertRefused("POST", "/api/glossaries/{id}/rounds", rounds, "{\"terms\":[]}", asFacilitator, 400, "bad-request");
        JsonArray tooMany = new JsonArray();
        for (int i = 0; i <= 20; i++) {
            tooMany.add("mot " + i);
        }
        assertRefused("POST", "/api/glossaries/{id}/rounds", rounds, new JsonObject().put("terms", tooMany).encode(), asFacilitator,
                400, "bad-request");
        assertRefused("GET", "/api/glossaries/{id}/rounds", rounds, null, outsider, 404, "not-found");

        JsonNode revealed = assertDocumented("POST", "/api/rounds/{id}/reveal", 200, send("POST", base + "/reveal", null));
        assertEquals("revealed", revealed.path("state").asText());
        JsonNode answers = revealed.path("terms").path(0).path("answers");
        assertEquals("Un statut dérogatoire.", answers.path("jurist").path(0).path("text").asText(), answers.toString());
        assertEquals(diego.id(), answers.path("designer").path(0).path("participant").path("id").asText(), answers.toString());
        assertEquals(0, revealed.path("terms").path(1).path("answers").size(), "a term nobody answered: " + revealed);
        assertRefused("POST", "/api/rounds/{id}/reveal", base + "/reveal", null, asFacilitator, 409, "conflict");
        assertRefused("PUT", "/api/rounds/{id}/terms/{term}/answer", answer, "{\"text\":\"Trop tard.\"}", jeanne.headers(), 409, "conflict");
        assertRefused("POST", "/api/rounds/{id}/terms/{term}/settle", settle, "{\"perspectives\":{}}", asFacilitator, 400, "bad-request");
        assertRefused("POST", "/api/rounds/{id}/terms/{term}/settle", settle, new JsonObject().put("perspectives", new JsonObject()
                .put("inhabitant", new JsonObject().put("from", "guest-w4tq8m2kx7vnp3rb"))).encode(), asFacilitator, 400, "bad-request");
        assertRefused("POST", "/api/rounds/{id}/terms/{term}/settle", settle, jeanneAnswers, diego.headers(), 403, "forbidden");

        JsonNode settled = assertDocumented("POST", "/api/rounds/{id}/terms/{term}/settle", 200, send("POST", settle, new JsonObject()
                .put("perspectives", new JsonObject().put("jurist", new JsonObject().put("from", jeanne.id()))
                        .put("designer", new JsonObject().put("text", "Une mise à l'épreuve auprès des usagers."))).encode()));
        JsonNode settledTerm = settled.path("terms").path(0);
        assertTrue(settledTerm.path("settled").asBoolean(), settledTerm.toString());
        JsonNode entry = assertDocumented("GET", "/api/entries/{id}", 200, send("GET", "/api/entries/" + settledTerm.path("entryId").asText(), null));
        assertEquals("expérimentation", entry.path("term").asText());
        Map<String, String> authors = new java.util.HashMap<>();
        entry.path("definitions").forEach(d -> authors.put(d.path("perspective").asText(), d.path("author").path("id").asText()));
        assertEquals(Map.of("jurist", jeanne.id(), "designer", facilitator().path("id").asText()), authors,
                "a picked answer is its writer's, a text the facilitator's");

        JsonNode closed = assertDocumented("POST", "/api/rounds/{id}/close", 200, send("POST", base + "/close", null));
        assertEquals("closed", closed.path("state").asText());
        assertTrue(closed.path("terms").path(0).has("answers"), "a closed round still shows its answers: " + closed);
        assertRefused("POST", "/api/rounds/{id}/close", base + "/close", null, asFacilitator, 409, "conflict");
        assertRefused("POST", "/api/rounds/{id}/terms/{term}/settle", settle, jeanneAnswers, asFacilitator, 409, "conflict");

        List<String> actions = new ArrayList<>();
        assertDocumented("GET", "/api/workspaces/{ws}/activity", 200, send("GET", "/api/workspaces/" + ws + "/activity", null))
                .path("entries").forEach(e -> actions.add(e.path("action").asText()));
        assertEquals(List.of("round.closed", "round.settled", "glossary.definition-changed", "glossary.definition-changed",
                "glossary.entry-created", "round.revealed", "round.answered", "round.answered", "round.opened"),
                actions.subList(0, 9), actions.toString());
    }

    /** A refusal as documented: the status, a problem of this code; the problem. */
    private static JsonNode assertRefused(String method, String template, String url, String body, Map<String, String> who,
            int status, String code) {
        JsonNode problem = assertDocumented(method, template, status, send(method, url, body, who));
        assertEquals(code, problem.path("code").asText(), method + " " + url + ": " + problem);
        return problem;
    }

    /** Set-up spends the first-start link, so it runs on a store of its own where no user exists yet. */
    @Test
    void accountsAreAsDocumented(@TempDir Path freshStore) {
        try (TestServer fresh = TestServer.start(freshStore)) {
            int port = fresh.port();
            String link = fresh.server().setupLink();
            assertNotNull(link, "a server on an empty store prints a set-up link");
            String token = link.substring(link.indexOf('#') + 1);
            JsonObject form = new JsonObject().put("token", token).put("email", "camille@example.org").put("name", "Camille")
                    .put("password", "correct horse battery");
            assertProblem("POST", "/api/setup", 401, "unauthorized", call(port, "POST", "/api/setup").body(form.copy().put("token", "nope")));
            HttpCall.Answer setUp = call(port, "POST", "/api/setup").body(form).send();
            JsonNode session = documented("POST", "/api/setup", 201, setUp);
            assertTrue(session.path("user").path("facilitator").asBoolean(), "the first account is a facilitator");
            String csrf = session.path("csrfToken").asText();
            String cookie = setUp.sessionCookie();
            assertProblem("POST", "/api/setup", 409, "conflict", call(port, "POST", "/api/setup").body(form));

            documented("POST", "/api/session", 200, call(port, "POST", "/api/session")
                    .body(new JsonObject().put("email", "Camille@example.org").put("password", "correct horse battery")).send());
            assertProblem("POST", "/api/session", 401, "unauthorized", call(port, "POST", "/api/session")
                    .body(new JsonObject().put("email", "camille@example.org").put("password", "wrong password")));
            assertProblem("POST", "/api/session", 400, "bad-request", call(port, "POST", "/api/session").body(new JsonObject()));
            documented("GET", "/api/session", 200, call(port, "GET", "/api/session").cookie(cookie).send());
            assertProblem("GET", "/api/session", 401, "unauthorized", call(port, "GET", "/api/session"));

            JsonNode created = documented("POST", "/api/tokens", 201, call(port, "POST", "/api/tokens").cookie(cookie).csrf(csrf)
                    .body(new JsonObject().put("label", "export")).send());
            String bearer = created.path("token").asText();
            assertProblem("POST", "/api/tokens", 403, "forbidden", call(port, "POST", "/api/tokens").cookie(cookie)
                    .body(new JsonObject().put("label", "export")));
            assertProblem("POST", "/api/tokens", 400, "bad-request", call(port, "POST", "/api/tokens").cookie(cookie).csrf(csrf)
                    .body(new JsonObject().put("label", " ")));
            assertProblem("POST", "/api/tokens", 401, "unauthorized", call(port, "POST", "/api/tokens").bearer(bearer)
                    .body(new JsonObject().put("label", "export")));
            documented("GET", "/api/session", 200, call(port, "GET", "/api/session").bearer(bearer).send());
            documented("GET", "/api/tokens", 200, call(port, "GET", "/api/tokens").bearer(bearer).send());
            assertProblem("GET", "/api/tokens", 401, "unauthorized", call(port, "GET", "/api/tokens"));
            documented("DELETE", "/api/tokens/{id}", 204, call(port, "DELETE", "/api/tokens/" + created.path("id").asText())
                    .cookie(cookie).csrf(csrf).send());
            assertProblem("DELETE", "/api/tokens/{id}", 404, "not-found", call(port, "DELETE", "/api/tokens/nope").cookie(cookie).csrf(csrf));

            assertProblem("POST", "/api/session/password", 401, "unauthorized", call(port, "POST", "/api/session/password").cookie(cookie)
                    .csrf(csrf).body(new JsonObject().put("current", "wrong password").put("new", "staple of the paradigm")));
            documented("POST", "/api/session/password", 204, call(port, "POST", "/api/session/password").cookie(cookie).csrf(csrf)
                    .body(new JsonObject().put("current", "correct horse battery").put("new", "staple of the paradigm")).send());
            assertProblem("DELETE", "/api/session", 403, "forbidden", call(port, "DELETE", "/api/session").cookie(cookie));
            documented("DELETE", "/api/session", 204, call(port, "DELETE", "/api/session").cookie(cookie).csrf(csrf).send());
            assertProblem("DELETE", "/api/session", 401, "unauthorized", call(port, "DELETE", "/api/session").cookie(cookie).csrf(csrf));
        }
    }

    /** Unknown invitation tokens are guesses: on a server of its own, so that the limit blocks no other test. */
    @Test
    void guessingInvitationLinksIsRateLimited(@TempDir Path ownStore) {
        try (TestServer own = TestServer.start(ownStore)) {
            String guess = "/api/invitations/" + "G".repeat(43);
            for (int i = 0; i < 10; i++) {
                assertProblem("GET", "/api/invitations/{token}", 404, "not-found", call(own.port(), "GET", guess));
            }
            HttpCall.Answer blocked = call(own.port(), "GET", guess).send();
            assertEquals("rate-limited", documented("GET", "/api/invitations/{token}", 429, blocked).path("code").asText());
            assertTrue(Long.parseLong(blocked.header("Retry-After")) > 0, "429 says when to try again");
            assertProblem("POST", "/api/invitations/{token}/redeem", 429, "rate-limited", call(own.port(), "POST", guess + "/redeem")
                    .body(new JsonObject().put("name", "Ugo").put("discipline", "designer")));
        }
    }

    private static HttpCall call(String method, String path) {
        return call(server.port(), method, path);
    }

    private static HttpCall call(int port, String method, String path) {
        return HttpCall.to(port, method, path);
    }

    /** As assertDocumented, for an answer with its headers; a 204 must be documented and empty. */
    private static JsonNode documented(String method, String template, int status, HttpCall.Answer answer) {
        if (status == 204) {
            assertEquals(204, answer.status(), method + " " + template + ": " + answer);
            assertFalse(spec.path("paths").path(template).path(method.toLowerCase()).path("responses").path("204").isMissingNode(),
                    method + " " + template + " does not document 204");
            assertTrue(answer.text().isEmpty());
            return null;
        }
        String type = answer.header("content-type");
        return assertDocumented(method, template, status,
                new Answer(answer.status(), type == null ? "" : type.split(";")[0].strip(), answer.text()));
    }

    private static void assertProblem(String method, String template, int status, String code, HttpCall call) {
        JsonNode problem = documented(method, template, status, call.send());
        assertEquals(code, problem.path("code").asText(), method + " " + template);
    }

    @Test
    void anUndocumentedApiOperationIsANotFoundProblem() {
        Answer answer = send("DELETE", "/api/documents/nope", null);
        assertEquals(404, answer.status());
        assertEquals("application/problem+json", answer.mediaType());
        JsonNode problem = parse(answer);
        assertEquals("not-found", problem.path("code").asText());
        assertEquals(List.of(), check(problem, spec.at("/components/schemas/Problem")));
    }

    // --- the people of these tests ------------------------------------------------------------

    /** The store's facilitator, as {@code GET /api/session} shows them to their bearer token. */
    private static JsonNode facilitator() {
        if (facilitator == null) {
            facilitator = parse(send("GET", "/api/session", null)).path("user");
            assertFalse(facilitator.isMissingNode(), "the facilitator's token is a user's");
        }
        return facilitator;
    }

    /** A new account made in the store (there is no sign-up route); its id. */
    private static String account(String email, String name, boolean mayFacilitate) {
        Accounts accounts = new Accounts(server.vertx(), new AccountStore(server.server().database()), Duration.ofDays(14));
        try {
            return accounts.createUser(email, name, "a long test password", mayFacilitate).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS).id();
        } catch (Exception e) {
            throw new AssertionError("could not create " + email, e);
        }
    }

    /** A new invitation made by the facilitator with this body (with its token). */
    private static JsonNode invitation(String ws, String body) {
        Answer made = send("POST", "/api/workspaces/" + ws + "/invitations", body);
        assertEquals(201, made.status(), made.body());
        return parse(made);
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    private static JsonNode byId(JsonNode array, String id) {
        for (JsonNode item : array) {
            if (item.path("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no " + id + " in " + array);
    }

    /** Ordered by {@code time} descending (items made in the same millisecond may come in any order). */
    private static void assertNewestFirst(JsonNode array, String time) {
        for (int i = 1; i < array.size(); i++) {
            assertTrue(array.path(i - 1).path(time).asLong() >= array.path(i).path(time).asLong(), "newest first: " + array);
        }
    }

    @Test
    void aFormBodyIsRefusedUnread() throws Exception {
        // of unknown length (chunked), as the long form that the form decoder refused with a 500;
        // small enough that the server refusing it unread cannot reset the connection under the client
        byte[] form = ("name=" + "a".repeat(1000)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/api/workspaces"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(form)))
                    .header("content-type", type);
            Workshop.bearer(server.facilitatorToken()).forEach(request::header);
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, response.statusCode(), type + ": " + response.body());
            assertTrue(response.body().contains("\"code\":\"bad-request\"") && response.body().contains("forms are not accepted"),
                    response.body());
        }
    }

    // --- helpers ----------------------------------------------------------------------------

    private record Answer(int status, String mediaType, String body) {
    }

    /** A request as the facilitator. */
    private static Answer send(String method, String path, String body) {
        return send(method, path, body, Workshop.bearer(server.facilitatorToken()));
    }

    /** A request with exactly these headers: {@link #NOBODY}'s, a guest's, a bearer token's. */
    private static Answer send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String mediaType = response.headers().firstValue("content-type").orElse("").split(";")[0].strip();
            return new Answer(response.statusCode(), mediaType, response.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }

    /**
     * A WebSocket upgrade request with no credential, written on a socket of its own: the JDK's
     * HttpClient may not send {@code Upgrade} or {@code Connection}. The answer is read up to its
     * {@code content-length}.
     */
    private static Answer upgrade(String path) {
        try (java.net.Socket socket = new java.net.Socket("localhost", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + server.port() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            String status = line(in);
            String mediaType = "";
            int length = 0;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                String[] nameValue = header.split(":", 2);
                String name = nameValue[0].strip().toLowerCase(Locale.ROOT);
                if (name.equals("content-type")) {
                    mediaType = nameValue[1].split(";")[0].strip();
                } else if (name.equals("content-length")) {
                    length = Integer.parseInt(nameValue[1].strip());
                }
            }
            byte[] body = new byte[length];
            in.readFully(body);
            return new Answer(Integer.parseInt(status.split(" ")[1]), mediaType, new String(body, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("upgrade of " + path + " failed", e);
        }
    }

    private static String line(java.io.DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection closed in the middle of the answer's head: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static JsonNode parse(Answer answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + answer.body(), e);
        }
    }

    private static JsonNode assertDocumented(String method, String template, int expectedStatus, Answer answer) {
        assertEquals(expectedStatus, answer.status(), method + " " + template + ": " + answer.body());
        return assertDocumented(method, template, answer);
    }

    /** The answer's status and media type are documented for the operation, and its body matches the schema. */
    private static JsonNode assertDocumented(String method, String template, Answer answer) {
        String what = method + " " + template + " answered " + answer.status() + " " + answer.mediaType();
        JsonNode operation = spec.path("paths").path(template).path(method.toLowerCase());
        assertFalse(operation.isMissingNode(), method + " " + template + " is not in openapi.yaml");
        JsonNode response = operation.path("responses").path(String.valueOf(answer.status()));
        if (response.isMissingNode()) {
            fail(what + ", a status openapi.yaml does not document: " + answer.body());
        }
        JsonNode content = resolve(response).path("content");
        JsonNode media = content.path(answer.mediaType());
        if (media.isMissingNode()) {
            fail(what + "; documented: " + content + "; body: " + answer.body());
        }
        JsonNode body = parse(answer);
        assertEquals(List.of(), check(body, media.path("schema")), what + ": " + answer.body());
        return body;
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        assertTrue(ref.asText().startsWith("#/"), "only local references: " + ref);
        JsonNode target = spec.at(ref.asText().substring(1));
        assertFalse(target.isMissingNode(), "unresolved $ref " + ref);
        return resolve(target);
    }

    private static void forEachNode(JsonNode node, java.util.function.Consumer<JsonNode> visit) {
        if (node.isObject()) {
            visit.accept(node);
        }
        node.forEach(child -> forEachNode(child, visit));
    }

    private static List<String> check(JsonNode value, JsonNode schema) {
        SchemaCheck check = new SchemaCheck();
        check.check(value, schema, "$", true);
        return check.errors;
    }

    /**
     * The part of JSON Schema 2020-12 that openapi.yaml uses, strictly: an object may hold only the
     * properties its schema declares (unless it says {@code additionalProperties: true}, or is a map
     * whose values {@code additionalProperties} describes), and a keyword this checker does not know
     * is an error rather than silently unchecked.
     */
    private static final class SchemaCheck {
        private static final Set<String> ANNOTATIONS = Set.of("description", "title", "examples", "format", "$comment", "default");
        final List<String> errors = new ArrayList<>();

        void check(JsonNode value, JsonNode schema, String at, boolean outermost) {
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> keyword = it.next();
                JsonNode arg = keyword.getValue();
                switch (keyword.getKey()) {
                    case "$ref" -> check(value, resolve(schema), at, false);
                    case "allOf" -> arg.forEach(s -> check(value, s, at, false));
                    case "oneOf", "anyOf" -> {
                        int matches = 0;
                        for (JsonNode s : arg) {
                            matches += OpenApiTest.check(value, s).isEmpty() ? 1 : 0;
                        }
                        if (keyword.getKey().equals("oneOf") ? matches != 1 : matches == 0) {
                            errors.add(at + ": " + value + " matches " + matches + " of " + keyword.getKey() + " " + arg);
                        }
                    }
                    case "type" -> {
                        boolean ok = false;
                        for (JsonNode t : arg.isArray() ? arg : JSON.createArrayNode().add(arg)) {
                            ok |= hasType(value, t.asText());
                        }
                        if (!ok) {
                            errors.add(at + ": " + value + " is not of type " + arg);
                        }
                    }
                    case "const" -> {
                        if (!same(value, arg)) {
                            errors.add(at + ": " + value + " is not " + arg);
                        }
                    }
                    case "enum" -> {
                        boolean ok = false;
                        for (JsonNode option : arg) {
                            ok |= same(value, option);
                        }
                        if (!ok) {
                            errors.add(at + ": " + value + " is not one of " + arg);
                        }
                    }
                    case "properties" -> arg.fields().forEachRemaining(p -> {
                        if (value.isObject() && value.has(p.getKey())) {
                            check(value.get(p.getKey()), p.getValue(), at + "." + p.getKey(), true);
                        }
                    });
                    case "required" -> arg.forEach(name -> {
                        if (value.isObject() && !value.has(name.asText())) {
                            errors.add(at + ": missing required property " + name);
                        }
                    });
                    case "additionalProperties" -> {
                        if (arg.isObject() && value.isObject()) { // a map: every property not named in properties
                            value.fields().forEachRemaining(p -> {
                                if (!schema.path("properties").has(p.getKey())) {
                                    check(p.getValue(), arg, at + "." + p.getKey(), true);
                                }
                            });
                        } else if (!arg.isBoolean() && !arg.isObject()) {
                            errors.add(at + ": additionalProperties must be a boolean or a schema");
                        }
                    }
                    case "propertyNames" -> {
                        if (value.isObject()) {
                            value.fieldNames().forEachRemaining(name ->
                                    check(JSON.getNodeFactory().textNode(name), arg, at + " (the name " + name + ")", true));
                        }
                    }
                    case "minProperties" -> {
                        if (value.isObject() && value.size() < arg.asInt()) {
                            errors.add(at + ": " + value.size() + " properties breaks minProperties " + arg);
                        }
                    }
                    case "items" -> {
                        for (int i = 0; i < value.size() && value.isArray(); i++) {
                            check(value.get(i), arg, at + "[" + i + "]", true);
                        }
                    }
                    case "prefixItems" -> {
                        for (int i = 0; i < Math.min(value.size(), arg.size()) && value.isArray(); i++) {
                            check(value.get(i), arg.get(i), at + "[" + i + "]", true);
                        }
                    }
                    case "minItems", "maxItems" -> {
                        if (value.isArray() && (keyword.getKey().startsWith("min") ? value.size() < arg.asInt() : value.size() > arg.asInt())) {
                            errors.add(at + ": " + value.size() + " items breaks " + keyword.getKey() + " " + arg);
                        }
                    }
                    case "minLength", "maxLength" -> {
                        int length = value.isTextual() ? value.asText().codePointCount(0, value.asText().length()) : -1;
                        if (length >= 0 && (keyword.getKey().startsWith("min") ? length < arg.asInt() : length > arg.asInt())) {
                            errors.add(at + ": length " + length + " breaks " + keyword.getKey() + " " + arg);
                        }
                    }
                    case "minimum", "maximum" -> {
                        if (value.isNumber() && (keyword.getKey().equals("minimum")
                                ? value.decimalValue().compareTo(arg.decimalValue()) < 0
                                : value.decimalValue().compareTo(arg.decimalValue()) > 0)) {
                            errors.add(at + ": " + value + " breaks " + keyword.getKey() + " " + arg);
                        }
                    }
                    case "pattern" -> {
                        if (value.isTextual() && !Pattern.compile(arg.asText()).matcher(value.asText()).find()) {
                            errors.add(at + ": " + value + " does not match " + arg);
                        }
                    }
                    default -> {
                        if (!ANNOTATIONS.contains(keyword.getKey())) {
                            errors.add(at + ": this test does not understand the keyword " + keyword.getKey());
                        }
                    }
                }
            }
            if (outermost && value.isObject()) {
                Set<String> declared = declaredProperties(schema);
                if (declared != null) {
                    value.fieldNames().forEachRemaining(name -> {
                        if (!declared.contains(name)) {
                            errors.add(at + ": undocumented property " + name);
                        }
                    });
                }
            }
        }

        /**
         * The properties an object may hold under this schema; null when any property is allowed
         * (a map's, whose values {@code additionalProperties} checks, included).
         */
        private static Set<String> declaredProperties(JsonNode schema) {
            schema = resolve(schema);
            if (schema.path("additionalProperties").asBoolean(false) || schema.path("additionalProperties").isObject()
                    || schema.has("oneOf") || schema.has("anyOf")) {
                return null;
            }
            Set<String> declared = new HashSet<>();
            schema.path("properties").fieldNames().forEachRemaining(declared::add);
            for (JsonNode part : schema.path("allOf")) {
                Set<String> more = declaredProperties(part);
                if (more == null) {
                    return null;
                }
                declared.addAll(more);
            }
            return declared;
        }

        private static boolean hasType(JsonNode value, String type) {
            return switch (type) {
                case "object" -> value.isObject();
                case "array" -> value.isArray();
                case "string" -> value.isTextual();
                case "integer" -> value.isIntegralNumber();
                case "number" -> value.isNumber();
                case "boolean" -> value.isBoolean();
                case "null" -> value.isNull();
                default -> throw new AssertionError("unknown type " + type);
            };
        }

        private static boolean same(JsonNode a, JsonNode b) {
            return a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) == 0 : a.equals(b);
        }
    }
}
