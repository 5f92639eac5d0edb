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

/** A real Cahier server on a free port, over a data directory, for tests; plus a small REST client. */
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
    private final HttpClient http = HttpClient.newHttpClient();

    private TestServer(Vertx vertx, CahierServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    public static TestServer start(Path dataDir, String... flags) {
        List<String> args = new ArrayList<>(List.of("--port", "0"));
        args.addAll(TestStore.flags(dataDir));
        args.addAll(List.of(flags));
        Vertx vertx = Vertx.vertx();
        CahierServer server = new CahierServer(Config.from(Map.of(), args.toArray(String[]::new)));
        try {
            vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new AssertionError("server did not start", e);
        }
        return new TestServer(vertx, server);
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

    public Response request(String method, String path, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port() + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("content-type", "application/json");
            }
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

    public String createWorkspace(String name) {
        Response created = post("/api/workspaces", new JsonObject().put("name", name));
        if (created.status() != 201) {
            throw new AssertionError("workspace not created: " + created);
        }
        return created.json().getString("id");
    }

    /** Creates a document in a new workspace and returns its id. */
    public String createDocument(String kind) {
        String ws = createWorkspace("Atelier");
        Response created = post("/api/workspaces/" + ws + "/documents", new JsonObject().put("title", "Doc").put("kind", kind));
        if (created.status() != 201) {
            throw new AssertionError("document not created: " + created);
        }
        return created.json().getString("id");
    }

    public String text(String docId) {
        return get("/api/documents/" + docId + "/text").json().getString("text");
    }

    public TestWs connect(String name) {
        return TestWs.connect(port(), "name=" + name);
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
