package io.cahier.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One HTTP request with chosen headers (cookies, bearer, CSRF), and its full answer. */
public final class HttpCall {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final int port;
    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String body;

    private HttpCall(int port, String method, String path) {
        this.port = port;
        this.method = method;
        this.path = path;
    }

    public static HttpCall to(int port, String method, String path) {
        return new HttpCall(port, method, path);
    }

    private String contentType = "application/json";

    public HttpCall header(String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
        return this;
    }

    public HttpCall cookie(String session) {
        return header("Cookie", session == null ? null : "cahier_session=" + session);
    }

    public HttpCall bearer(String token) {
        return header("Authorization", token == null ? null : "Bearer " + token);
    }

    public HttpCall csrf(String token) {
        return header("X-CSRF-Token", token);
    }

    public HttpCall body(JsonObject json) {
        this.body = json.encode();
        return this;
    }

    /** A body of any type (CSV, say). */
    public HttpCall rawBody(String text, String contentType) {
        this.body = text;
        this.contentType = contentType;
        return this;
    }

    public Answer send() {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("content-type", contentType);
            }
            headers.forEach(request::header);
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().map(), response.body());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }

    /** An answer: status, headers (names lower-cased by the JDK), body text. */
    public record Answer(int status, Map<String, List<String>> headers, String text) {

        public JsonObject json() {
            return new JsonObject(text);
        }

        public JsonArray array() {
            return new JsonArray(text);
        }

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** The Set-Cookie header of the session cookie, or null. */
        public String sessionCookieHeader() {
            return headers.getOrDefault("set-cookie", List.of()).stream()
                    .filter(c -> c.startsWith("cahier_session=")).findFirst().orElse(null);
        }

        /** The value the answer set the session cookie to, or null when it set none. */
        public String sessionCookie() {
            String header = sessionCookieHeader();
            if (header == null) {
                return null;
            }
            int end = header.indexOf(';');
            return header.substring("cahier_session=".length(), end < 0 ? header.length() : end);
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }
}
