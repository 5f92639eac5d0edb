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
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The few REST calls a sync client's user needs around the protocol (see {@code openapi.yaml}):
 * set up the first facilitator, make an API token, create a workspace, documents and invitation
 * links, redeem a link as a guest, read a document's text and its operation log. Requests carry
 * the client's {@link Credential}.
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
    private final Credential credential;

    /** A client acting as nobody: for the first start ({@link #setUp}) and invitation links. */
    public RestClient(Vertx vertx, String host, int port) {
        this(vertx, host, port, null);
    }

    public RestClient(Vertx vertx, String host, int port, Credential credential) {
        this.http = vertx.createHttpClient();
        this.host = host;
        this.port = port;
        this.credential = credential;
    }

    /** A client on the same server acting as {@code other}. */
    public RestClient as(Vertx vertx, Credential other) {
        return new RestClient(vertx, host, port, other);
    }

    /**
     * {@code POST /api/setup} with the set-up token printed at the first start: creates the first
     * facilitator and returns their browser session.
     */
    public Future<Credential> setUp(String setupToken, String email, String name, String password) {
        return session(HttpMethod.POST, "/api/setup", new JsonObject().put("token", setupToken).put("email", email)
                .put("name", name).put("password", password), 201);
    }

    /** {@code POST /api/tokens}: a new API token of the signed-in user. */
    public Future<Credential> createToken(String label) {
        return call(HttpMethod.POST, "/api/tokens", new JsonObject().put("label", label), 201)
                .map(body -> Credential.bearer(body.getString("token")));
    }

    /** {@code POST /api/workspaces/{ws}/invitations}: the new link's token. */
    public Future<String> createInvitation(String workspace, String role, int maxUses) {
        return call(HttpMethod.POST, "/api/workspaces/" + workspace + "/invitations",
                new JsonObject().put("role", role).put("maxUses", maxUses), 201)
                .map(body -> body.getString("token"));
    }

    /** {@code POST /api/invitations/{token}/redeem} as nobody: the new guest's session. */
    public Future<Credential> redeem(String invitationToken, String name, String discipline) {
        return session(HttpMethod.POST, "/api/invitations/" + invitationToken + "/redeem",
                new JsonObject().put("name", name).put("discipline", discipline), 200);
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

    /** {@code GET /health}: the node's state and counts. */
    public Future<JsonObject> health() {
        return call(HttpMethod.GET, "/health", null, 200);
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

    /** A call that opens a browser session: the session cookie's secret and the CSRF token. */
    private Future<Credential> session(HttpMethod method, String uri, JsonObject body, int expected) {
        return http.request(request(method, uri))
                .compose(request -> request.putHeader("content-type", "application/json").send(body.encode()))
                .compose(response -> response.body().map(content -> {
                    JsonObject reply = check(method, uri, response, content, expected);
                    String secret = response.cookies().stream()
                            .filter(c -> c.startsWith("cahier_session=")).map(c -> c.substring("cahier_session=".length()).split(";", 2)[0])
                            .findFirst().orElseThrow(() -> new IllegalStateException(method + " " + uri + " set no session cookie"));
                    return Credential.session(secret, reply.getString("csrfToken"));
                }));
    }

    /**
     * How long a call may wait for a connection, or hear nothing from the server, before it fails:
     * the server answers in milliseconds, and a caller is better told than left waiting for ever.
     */
    static final long IDLE_TIMEOUT_MS = 30_000;

    private RequestOptions request(HttpMethod method, String uri) {
        return new RequestOptions().setMethod(method).setHost(host).setPort(port).setURI(uri)
                .setConnectTimeout(IDLE_TIMEOUT_MS).setIdleTimeout(IDLE_TIMEOUT_MS);
    }

    private Future<JsonObject> call(HttpMethod method, String uri, JsonObject body, int expected) {
        return http.request(request(method, uri))
                .compose(request -> {
                    if (credential != null) {
                        credential.addTo(request.headers(), method != HttpMethod.GET);
                    }
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
