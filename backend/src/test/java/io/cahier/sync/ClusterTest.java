package io.cahier.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cahier.client.RestClient;
import io.cahier.client.SyncClient;
import io.cahier.client.SyncClientOptions;
import io.cahier.testing.ServerProcess;
import io.cahier.testing.TcpProxy;
import io.cahier.testing.TestStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several server processes on one PostgreSQL database, with no sticky sessions: clients of the
 * same documents spread over the nodes converge, every node's stream of operations reaches its
 * clients in order with no gap (a client reports any violation), nothing acknowledged is lost
 * when a node is killed, the database is cut off for a while (a TCP relay that drops and refuses
 * connections) or really restarted (a throwaway PostgreSQL of its own, pg_ctl restart). Runs in
 * the PostgreSQL pass only.
 * The seed is in every failure message; rerun one with {@code -Dcahier.seed=N}.
 */
class ClusterTest {

    private static final String HOST = "localhost";

    @TempDir
    Path dataDir;
    @TempDir
    Path logs;

    private final Vertx vertx = Vertx.vertx();
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final List<SyncClient> clients = new ArrayList<>();
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();
    private final Set<String> acked = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @org.junit.jupiter.api.BeforeEach
    void needsASharedStore() {
        // Nodes share a PostgreSQL database; the SQLite pass excludes this class, and a -Dtest
        // that names it there (excludes no longer apply) skips rather than runs nodes on one file.
        org.junit.jupiter.api.Assumptions.assumeTrue(TestStore.postgres(), "cluster tests run in the PostgreSQL pass");
    }

    private String invitation;
    private final java.util.Map<SyncClient, io.cahier.client.Credential> credentials = new java.util.concurrent.ConcurrentHashMap<>();

    @AfterEach
    void stop() throws Exception {
        for (SyncClient client : clients) {
            client.close();
        }
        for (ServerProcess node : nodes) {
            node.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void clientsSpreadOverThreeNodesConverge() throws Exception {
        long seed = Long.getLong("cahier.seed", System.nanoTime());
        String context = "three nodes, seed " + seed;
        Random random = new Random(seed);
        for (int i = 0; i < 3; i++) {
            startNode(List.of());
        }
        RestClient rest = rest(nodes.get(0));
        String workspace = workspace(rest, "Cluster");
        List<String> docs = List.of(await(rest.createDocument(workspace, "Shared A", "paper")),
                await(rest.createDocument(workspace, "Shared B", "note")));
        for (int i = 0; i < 9; i++) {
            SyncClient client = client("Typist " + i, nodes.get(i % 3).port(), SyncClientOptions.defaults());
            for (String doc : docs) {
                await(client.join(doc));
            }
        }
        List<Future<Integer>> typing = new ArrayList<>();
        for (SyncClient client : clients) {
            for (String doc : docs) {
                typing.add(RandomEdits.type(vertx, client, doc, new Random(random.nextLong()), 30, 15));
            }
        }
        await(Future.all(typing));
        for (String doc : docs) {
            Convergence.Outcome outcome = await(Convergence.check(rest, doc, clients, context));
            Convergence.assertEverySubmissionLoggedOnce(outcome, clients, context);
        }
        assertTrue(problems.isEmpty(), context + ": " + problems);
        Set<String> nodeIds = new HashSet<>();
        for (ServerProcess node : nodes) {
            JsonObject health = health(node.port());
            assertEquals("postgresql", health.getString("store"));
            assertTrue(health.getBoolean("listening"), "node " + health.getString("node") + " listens");
            nodeIds.add(health.getString("node"));
        }
        assertEquals(3, nodeIds.size(), "every node has its own id");
    }

    @Test
    void twoNodesSequencingTheSameDocumentsAtFullSpeedLoseAndDuplicateNothing() throws Exception {
        long seed = Long.getLong("cahier.seed", System.nanoTime());
        String context = "race, seed " + seed;
        Random random = new Random(seed);
        startNode(List.of("--op-rate", "100000", "--op-burst", "100000"));
        startNode(List.of("--op-rate", "100000", "--op-burst", "100000"));
        RestClient rest = rest(nodes.get(0));
        String workspace = workspace(rest, "Race");
        // Two documents raced at once: each node's batches claim both, so claims taken in
        // different orders would deadlock the two nodes' transactions.
        List<String> docs = List.of(await(rest.createDocument(workspace, "Raced A", "note")),
                await(rest.createDocument(workspace, "Raced B", "note")));
        for (int i = 0; i < 12; i++) {
            SyncClient client = client("Racer " + i, nodes.get(i % 2).port(), SyncClientOptions.defaults());
            for (String doc : docs) {
                await(client.join(doc));
            }
        }
        List<Future<Integer>> typing = new ArrayList<>();
        for (SyncClient client : clients) {
            for (String doc : docs) {
                typing.add(RandomEdits.type(vertx, client, doc, new Random(random.nextLong()), 60, 0));
            }
        }
        await(Future.all(typing));
        for (String doc : docs) {
            Convergence.Outcome outcome = await(Convergence.check(rest, doc, clients, context));
            Convergence.assertEverySubmissionLoggedOnce(outcome, clients, context);
        }
        assertTrue(problems.isEmpty(), context + ": " + problems);
        long lost = 0;
        for (int n = 0; n < nodes.size(); n++) {
            lost += health(nodes.get(n).port()).getJsonObject("commits").getLong("lostRaces");
            String log = java.nio.file.Files.readString(logs.resolve("node-" + n + ".log"));
            assertTrue(!log.contains("deadlock"), context + ": node " + n + " met a deadlock:\n" + log);
        }
        assertTrue(lost > 0, context + ": the nodes raced for revisions (lost races: " + lost + ")");
    }

    @Test
    void clientsOfAKilledNodeResumeOnAnotherAndNothingAckedIsLost() throws Exception {
        long seed = Long.getLong("cahier.seed", System.nanoTime());
        String context = "node kill, seed " + seed;
        Random random = new Random(seed);
        ServerProcess doomed = startNode(List.of());
        ServerProcess survivor = startNode(List.of());
        RestClient rest = rest(survivor);
        String doc = await(rest.createDocument(workspace(rest, "Kill"), "Survives", "note"));
        SyncClientOptions manual = SyncClientOptions.defaults().withAutoReconnect(false);
        for (int i = 0; i < 8; i++) {
            ServerProcess node = i % 2 == 0 ? doomed : survivor;
            SyncClient client = client("Typist " + i, node.port(), manual);
            await(client.join(doc));
            if (node == doomed) {
                // The load balancer sends the reconnecting client to a node that is up.
                client.connectionHandler(change -> {
                    if (!change.connected()) {
                        vertx.setTimer(100, t -> client.connect(HOST, survivor.port(), credentials.get(client))
                                .onFailure(e -> problems.add(client.clientId() + " could not move: " + e)));
                    }
                });
            }
        }
        typeThrough(rest, doc, random, 60, doomed::kill, context);
    }

    @Test
    void databaseCutOffDuringLoadAnswersUnavailableAndLosesNothing() throws Exception {
        String direct = TestStore.databaseUrl(dataDir);
        URI url = URI.create(direct.replaceFirst("^postgres(ql)?://", "http://"));
        try (TcpProxy database = new TcpProxy(url.getHost(), url.getPort())) {
            String proxied = direct.replace(":" + url.getPort() + "/", ":" + database.port() + "/");
            Queue<String> unavailable = typeThroughAFault("database cut off", proxied, () -> {
                database.cut();
                Thread.sleep(2500);
                database.restore();
            });
            assertTrue(!unavailable.isEmpty(), "the outage was answered with unavailable");
        }
    }

    /** A real PostgreSQL (a throwaway cluster of its own) restarted with pg_ctl while two nodes take load. */
    @Test
    void databaseRestartedDuringLoadLosesNothing() throws Exception {
        Path script = Path.of("").toAbsolutePath().getParent().resolve("scripts/lib/pg-restartable");
        Process postgres = new ProcessBuilder("bash", script.toString())
                .redirectError(logs.resolve("postgres.log").toFile())
                .start();
        try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(postgres.getInputStream()));
                java.io.Writer in = new java.io.OutputStreamWriter(postgres.getOutputStream())) {
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("url "), "the throwaway PostgreSQL started: " + first
                    + " (see " + logs.resolve("postgres.log") + ")");
            String admin = first.substring(4);
            TestStore.execute(admin, "CREATE DATABASE cahier_restart");
            String restarted = admin.replaceFirst("/[^/]*$", "/cahier_restart");
            typeThroughAFault("database restarted", restarted, () -> {
                in.write("restart\n");
                in.flush();
                assertEquals("restarted", out.readLine(), "pg_ctl restart");
            });
            for (int n = 0; n < nodes.size(); n++) {
                String log = java.nio.file.Files.readString(logs.resolve("node-" + n + ".log"));
                assertTrue(log.contains("lost the connection that listens to the other nodes"),
                        "node " + n + " noticed the restart (its listening connection died) and reconnected");
            }
        } finally {
            postgres.getOutputStream().close();
            if (!postgres.waitFor(60, TimeUnit.SECONDS)) {
                postgres.destroyForcibly();
            }
        }
    }

    private interface Fault {
        void happen() throws Exception;
    }

    /**
     * Two nodes on {@code dbUrl}, six typists; {@code fault} happens 400 ms into their
     * typing. Afterwards every client converges, every submission is in the log once, every
     * acknowledged one among them, the nodes listen again. Returns who was answered unavailable.
     */
    private Queue<String> typeThroughAFault(String what, String dbUrl, Fault fault) throws Exception {
        long seed = Long.getLong("cahier.seed", System.nanoTime());
        String context = what + ", seed " + seed;
        Random random = new Random(seed);
        startNode(List.of("--db-url", dbUrl));
        startNode(List.of("--db-url", dbUrl));
        RestClient rest = rest(nodes.get(0));
        String doc = await(rest.createDocument(workspace(rest, "Outage"), "Outlives", "note"));
        Queue<String> unavailable = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < 6; i++) {
            SyncClient client = client("Typist " + i, nodes.get(i % 2).port(), SyncClientOptions.defaults());
            await(client.join(doc));
            client.errorHandler(e -> {
                if ("unavailable".equals(e.code())) {
                    unavailable.add(client.clientId());
                } else {
                    problems.add(client.clientId() + " got error " + e);
                }
            });
        }
        typeThrough(rest, doc, random, 150, fault, context);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ServerProcess node : nodes) {
            while (!health(node.port()).getBoolean("listening") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(health(node.port()).getBoolean("listening"), context + ": the node listens again");
        }
        return unavailable;
    }

    @Test
    void participantsAndCaretsReachClientsOfOtherNodes() throws Exception {
        ServerProcess first = startNode(List.of());
        ServerProcess second = startNode(List.of());
        RestClient rest = rest(first);
        String workspace = workspace(rest, "Presence");
        String doc = await(rest.createDocument(workspace, "Carets", "paper"));
        SyncClient ana = client("Ana", "jurist", first.port(), SyncClientOptions.defaults());
        await(ana.join(doc));
        SyncClient bruno = client("Bruno", second.port(), SyncClientOptions.defaults());
        java.util.concurrent.BlockingQueue<Object> seenByBruno = new java.util.concurrent.LinkedBlockingQueue<>();
        bruno.joinedHandler(joined -> joined.participants().forEach(seenByBruno::add));
        bruno.participantHandler(seenByBruno::add);
        bruno.presenceHandler(seenByBruno::add);
        java.util.concurrent.BlockingQueue<Object> seenByAna = new java.util.concurrent.LinkedBlockingQueue<>();
        ana.participantHandler(seenByAna::add);
        ana.presenceHandler(seenByAna::add);
        await(bruno.join(doc));

        Object anaForBruno = awaitSeen(seenByBruno, o -> o.toString().contains(ana.clientId()) && o.toString().contains("jurist"),
                "Bruno (second node) sees Ana (first node) with her discipline");
        assertTrue(anaForBruno != null);
        awaitSeen(seenByAna, o -> o instanceof io.cahier.client.ServerMessage.Participant p
                && p.client().equals(bruno.clientId()) && p.state().equals("joined"), "Ana sees Bruno join on the other node");

        await(ana.presence(doc, 3, 8));
        awaitSeen(seenByBruno, o -> o instanceof io.cahier.client.ServerMessage.Presence p && p.client().equals(ana.clientId())
                && p.selection() != null && p.selection().anchor() == 3 && p.selection().head() == 8, "Bruno sees Ana's selection 3..8");

        // A glossary attached on the first node: Bruno, on the second, hears it at once.
        java.util.concurrent.BlockingQueue<Object> unknownToBruno = new java.util.concurrent.LinkedBlockingQueue<>();
        bruno.unknownHandler(unknownToBruno::add);
        JsonObject glossary = post(first.port(), "/api/workspaces/" + workspace + "/glossaries", new JsonObject().put("name", "Vocabulaire"));
        io.cahier.testing.HttpCall.Answer attached = io.cahier.testing.HttpCall.to(first.port(), "PUT",
                "/api/glossaries/" + glossary.getString("id") + "/documents/" + doc).bearer(facilitatorToken()).send();
        assertEquals(200, attached.status(), attached.text());
        awaitSeen(unknownToBruno, o -> o.toString().contains("\"glossary\"") && o.toString().contains("attached"),
                "Bruno (second node) hears that a glossary was attached on the first node");

        await(bruno.close());
        awaitSeen(seenByAna, o -> o instanceof io.cahier.client.ServerMessage.Participant p
                && p.client().equals(bruno.clientId()) && p.state().equals("left"), "Ana sees Bruno leave");

        // A node killed without a word: its participants leave once it has missed three beats.
        ServerProcess doomed = startNode(List.of());
        SyncClient carla = client("Carla", doomed.port(), SyncClientOptions.defaults().withAutoReconnect(false));
        await(carla.join(doc));
        awaitSeen(seenByAna, o -> o instanceof io.cahier.client.ServerMessage.Participant p
                && p.client().equals(carla.clientId()) && p.state().equals("joined"), "Ana sees Carla join on a third node");
        long killed = System.nanoTime();
        doomed.kill();
        awaitSeen(seenByAna, o -> o instanceof io.cahier.client.ServerMessage.Participant p
                && p.client().equals(carla.clientId()) && p.state().equals("left"), "Ana sees Carla leave after her node died",
                30);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed);
        assertTrue(seconds >= 10, "a node is given up after three missed beats, not at once (" + seconds + " s)");
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void aParticipantRemovedOnOneNodeIsDisconnectedOnAnother() throws Exception {
        ServerProcess first = startNode(List.of());
        ServerProcess second = startNode(List.of());
        RestClient rest = rest(first);
        String workspace = workspace(rest, "Removal");
        String doc = await(rest.createDocument(workspace, "Membres", "note"));
        io.cahier.testing.Workshop.Guest dora = io.cahier.testing.Workshop.join(second.port(), invitation, "Dora", "inhabitant");
        try (io.cahier.testing.TestWs socket = io.cahier.testing.TestWs.connect(second.port(), null, dora.headers())) {
            socket.send(new JsonObject().put("type", "join").put("doc", doc)).next("joined");
            io.cahier.testing.HttpCall.Answer removed = io.cahier.testing.HttpCall.to(first.port(), "DELETE",
                    "/api/workspaces/" + workspace + "/members/" + dora.id()).bearer(facilitatorToken()).send();
            assertEquals(204, removed.status(), removed.text());
            assertEquals(4003, socket.awaitClose(), "the second node closes the socket of a participant removed on the first");
        }
    }

    private static Object awaitSeen(java.util.concurrent.BlockingQueue<Object> seen, java.util.function.Predicate<Object> wanted,
                                    String what) throws InterruptedException {
        return awaitSeen(seen, wanted, what, 10);
    }

    private static Object awaitSeen(java.util.concurrent.BlockingQueue<Object> seen, java.util.function.Predicate<Object> wanted,
                                    String what, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Object> others = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Object next = seen.poll(100, TimeUnit.MILLISECONDS);
            if (next != null && wanted.test(next)) {
                return next;
            } else if (next != null) {
                others.add(next);
            }
        }
        throw new AssertionError(what + ": not within " + seconds + " s; saw " + others);
    }

    /**
     * Every client types {@code edits} random edits with pauses up to 20 ms; {@code fault} happens
     * 400 ms in. Then every client converges on the server's text, every submission is in the log
     * once, every acknowledged one among them, and nobody saw anything it should not have.
     */
    private void typeThrough(RestClient rest, String doc, Random random, int edits, Fault fault, String context)
            throws Exception {
        List<Future<Integer>> typing = new ArrayList<>();
        for (SyncClient client : clients) {
            typing.add(RandomEdits.type(vertx, client, doc, new Random(random.nextLong()), edits, 20));
        }
        Thread.sleep(400);
        fault.happen();
        await(Future.all(typing));
        Convergence.Outcome outcome = await(Convergence.check(rest, doc, clients, context));
        Convergence.assertEverySubmissionLoggedOnce(outcome, clients, context);
        assertEveryAckLogged(outcome, context);
        assertTrue(problems.isEmpty(), context + ": " + problems);
    }

    private void assertEveryAckLogged(Convergence.Outcome outcome, String context) {
        Set<String> logged = new HashSet<>();
        outcome.log().forEach(op -> logged.add(op.client() + "#" + op.seq() + "@" + op.rev()));
        for (String ack : acked) {
            assertTrue(logged.contains(ack), context + ": acknowledged " + ack + " is in the log");
        }
        assertTrue(!acked.isEmpty(), context + ": something was acknowledged");
    }

    private ServerProcess startNode(List<String> flags) throws Exception {
        int port = ServerProcess.freePort();
        ServerProcess node = ServerProcess.start(dataDir, port, logs.resolve("node-" + nodes.size() + ".log"), flags);
        nodes.add(node);
        return node;
    }

    /**
     * The store's facilitator on {@code node}: the first node of a test prints the set-up link,
     * which makes them.
     */
    private RestClient rest(ServerProcess node) {
        return new RestClient(vertx, HOST, node.port(), io.cahier.client.Credential.bearer(facilitatorToken()));
    }

    /** A new workspace, with an editor invitation its typists join from. */
    private String workspace(RestClient rest, String name) throws Exception {
        String workspace = await(rest.createWorkspace(name));
        invitation = await(rest.createInvitation(workspace, "editor", 1000));
        return workspace;
    }

    private SyncClient client(String name, int port, SyncClientOptions options) throws Exception {
        return client(name, "designer", port, options);
    }

    /** A guest who joined from the test's invitation, connected to {@code port}. */
    private SyncClient client(String name, String discipline, int port, SyncClientOptions options) throws Exception {
        RestClient nobody = new RestClient(vertx, HOST, port);
        io.cahier.client.Credential credential = await(nobody.redeem(invitation, name, discipline));
        await(nobody.close());
        SyncClient client = SyncClient.onNewEventLoop(vertx, null, options);
        credentials.put(client, credential);
        clients.add(client);
        client.violationHandler(v -> problems.add(client.clientId() + " saw " + v));
        client.errorHandler(e -> problems.add(client.clientId() + " got error " + e));
        client.ackHandler(ack -> acked.add(client.clientId() + "#" + ack.seq() + "@" + ack.rev()));
        await(client.connect(HOST, port, credential));
        return client;
    }

    private JsonObject post(int port, String path, JsonObject body) {
        io.cahier.testing.HttpCall.Answer answer = io.cahier.testing.HttpCall.to(port, "POST", path).bearer(facilitatorToken())
                .body(body).send();
        assertEquals(201, answer.status(), answer.text());
        return answer.json();
    }

    private String facilitatorToken() {
        return io.cahier.testing.Workshop.facilitatorToken(dataDir.toString(), nodes.get(0).port(), logs.resolve("node-0.log"));
    }

    private static JsonObject health(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + port + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new JsonObject(response.body());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    }
}
