package io.cahier.testing;

import io.cahier.CahierServer;
import io.cahier.Config;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Cahier server on a free port, over a data directory, for tests; plus a small REST client
 * acting as the store's facilitator (an account with an API token), and guests who join the
 * workspaces it made from their invitation links.
 */
public final class TestServer implements AutoCloseable {

    /** A REST answer: status and body (JSON object, array, or null). */
    public record Response(int status, String contentType, Object body) {
        public JsonObject json() {
            return (JsonObject) body;
        }

        public JsonArray array() {
            return (JsonArray) body;
        }
    }

    private final Vertx vertx;
    private final CahierServer server;
    private final Path dataDir;
    private final HttpClient http = HttpClient.newHttpClient();
    /** The editor invitation of each workspace this server made, in order: guests join them all. */
    private final Map<String, String> invitations = new java.util.LinkedHashMap<>();

    private TestServer(Vertx vertx, CahierServer server, Path dataDir) {
        this.vertx = vertx;
        this.server = server;
        this.dataDir = dataDir;
    }

    public static TestServer start(Path dataDir, String... flags) {
        List<String> args = new ArrayList<>(List.of("--port", "0"));
        args.addAll(TestStore.flags(dataDir));
        args.addAll(List.of(flags));
        // The server's transport (epoll on Linux), with Vert.x's default number of event loops.
        Vertx vertx = Vertx.vertx(io.cahier.Main.vertxOptions(io.vertx.core.VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE));
        CahierServer server = new CahierServer(Config.from(Map.of(), args.toArray(String[]::new)));
        try {
            vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new AssertionError("server did not start", e);
        }
        return new TestServer(vertx, server, dataDir);
    }

    public int port() {
        return server.port();
    }

    public CahierServer server() {
        return server;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** The store's facilitator's API token (made on first use). */
    public String facilitatorToken() {
        return Workshop.facilitatorToken(dataDir.toAbsolutePath().toString(), vertx, server.database());
    }

    /** A request as the facilitator. */
    public Response request(String method, String path, String body) {
        return request(method, path, body, Workshop.bearer(facilitatorToken()));
    }

    /** A request as nobody (no session, no token). */
    public Response anonymous(String method, String path, String body) {
        return request(method, path, body, Map.of());
    }

    /** A request with these headers (a guest's, say). */
    public Response request(String method, String path, String body, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port() + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("content-type", "application/json");
            }
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            Object parsed = text.isBlank() ? null : text.strip().startsWith("[") ? new JsonArray(text)
                    : text.strip().startsWith("{") ? new JsonObject(text) : text;
            return new Response(response.statusCode(), response.headers().firstValue("content-type").orElse(""), parsed);
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }

    public Response get(String path) {
        return request("GET", path, null);
    }

    public Response post(String path, JsonObject body) {
        return request("POST", path, body.encode());
    }

    /** A new workspace made by the facilitator, with an editor invitation that {@link #connect} guests use. */
    public String createWorkspace(String name) {
        String ws = Workshop.createWorkspace(port(), facilitatorToken(), name);
        invitations.put(ws, Workshop.invite(port(), facilitatorToken(), ws, "editor"));
        return ws;
    }

    /** A new invitation link to {@code workspace} with {@code role}; its token. */
    public String invite(String workspace, String role) {
        return Workshop.invite(port(), facilitatorToken(), workspace, role);
    }

    /** A guest who joined every workspace this server made, as an editor and a designer. */
    public Workshop.Guest guest(String name) {
        return guest(name, "designer");
    }

    /** A guest who joined every workspace this server made, as an editor speaking from {@code discipline}. */
    public Workshop.Guest guest(String name, String discipline) {
        workspace();
        Workshop.Guest guest = null;
        for (String token : invitations.values()) {
            if (guest == null) {
                guest = Workshop.join(port(), token, name, discipline);
            } else {
                Workshop.alsoJoin(port(), guest, token, discipline);
            }
        }
        return guest;
    }

    /** The workspace where {@link #createDocument} puts documents, made on first use. */
    public String workspace() {
        if (invitations.isEmpty()) {
            // a server restarted on a store: its workspaces are the facilitator's
            JsonArray existing = get("/api/workspaces").array();
            for (int i = 0; i < existing.size(); i++) {
                String ws = existing.getJsonObject(i).getString("id");
                invitations.put(ws, invite(ws, "editor"));
            }
        }
        if (invitations.isEmpty()) {
            createWorkspace("Atelier");
        }
        return invitations.keySet().iterator().next();
    }

    /** Creates a document in the first workspace this server made (made if need be) and returns its id. */
    public String createDocument(String kind) {
        String ws = workspace();
        Response created = post("/api/workspaces/" + ws + "/documents", new JsonObject().put("title", "Doc").put("kind", kind));
        if (created.status() != 201) {
            throw new AssertionError("document not created: " + created);
        }
        return created.json().getString("id");
    }

    public String text(String docId) {
        return get("/api/documents/" + docId + "/text").json().getString("text");
    }

    /** A socket of a new guest named {@code name}, an editor in every workspace this server made. */
    public TestWs connect(String name) {
        return connect(name, "designer");
    }

    /** A socket of a new guest speaking from {@code discipline}. */
    public TestWs connect(String name, String discipline) {
        return TestWs.connect(port(), null, guest(name, discipline).headers());
    }

    /** A socket as the facilitator. */
    public TestWs connectAsFacilitator() {
        return TestWs.connect(port(), null, Workshop.bearer(facilitatorToken()));
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("server did not stop", e);
        }
    }
}
