package io.cahier.workspaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.testing.HttpCall;
import io.cahier.testing.TestServer;
import io.cahier.testing.TestWs;
import io.cahier.testing.Workshop;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invitation links, guests, members and the activity journal on a real server and store:
 * redeeming, the limits of a link (expiry, uses, revocation, forgery, guessing), role changes and
 * removals that close live connections at once, the last facilitator, and the journal that
 * records every change.
 */
class InvitationsTest {

    @TempDir
    Path dataDir;
    private TestServer server;
    private String ws;

    @BeforeEach
    void start() {
        server = TestServer.start(dataDir);
        ws = server.createWorkspace("Atelier Lyon");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpCall.Answer redeem(String token, String name, String discipline) {
        return HttpCall.to(server.port(), "POST", "/api/invitations/" + token + "/redeem")
                .body(new JsonObject().put("name", name).put("discipline", discipline)).send();
    }

    private JsonObject invitation(JsonObject body) {
        TestServer.Response created = server.post("/api/workspaces/" + ws + "/invitations", body);
        assertEquals(201, created.status(), created.toString());
        return created.json();
    }

    @Test
    void aGuestJoinsFromALinkWithANameAndADisciplineAndIsAMemberWithItsRole() {
        JsonObject created = invitation(new JsonObject().put("role", "annotator").put("label", "Atelier du 3 mars")
                .put("expiresInHours", 2).put("maxUses", 3));
        String token = created.getString("token");
        assertTrue(created.getString("link").endsWith("/i/" + token), created.getString("link"));
        assertEquals("active", created.getString("state"));

        HttpCall.Answer preview = HttpCall.to(server.port(), "GET", "/api/invitations/" + token).send();
        assertEquals(200, preview.status(), preview.toString());
        assertEquals("Atelier Lyon", preview.json().getJsonObject("workspace").getString("name"));
        assertEquals("annotator", preview.json().getString("role"));
        assertTrue(preview.json().getJsonArray("disciplines").contains("public-agent"));

        assertEquals(400, redeem(token, "Inès", "astrologer").status(), "a discipline the workspace does not have");
        assertEquals(400, redeem(token, " ", "jurist").status(), "a name is needed");
        HttpCall.Answer joined = redeem(token, "Inès", "jurist");
        assertEquals(200, joined.status(), joined.toString());
        assertNotNull(joined.sessionCookie(), "a guest session");
        JsonObject participant = joined.json().getJsonObject("participant");
        assertEquals("guest", participant.getString("kind"));
        assertEquals("annotator", participant.getString("role"));
        assertEquals("jurist", participant.getString("discipline"));
        assertEquals("annotator", joined.json().getJsonObject("workspace").getString("role"));

        Workshop.Guest ines = new Workshop.Guest(participant.getString("id"), "Inès", "cahier_session=" + joined.sessionCookie(),
                joined.json().getString("csrfToken"));
        TestServer.Response me = server.request("GET", "/api/session", null, ines.headers());
        assertEquals(new JsonObject().put("id", ines.id()).put("name", "Inès"), me.json().getJsonObject("guest"));
        JsonArray mine = server.request("GET", "/api/workspaces", null, ines.headers()).array();
        assertEquals(1, mine.size(), "a guest sees the workspaces they joined, no other");
        assertEquals(403, server.request("POST", "/api/workspaces/" + ws + "/documents",
                new JsonObject().put("title", "Note").put("kind", "note").encode(), ines.headers()).status(), "an annotator does not write");
        assertEquals(403, server.request("GET", "/api/tokens", null, ines.headers()).status(), "guests have no tokens");

        // one use taken; the members list shows her; the facilitator sees emails, members do not
        JsonArray invitations = server.get("/api/workspaces/" + ws + "/invitations").array();
        assertEquals(1, invitations.getJsonObject(0).getLong("uses"));
        assertNull(invitations.getJsonObject(0).getValue("token"), "a token is shown once");
        JsonArray members = server.request("GET", "/api/workspaces/" + ws + "/members", null, ines.headers()).array();
        assertEquals(2, members.size());
        assertTrue(members.stream().map(JsonObject.class::cast).noneMatch(m -> m.containsKey("email")), "emails are for facilitators");
        assertTrue(server.get("/api/workspaces/" + ws + "/members").array().stream().map(JsonObject.class::cast)
                .anyMatch(m -> m.containsKey("email")));
    }

    @Test
    void aLinkStopsWorkingWhenUsedUpRevokedOrExpiredAndForgedLinksAreUnknown() {
        String token = invitation(new JsonObject().put("role", "editor").put("maxUses", 2)).getString("token");
        assertEquals(200, redeem(token, "A", "designer").status());
        assertEquals(200, redeem(token, "B", "designer").status());
        HttpCall.Answer usedUp = redeem(token, "C", "designer");
        assertEquals(410, usedUp.status(), usedUp.toString());
        assertTrue(usedUp.json().getString("detail").contains("used as many times"), usedUp.toString());
        assertEquals(410, HttpCall.to(server.port(), "GET", "/api/invitations/" + token).send().status());

        JsonObject revoked = invitation(new JsonObject().put("role", "editor"));
        assertEquals(204, server.request("DELETE", "/api/workspaces/" + ws + "/invitations/" + revoked.getString("id"), null).status());
        assertEquals(404, server.request("DELETE", "/api/workspaces/" + ws + "/invitations/" + revoked.getString("id"), null).status(),
                "revoked once");
        HttpCall.Answer refused = redeem(revoked.getString("token"), "D", "designer");
        assertEquals(410, refused.status());
        assertTrue(refused.json().getString("detail").contains("revoked"), refused.toString());

        JsonObject expiring = invitation(new JsonObject().put("role", "editor"));
        execute("UPDATE invitations SET expires_at = 1 WHERE id = '" + expiring.getString("id") + "'");
        HttpCall.Answer expired = redeem(expiring.getString("token"), "E", "designer");
        assertEquals(410, expired.status());
        assertTrue(expired.json().getString("detail").contains("expired"), expired.toString());

        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        assertEquals(404, redeem(forged, "F", "designer").status());
        assertEquals(404, redeem("not-a-token", "F", "designer").status());
        assertEquals(3, server.get("/api/workspaces/" + ws + "/members").array().size(), "only A and B joined, with the facilitator");
    }

    @Test
    void guessingInvitationLinksIsRateLimited() {
        int refusedAt = -1;
        for (int i = 0; i < 30 && refusedAt < 0; i++) {
            HttpCall.Answer guess = redeem(Workshop.class.getSimpleName() + "guess" + "x".repeat(30) + i, "Mallory", "designer");
            if (guess.status() == 429) {
                refusedAt = i;
                assertNotNull(guess.header("Retry-After"));
            } else {
                assertEquals(404, guess.status(), guess.toString());
            }
        }
        assertEquals(WorkspaceRoutes.REDEEM_FAILURES_PER_ADDRESS, refusedAt, "the guesses allowed before 429");
        String token = invitation(new JsonObject().put("role", "editor")).getString("token");
        assertEquals(429, redeem(token, "Mallory", "designer").status(), "even a right link waits while the address is blocked");
        assertEquals(429, HttpCall.to(server.port(), "GET", "/api/invitations/" + token).send().status());
    }

    @Test
    void removingAParticipantClosesTheirConnectionAtOnceAndEndsTheirSession() throws Exception {
        String doc = server.createDocument("note");
        Workshop.Guest bruno = server.guest("Bruno");
        try (TestWs socket = TestWs.connect(server.port(), null, bruno.headers())) {
            socket.send(new JsonObject().put("type", "join").put("doc", doc)).next("joined");
            long before = System.nanoTime();
            assertEquals(204, server.request("DELETE", "/api/workspaces/" + server.workspace() + "/members/" + bruno.id(), null).status());
            assertEquals(4003, socket.awaitClose(), "removed: the socket closes with 4003");
            assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(5));
        }
        assertEquals(401, server.request("GET", "/api/session", null, bruno.headers()).status(),
                "a guest removed from their last workspace has no session left");
        assertEquals(404, server.request("DELETE", "/api/workspaces/" + server.workspace() + "/members/" + bruno.id(), null).status());
    }

    @Test
    void aChangeWhoseAnnouncementWasLostStillClosesTheConnectionAtTheNextCheck() {
        String doc = server.createDocument("note");
        Workshop.Guest dora = server.guest("Dora");
        try (TestWs socket = TestWs.connect(server.port(), null, dora.headers());
                TestWs second = TestWs.connect(server.port(), null, dora.headers())) {
            socket.send(new JsonObject().put("type", "join").put("doc", doc)).next("joined");
            second.send(new JsonObject().put("type", "join").put("doc", doc)).next("joined");
            server.server().recheckConnections();
            socket.send(new JsonObject().put("type", "ping"));
            socket.next("pong"); // unchanged rights: the socket stays
            execute("UPDATE members SET role = 'observer' WHERE participant_id = '" + dora.id() + "'"); // no announcement
            server.server().recheckConnections();
            // one reading of Dora's role serves both of her connections
            assertEquals(4003, socket.awaitClose());
            assertEquals(4003, second.awaitClose());
        }
    }

    @Test
    void redeemingTwiceAtOnceMakesOneMembership() throws Exception {
        Workshop.Guest eva = server.guest("Eva");
        String other = server.createWorkspace("Atelier Lille");
        String token = server.invite(other, "editor");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> HttpCall.to(server.port(), "POST", "/api/invitations/" + token + "/redeem")
                        .header("Cookie", eva.cookie()).csrf(eva.csrf()).body(new JsonObject().put("discipline", "jurist")).send().status()));
            }
            for (java.util.concurrent.Future<Integer> answer : answers) {
                assertEquals(200, answer.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdown();
        }
        long evas = server.get("/api/workspaces/" + other + "/members").array().stream().map(JsonObject.class::cast)
                .filter(m -> m.getString("id").equals(eva.id())).count();
        assertEquals(1, evas);
    }

    @Test
    void aRoleChangeClosesTheConnectionAndTheNextOneHoldsTheNewRole() {
        String doc = server.createDocument("note");
        Workshop.Guest camille = server.guest("Camille");
        try (TestWs socket = TestWs.connect(server.port(), null, camille.headers())) {
            assertEquals("editor", socket.send(new JsonObject().put("type", "join").put("doc", doc)).next("joined").getString("role"));
            TestServer.Response changed = server.request("PATCH", "/api/workspaces/" + server.workspace() + "/members/" + camille.id(),
                    new JsonObject().put("role", "observer").put("discipline", "economist").encode());
            assertEquals(200, changed.status(), changed.toString());
            assertEquals("observer", changed.json().getString("role"));
            assertEquals("economist", changed.json().getString("discipline"));
            assertEquals(4003, socket.awaitClose());
        }
        try (TestWs socket = TestWs.connect(server.port(), null, camille.headers())) {
            JsonObject joined = socket.send(new JsonObject().put("type", "join").put("doc", doc)).next("joined");
            assertEquals("observer", joined.getString("role"));
            socket.send(new JsonObject().put("type", "op").put("doc", doc).put("rev", joined.getLong("rev"))
                    .put("op", new JsonArray().add("x")).put("client", "camille").put("seq", 1));
            assertEquals("forbidden", socket.next("error").getString("code"));
            TestServer.Response kept = server.request("PATCH", "/api/workspaces/" + server.workspace() + "/members/" + camille.id(),
                    new JsonObject().put("role", "observer").encode());
            assertEquals("economist", kept.json().getString("discipline"), "a discipline not given is kept");
            TestServer.Response cleared = server.request("PATCH", "/api/workspaces/" + server.workspace() + "/members/" + camille.id(),
                    new JsonObject().putNull("discipline").encode());
            assertNull(cleared.json().getValue("discipline"), "null clears it");
            assertEquals(4003, socket.awaitClose(), "the discipline is part of what a socket holds");
        }
    }

    @Test
    void aWorkspaceKeepsAFacilitatorAndAccountsAreAddedByEmail() {
        String facilitator = server.get("/api/session").json().getJsonObject("user").getString("id");
        TestServer.Response demote = server.request("PATCH", "/api/workspaces/" + ws + "/members/" + facilitator,
                new JsonObject().put("role", "editor").encode());
        assertEquals(409, demote.status(), demote.toString());
        assertEquals(409, server.request("DELETE", "/api/workspaces/" + ws + "/members/" + facilitator, null).status());

        Workshop.account(server.vertx(), server.server().database(), "lea@example.org", "Léa");
        TestServer.Response added = server.post("/api/workspaces/" + ws + "/members",
                new JsonObject().put("email", "LEA@example.org").put("role", "facilitator").put("discipline", "researcher"));
        assertEquals(201, added.status(), added.toString());
        assertEquals("lea@example.org", added.json().getString("email"));
        assertEquals(409, server.post("/api/workspaces/" + ws + "/members",
                new JsonObject().put("email", "lea@example.org").put("role", "editor")).status(), "a member already");
        assertEquals(404, server.post("/api/workspaces/" + ws + "/members",
                new JsonObject().put("email", "nobody@example.org").put("role", "editor")).status());
        assertEquals(400, server.post("/api/workspaces/" + ws + "/members",
                new JsonObject().put("email", "lea@example.org").put("role", "boss")).status());
        // with a second facilitator, the first may step down
        assertEquals(200, server.request("PATCH", "/api/workspaces/" + ws + "/members/" + facilitator,
                new JsonObject().put("role", "editor").encode()).status());
    }

    @Test
    void everyMembershipRoleAndInvitationChangeIsInTheJournal() {
        TestServer.Response discipline = server.post("/api/workspaces/" + ws + "/disciplines", new JsonObject().put("name", "urbaniste"));
        assertEquals(200, discipline.status(), discipline.toString());
        assertTrue(discipline.json().getJsonArray("disciplines").contains("urbaniste"));
        assertEquals(409, server.post("/api/workspaces/" + ws + "/disciplines", new JsonObject().put("name", "urbaniste")).status());
        JsonObject created = invitation(new JsonObject().put("role", "editor"));
        Workshop.Guest guest = Workshop.join(server.port(), created.getString("token"), "Dana", "urbaniste");
        server.request("PATCH", "/api/workspaces/" + ws + "/members/" + guest.id(), new JsonObject().put("role", "observer").encode());
        server.request("DELETE", "/api/workspaces/" + ws + "/invitations/" + created.getString("id"), null);
        server.request("DELETE", "/api/workspaces/" + ws + "/members/" + guest.id(), null);

        List<String> actions = new ArrayList<>();
        String next = "/api/workspaces/" + ws + "/activity?limit=2";
        while (next != null) {
            JsonObject page = server.get(next).json();
            page.getJsonArray("entries").forEach(e -> actions.add(((JsonObject) e).getString("action")));
            next = page.getString("next");
        }
        assertEquals(List.of("member.removed", "invitation.revoked", "member.changed", "invitation.redeemed", "invitation.created",
                "discipline.added", "invitation.created", "workspace.created"), actions,
                "newest first, every change, across pages (the test server's own invitation included)");
        JsonObject changed = server.get("/api/workspaces/" + ws + "/activity").json().getJsonArray("entries").getJsonObject(2);
        assertEquals("Facilitator", changed.getJsonObject("actor").getString("name"));
        assertEquals(guest.id(), changed.getString("subject"));
        assertEquals("observer", changed.getJsonObject("details").getString("role"));
        assertEquals("editor", changed.getJsonObject("details").getJsonObject("before").getString("role"));
    }

    private void execute(String sql) {
        try {
            server.server().database().pool().query(sql).execute().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(sql, e);
        }
    }
}
