package io.cahier.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cahier.protocol.ot.TextOperation;
import io.cahier.protocol.ot.TextOperationJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The few REST calls a sync client's user needs around the protocol (see {@code openapi.yaml}):
 * create a workspace and documents, read a document's text and its operation log.
 */
public final class RestClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A document's text at revision {@code rev}. */
    public record DocumentText(String id, long rev, String text) {
    }

    /** One entry of the operation log; {@code client} and {@code seq} null for template or import ops. */
    public record LoggedOp(long rev, TextOperation op, String client, Long seq, String authorId, String authorName) {
    }

    private final HttpClient http;
    private final String host;
    private final int port;

    public RestClient(Vertx vertx, String host, int port) {
        this.http = vertx.createHttpClient();
        this.host = host;
        this.port = port;
    }

    /** {@code POST /api/workspaces}; the new workspace's id. */
    public Future<String> createWorkspace(String name) {
        return call(HttpMethod.POST, "/api/workspaces", new JsonObject().put("name", name), 201)
                .map(body -> body.getString("id"));
    }

    /** {@code POST /api/workspaces/{ws}/documents}; the new document's id. */
    public Future<String> createDocument(String workspace, String title, String kind) {
        return call(HttpMethod.POST, "/api/workspaces/" + workspace + "/documents",
                new JsonObject().put("title", title).put("kind", kind), 201)
                .map(body -> body.getString("id"));
    }

    /** {@code GET /api/documents/{id}/text}: the current text. */
    public Future<DocumentText> text(String doc) {
        return call(HttpMethod.GET, "/api/documents/" + doc + "/text", null, 200)
                .map(body -> new DocumentText(body.getString("id"), body.getLong("rev"), body.getString("text")));
    }

    /** The whole operation log from revision 1, following the pages ({@code next}). */
    public Future<List<LoggedOp>> operations(String doc) {
        List<LoggedOp> all = new ArrayList<>();
        return page("/api/documents/" + doc + "/ops?from=1", all).map(v -> all);
    }

    public Future<Void> close() {
        return http.close();
    }

    private Future<Void> page(String uri, List<LoggedOp> into) {
        return call(HttpMethod.GET, uri, null, 200).compose(body -> {
            JsonArray ops = body.getJsonArray("ops");
            for (int i = 0; i < ops.size(); i++) {
                into.add(loggedOp(ops.getJsonObject(i)));
            }
            String next = body.getString("next");
            return next != null && !ops.isEmpty() ? page(next, into) : Future.succeededFuture();
        });
    }

    private static LoggedOp loggedOp(JsonObject entry) {
        TextOperation op;
        try {
            op = TextOperationJson.fromJson(JSON.readTree(entry.getJsonArray("op").encode()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable op in the log: " + entry, e);
        }
        JsonObject author = entry.getJsonObject("author", new JsonObject());
        return new LoggedOp(entry.getLong("rev"), op, entry.getString("client"), entry.getLong("seq"),
                author.getValue("id") == null ? null : String.valueOf(author.getValue("id")),
                author.getString("name"));
    }

    private Future<JsonObject> call(HttpMethod method, String uri, JsonObject body, int expected) {
        return http.request(method, port, host, uri)
                .compose(request -> {
                    if (body == null) {
                        return request.send();
                    }
                    request.putHeader("content-type", "application/json");
                    return request.send(body.encode());
                })
                .compose(response -> response.body().map(content -> check(method, uri, response, content, expected)));
    }

    private static JsonObject check(HttpMethod method, String uri, HttpClientResponse response, Buffer content,
                                    int expected) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + uri + " answered " + response.statusCode() + ": " + content);
        }
        return content.toJsonObject();
    }
}
