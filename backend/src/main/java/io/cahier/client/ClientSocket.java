package io.cahier.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.internal.http.WebSocketInternal;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The WebSocket of one {@link SyncClient}, opened again as often as needed: after an unexpected
 * close it reopens by itself when {@link SyncClientOptions#autoReconnect()} says so, with a growing
 * back-off (at once after close code 4001, never after 1008). Frames of a socket it has given up
 * on are not delivered. Runs on the client's context.
 */
final class ClientSocket {

    /** What the client is told about its socket. */
    interface Listener {
        void opened(WebSocket ws);

        void frame(String frame);

        void closed(Short code, String reason);
    }

    private static final short POLICY_VIOLATION = 1008;
    private static final short SLOW_CONSUMER = 4001;

    private final Vertx vertx;
    private final WebSocketClient sockets;
    private final boolean ownsSockets;
    private final SyncClientOptions options;
    private final Listener listener;

    private WebSocketConnectOptions target;
    private volatile WebSocket socket;
    private long generation;
    private boolean closedForGood;
    private int failedAttempts;
    private long attachedAt;
    /** A socket that ends sooner than this after opening counts as a failed attempt. */
    private static final long STABLE_NANOS = 5_000_000_000L;
    private long reconnectTimer = -1;
    private long keepAliveTimer = -1;

    ClientSocket(Vertx vertx, WebSocketClient sockets, SyncClientOptions options, Listener listener) {
        this.vertx = vertx;
        this.ownsSockets = sockets == null;
        this.sockets = sockets != null ? sockets : vertx.createWebSocketClient(SyncClient.socketOptions());
        this.options = options;
        this.listener = listener;
    }

    boolean hasTarget() {
        return target != null;
    }

    void target(String host, int port, String uri, Credential credential) {
        target = new WebSocketConnectOptions().setHost(host).setPort(port).setURI(uri);
        credential.addTo(target.getHeaders() == null ? initHeaders(target) : target.getHeaders(), false);
    }

    private static io.vertx.core.MultiMap initHeaders(WebSocketConnectOptions options) {
        options.setHeaders(io.vertx.core.MultiMap.caseInsensitiveMultiMap());
        return options.getHeaders();
    }

    boolean isOpen() {
        return socket != null;
    }

    /** Counts the sockets opened: what was sent on an older one must be sent again. */
    long generation() {
        return generation;
    }

    /** Opens a new socket, giving up the current one (closed normally) if there is one. */
    Future<Void> open() {
        closedForGood = false;
        cancelReconnect();
        WebSocket old = socket;
        if (old != null) {
            socket = null;
            stopKeepAlive();
            listener.closed(null, "reopening");
            old.close();
        }
        long opening = ++generation;
        return sockets.connect(target).compose(ws -> {
            if (closedForGood || opening != generation) {
                ws.close();
                return Future.failedFuture(new IllegalStateException("connection superseded"));
            }
            attach(ws);
            return Future.succeededFuture();
        });
    }

    /** Writes a frame; without a socket it is dropped (the client resends what matters on reopening). */
    void send(String frame) {
        WebSocket ws = socket;
        if (ws != null) {
            // a failed write means the socket is closing; its close handler takes it from there
            ws.writeTextMessage(frame);
        }
    }

    /** Cuts the TCP connection without a close handshake, as a network failure would. */
    void drop() {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        socket = null;
        if (ws instanceof WebSocketInternal internal) {
            internal.channelHandlerContext().channel().close();
        } else {
            ws.close();
        }
        lost(null, "dropped by the client");
    }

    void pause() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.pause();
        }
    }

    void resume() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.resume();
        }
    }

    /** Closes normally (1000) and for good. */
    Future<Void> close() {
        closedForGood = true;
        cancelReconnect();
        stopKeepAlive();
        WebSocket ws = socket;
        socket = null;
        Future<Void> closing = ws != null ? ws.close().otherwiseEmpty() : Future.succeededFuture();
        return ownsSockets ? closing.eventually(sockets::close) : closing;
    }

    private void attach(WebSocket ws) {
        // Handlers first: on a socket that closed meanwhile they throw, and open() fails while
        // `socket` is still null, so a reconnect follows (set first, the dead socket stayed and
        // no reconnect came).
        Throwable[] cause = new Throwable[1];
        ws.exceptionHandler(e -> {
            // a failed socket also closes, and the close is what the client acts on; its cause
            // (a reset, a frame this client's stack refused) goes into the close reason
            if (cause[0] == null && !(e instanceof io.vertx.core.http.HttpClosedException)) {
                cause[0] = e;
            }
        });
        ws.closeHandler(v -> {
            if (ws == socket) {
                socket = null;
                String reason = ws.closeReason();
                if (cause[0] != null) {
                    reason = (reason == null ? "" : reason + "; ") + "this client's socket failed: " + cause[0];
                }
                lost(ws.closeStatusCode(), reason);
            }
        });
        ws.textMessageHandler(frame -> {
            if (ws == socket) {
                listener.frame(frame);
            }
        });
        socket = ws;
        attachedAt = System.nanoTime();
        startKeepAlive();
        listener.opened(ws);
    }

    private void lost(Short code, String reason) {
        stopKeepAlive();
        // a socket that ends soon after opening counts as a failed attempt: no tight reconnect loop
        failedAttempts = System.nanoTime() - attachedAt < STABLE_NANOS ? failedAttempts + 1 : 0;
        listener.closed(code, reason);
        if (!closedForGood && options.autoReconnect() && (code == null || code != POLICY_VIOLATION)) {
            scheduleReconnect(code != null && code == SLOW_CONSUMER ? 0 : backoff());
        }
    }

    private long backoff() {
        long initial = options.reconnectDelay().toMillis();
        long max = options.reconnectMaxDelay().toMillis();
        long delay = Math.min(max, initial << Math.min(failedAttempts, 20));
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }

    private void scheduleReconnect(long delayMs) {
        if (reconnectTimer >= 0) {
            return;
        }
        reconnectTimer = vertx.setTimer(Math.max(1, delayMs), id -> {
            reconnectTimer = -1;
            if (closedForGood || socket != null) {
                return;
            }
            open().onFailure(e -> {
                failedAttempts++;
                if (!closedForGood && socket == null) {
                    scheduleReconnect(backoff());
                }
            });
        });
    }

    private void cancelReconnect() {
        if (reconnectTimer >= 0) {
            vertx.cancelTimer(reconnectTimer);
            reconnectTimer = -1;
        }
    }

    private void startKeepAlive() {
        long interval = options.keepAlive().toMillis();
        if (interval > 0 && keepAliveTimer < 0) {
            keepAliveTimer = vertx.setPeriodic(interval, id -> send(ClientFrames.ping()));
        }
    }

    private void stopKeepAlive() {
        if (keepAliveTimer >= 0) {
            vertx.cancelTimer(keepAliveTimer);
            keepAliveTimer = -1;
        }
    }
}
