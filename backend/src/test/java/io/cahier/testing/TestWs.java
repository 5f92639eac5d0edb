package io.cahier.testing;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A raw WebSocket client for protocol tests: send frames, wait for the frames you expect. */
public final class TestWs implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final WebSocket socket;
    private final java.util.concurrent.LinkedBlockingDeque<JsonObject> received = new java.util.concurrent.LinkedBlockingDeque<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile boolean paused;

    private TestWs(URI uri, java.util.Map<String, String> headers) {
        Listener listener = new Listener();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        headers.forEach(builder::header);
        socket = builder.buildAsync(uri, listener).join();
    }

    private TestWs(URI uri) {
        this(uri, java.util.Map.of());
    }

    /** With request headers on the upgrade (such as {@code Authorization} or {@code Cookie}). */
    public static TestWs connect(int port, String query, java.util.Map<String, String> headers) {
        return new TestWs(URI.create("ws://localhost:" + port + "/ws" + (query == null ? "" : "?" + query)), headers);
    }

    public static TestWs connect(int port, String query) {
        return new TestWs(URI.create("ws://localhost:" + port + "/ws" + (query == null ? "" : "?" + query)));
    }

    public TestWs send(String frame) {
        try {
            socket.sendText(frame, true).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new ConnectionClosed("cannot send: " + e.getCause());
        }
        return this;
    }

    /** One text message sent as several frames: the first, then continuation frames. */
    public TestWs sendFragments(String... parts) {
        try {
            for (int i = 0; i < parts.length; i++) {
                socket.sendText(parts[i], i == parts.length - 1).join();
            }
        } catch (java.util.concurrent.CompletionException e) {
            throw new ConnectionClosed("cannot send: " + e.getCause());
        }
        return this;
    }

    public TestWs sendBinary(byte[] bytes) {
        try {
            socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new ConnectionClosed("cannot send: " + e.getCause());
        }
        return this;
    }

    /** The connection closed while a frame was awaited or sent. */
    public static final class ConnectionClosed extends RuntimeException {
        public ConnectionClosed(String message) {
            super(message);
        }
    }

    /** Close code the server sent, or null while open. */
    public Integer closeCode() {
        return closed.getNow(null);
    }

    public TestWs send(JsonObject frame) {
        return send(frame.encode());
    }

    /** The next frame of the given type, skipping others (they are kept for later calls). */
    public JsonObject next(String type) {
        return next(f -> type.equals(f.getString("type")), "a frame of type " + type);
    }

    public JsonObject next(Predicate<JsonObject> wanted, String description) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<JsonObject> skipped = new ArrayList<>();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonObject frame = left > 0 ? received.poll(Math.min(left, 50_000_000L), TimeUnit.NANOSECONDS) : null;
                if (frame == null) {
                    if (closed.isDone() && received.isEmpty()) {
                        for (int i = skipped.size() - 1; i >= 0; i--) {
                            received.addFirst(skipped.get(i));
                        }
                        throw new ConnectionClosed("connection closed (" + closed.getNow(-1) + ") while waiting for " + description);
                    }
                    if (left > 0) {
                        continue;
                    }
                    for (int i = skipped.size() - 1; i >= 0; i--) {
                        received.addFirst(skipped.get(i));
                    }
                    throw new AssertionError("timed out waiting for " + description + "; received meanwhile: " + skipped);
                }
                if (wanted.test(frame)) {
                    // skipped frames go back in front, in order; the listener only ever appends
                    for (int i = skipped.size() - 1; i >= 0; i--) {
                        received.addFirst(skipped.get(i));
                    }
                    return frame;
                }
                skipped.add(frame);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Frames received so far and not consumed. */
    public List<JsonObject> drain() {
        List<JsonObject> all = new ArrayList<>();
        received.drainTo(all);
        return all;
    }

    /** Waits for the server to close the connection and returns the close code. */
    public int awaitClose() {
        try {
            return closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the server did not close the connection", e);
        }
    }

    /** Stops reading from the socket: the server's frames pile up, as with a stalled reader. */
    public void pauseReading() {
        paused = true;
    }

    public void resumeReading() {
        paused = false;
        socket.request(1);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(new JsonObject(partial.toString()));
                partial.setLength(0);
            }
            if (!paused) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
