package io.cahier.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cahier.client.ClientState.Submission;
import io.cahier.protocol.ot.TextOperation;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A client of the Cahier sync protocol (PROTOCOL.md) over one WebSocket, for tests and the load
 * generator. One connection joins any number of documents; each runs the ot.js client state machine
 * ({@link ClientState}) and keeps its local text.
 *
 * <p>The client is bound to one Vert.x context: every callback runs there, and every method may be
 * called from any thread (a call from elsewhere hops onto the context; the returned future says
 * when it was done). Nothing blocks.
 *
 * <p>Identity: a random client id, sent in {@code join} as {@code "client"} and in every
 * {@code op}; per document, seq starts at 1 and grows by one per submission, and keeps counting
 * across {@link #leave} and a later {@link #join} so that no {@code (doc, client, seq)} is reused.
 *
 * <p>Reconnecting ({@link #reconnect()}, or by itself with {@link SyncClientOptions#autoReconnect()})
 * joins every document again from its last revision; its own outstanding operation met in the
 * catch-up is its acknowledgement, otherwise it is sent again with the same seq once caught up. An
 * edit is never lost nor applied twice.
 */
public final class SyncClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final ContextInternal context;
    private final SyncClientOptions options;
    private final ClientSocket socket;
    private final String clientId = UUID.randomUUID().toString();
    private final Map<String, DocumentSync> docs = new ConcurrentHashMap<>();
    /** Last seq used per document, kept after a leave so that a later join never reuses one. */
    private final Map<String, Long> lastSeqs = new ConcurrentHashMap<>();

    private volatile Handler<SyncEvents.RemoteOp> remoteOpHandler = e -> { };
    private volatile Handler<SyncEvents.Acknowledged> ackHandler = e -> { };
    private volatile Handler<SyncEvents.Sent> sentHandler = e -> { };
    private volatile Handler<ServerMessage.Error> errorHandler = e -> { };
    private volatile Handler<SyncEvents.Violation> violationHandler = e -> { };
    private volatile Handler<ServerMessage.Unknown> unknownHandler = e -> { };
    private volatile Handler<ServerMessage.Presence> presenceHandler = e -> { };
    private volatile Handler<ServerMessage.Participant> participantHandler = e -> { };
    private volatile Handler<ServerMessage.Joined> joinedHandler = e -> { };
    private volatile Handler<SyncEvents.ConnectionChange> connectionHandler = e -> { };

    /** A client on the caller's context (or a new one), with its own WebSocket client and default options. */
    public SyncClient(Vertx vertx) {
        this(vertx, SyncClientOptions.defaults());
    }

    public SyncClient(Vertx vertx, SyncClientOptions options) {
        this(vertx, vertx.getOrCreateContext(), null, options);
    }

    /**
     * A client bound to {@code context} (an event-loop context), sharing {@code sockets} with others
     * when it is not null (its maximum of connections must allow for them).
     */
    public SyncClient(Vertx vertx, Context context, WebSocketClient sockets, SyncClientOptions options) {
        this.vertx = vertx;
        this.context = (ContextInternal) context;
        this.options = options;
        this.socket = new ClientSocket(vertx, sockets, options, new ClientSocket.Listener() {
            @Override
            public void opened(WebSocket ws) {
                onOpened();
            }

            @Override
            public void frame(String frame) {
                onFrame(frame);
            }

            @Override
            public void closed(Short code, String reason) {
                onClosed(code, reason);
            }
        });
    }

    /** Largest frame and message a client accepts: a join's snapshot carries the document's whole text. */
    static final int MAX_FRAME_BYTES = 64 << 20;

    /**
     * Options for the WebSocket client that sync clients share. Vert.x's default frame limit,
     * 64 KiB, made the client's own stack close the socket on the snapshot of a larger document,
     * seen as an abnormal close (1006), again on every reconnect.
     */
    public static io.vertx.core.http.WebSocketClientOptions socketOptions() {
        return new io.vertx.core.http.WebSocketClientOptions().setMaxFrameSize(MAX_FRAME_BYTES).setMaxMessageSize(MAX_FRAME_BYTES);
    }

    /**
     * A client on a new event-loop context: successive calls take the event loops in turn, so that
     * many clients spread over them.
     */
    public static SyncClient onNewEventLoop(Vertx vertx, WebSocketClient sockets, SyncClientOptions options) {
        return new SyncClient(vertx, ((VertxInternal) vertx).createEventLoopContext(), sockets, options);
    }

    // ---- observers -------------------------------------------------------------------------

    /** Another participant's operation was applied to the local text. */
    public SyncClient remoteOpHandler(Handler<SyncEvents.RemoteOp> handler) {
        remoteOpHandler = handler;
        return this;
    }

    /** One of this client's submissions was sequenced. */
    public SyncClient ackHandler(Handler<SyncEvents.Acknowledged> handler) {
        ackHandler = handler;
        return this;
    }

    /** A submission is being written to the socket (its first send or a resend). */
    public SyncClient sentHandler(Handler<SyncEvents.Sent> handler) {
        sentHandler = handler;
        return this;
    }

    /** The server sent an {@code error} frame. */
    public SyncClient errorHandler(Handler<ServerMessage.Error> handler) {
        errorHandler = handler;
        return this;
    }

    /** The server broke the protocol as this client sees it; the document concerned is failed. */
    public SyncClient violationHandler(Handler<SyncEvents.Violation> handler) {
        violationHandler = handler;
        return this;
    }

    public SyncClient presenceHandler(Handler<ServerMessage.Presence> handler) {
        presenceHandler = handler;
        return this;
    }

    /** Messages of types this client does not interpret (e.g. {@code glossary} changes): for the application. */
    public SyncClient unknownHandler(Handler<ServerMessage.Unknown> handler) {
        unknownHandler = handler;
        return this;
    }

    public SyncClient participantHandler(Handler<ServerMessage.Participant> handler) {
        participantHandler = handler;
        return this;
    }

    /** A join was answered (its {@code participants} are the others present). */
    public SyncClient joinedHandler(Handler<ServerMessage.Joined> handler) {
        joinedHandler = handler;
        return this;
    }

    public SyncClient connectionHandler(Handler<SyncEvents.ConnectionChange> handler) {
        connectionHandler = handler;
        return this;
    }

    // ---- state, readable from any thread ----------------------------------------------------

    /** This instance's client id, as sent in {@code join} and {@code op}. */
    public String clientId() {
        return clientId;
    }

    public Context context() {
        return context;
    }

    public boolean isConnected() {
        return socket.isOpen();
    }

    /** The local text of {@code doc}: the server's at {@link #revision}, plus this client's pending edits. */
    public String text(String doc) {
        return document(doc).text();
    }

    /** The last server revision of {@code doc} this client has seen. */
    public long revision(String doc) {
        return document(doc).rev();
    }

    /** Joined, caught up, and nothing waiting to be acknowledged. */
    public boolean isSynchronized(String doc) {
        return document(doc).isSynchronized();
    }

    /** The last seq this client used on {@code doc}; 0 before its first submission. */
    public long lastSeq(String doc) {
        DocumentSync ds = docs.get(doc);
        return ds != null ? ds.lastSeq() : lastSeqs.getOrDefault(doc, 0L);
    }

    /** Where this client stands on {@code doc}, in words: for failure reports and logs. */
    public String describe(String doc) {
        DocumentSync ds = docs.get(doc);
        return clientId + (socket.isOpen() ? " (connected): " : " (disconnected): ")
                + (ds != null ? ds.describe() : doc + " not joined");
    }

    // ---- connection ------------------------------------------------------------------------

    /** Opens the socket to {@code /ws} as whoever {@code credential} proves; completes when it is open. */
    public Future<Void> connect(String host, int port, Credential credential) {
        return onContext(() -> {
            socket.target(host, port, "/ws", credential);
            return socket.open();
        });
    }

    /**
     * Opens a new socket (closing the current one, if any) and resumes every document from its last
     * revision; completes when every document is caught up.
     */
    public Future<Void> reconnect() {
        return onContext(() -> {
            if (!socket.hasTarget()) {
                return Future.failedFuture(new IllegalStateException("reconnect before connect"));
            }
            return socket.open().compose(v -> {
                List<Future<Void>> all = new ArrayList<>();
                docs.values().forEach(ds -> all.add(ds.caughtUpFuture()));
                return Future.all(all).mapEmpty();
            });
        });
    }

    /**
     * Cuts the TCP connection without a WebSocket close handshake, as a network failure would; what
     * the server had received before stays received. For tests of reconnection.
     */
    public Future<Void> dropConnection() {
        return onContext(() -> {
            socket.drop();
            return Future.succeededFuture();
        });
    }

    /**
     * Stops handing incoming frames to the client (they wait in the socket), as a stalled network
     * would; {@link #resumeIncoming()} delivers them. For tests of reconnection.
     */
    public Future<Void> pauseIncoming() {
        return onContext(() -> {
            socket.pause();
            return Future.succeededFuture();
        });
    }

    public Future<Void> resumeIncoming() {
        return onContext(() -> {
            socket.resume();
            return Future.succeededFuture();
        });
    }

    /** Closes the socket normally (1000) and for good; pending edits stay unsent. */
    public Future<Void> close() {
        return onContext(() -> {
            IllegalStateException cause = new IllegalStateException("the client was closed");
            docs.values().forEach(ds -> ds.fail(cause));
            return socket.close();
        });
    }

    // ---- documents -------------------------------------------------------------------------

    /** Subscribes to {@code doc}; completes when its text is here (or fails with the server's refusal). */
    public Future<Void> join(String doc) {
        return onContext(() -> {
            DocumentSync existing = docs.get(doc);
            if (existing != null) {
                return existing.joinedFuture();
            }
            DocumentSync ds = new DocumentSync(doc, clientId, lastSeqs.getOrDefault(doc, 0L));
            docs.put(doc, ds);
            if (socket.isOpen()) {
                socket.send(ds.joinFrame());
            }
            return ds.joinedFuture();
        });
    }

    /** Unsubscribes; edits not yet acknowledged are abandoned (wait for {@link #whenSynchronized} first). */
    public Future<Void> leave(String doc) {
        return onContext(() -> {
            DocumentSync ds = docs.remove(doc);
            if (ds != null) {
                lastSeqs.put(doc, ds.lastSeq());
                ds.fail(new IllegalStateException("left document " + doc));
                socket.send(ClientFrames.leave(doc));
            }
            return Future.succeededFuture();
        });
    }

    /**
     * A local edit of {@code doc}, based on its current local text ({@link #text}): applied to it at
     * once, then sent, or composed into the buffer while an operation is outstanding or the socket
     * is down. Fails when it does not apply to the local text.
     */
    public Future<Void> submit(String doc, TextOperation op) {
        return onContext(() -> {
            DocumentSync ds = document(doc);
            ds.localEdit(op, System.nanoTime());
            afterChange(ds);
            return Future.succeededFuture();
        });
    }

    /** Like {@link #submit}, with the operation built from the local text on the client's context. */
    public Future<TextOperation> edit(String doc, Function<String, TextOperation> change) {
        return onContext(() -> {
            DocumentSync ds = document(doc);
            TextOperation op = change.apply(ds.text());
            ds.localEdit(op, System.nanoTime());
            afterChange(ds);
            return Future.succeededFuture(op);
        });
    }

    /**
     * Announces this client's selection in {@code doc}, in positions of its local text. It is sent
     * when the document is synchronized (at once if it is), moved along by edits until then.
     */
    public Future<Void> presence(String doc, int anchor, int head) {
        return onContext(() -> {
            DocumentSync ds = document(doc);
            int length = ds.text().length();
            if (anchor < 0 || head < 0 || anchor > length || head > length) {
                throw new IllegalArgumentException("selection [" + anchor + "," + head + "] outside 0.." + length);
            }
            ds.setPresence(new ServerMessage.Selection(anchor, head));
            afterChange(ds);
            return Future.succeededFuture();
        });
    }

    /** Says this client has no caret in {@code doc} ({@code selection: null}). */
    public Future<Void> clearPresence(String doc) {
        return onContext(() -> {
            DocumentSync ds = document(doc);
            ds.setPresence(null);
            afterChange(ds);
            return Future.succeededFuture();
        });
    }

    /** Completes when {@code doc} is joined, caught up, and has nothing pending. */
    public Future<Void> whenSynchronized(String doc) {
        return whenSynchronized(doc, 0);
    }

    /** Completes when {@code doc} is synchronized at server revision {@code minRev} or later. */
    public Future<Void> whenSynchronized(String doc, long minRev) {
        return onContext(() -> document(doc).whenSynchronized(minRev));
    }

    /** Completes when every joined document is synchronized. */
    public Future<Void> whenAllSynchronized() {
        return onContext(() -> {
            List<Future<Void>> all = new ArrayList<>();
            docs.values().forEach(ds -> all.add(ds.whenSynchronized(0)));
            return Future.all(all).mapEmpty();
        });
    }

    // ---- internals (on the context) -----------------------------------------------------------

    private DocumentSync document(String doc) {
        DocumentSync ds = docs.get(doc);
        if (ds == null) {
            throw new IllegalStateException("document " + doc + " is not joined");
        }
        return ds;
    }

    private void onOpened() {
        connectionHandler.handle(new SyncEvents.ConnectionChange(true, null, null));
        for (DocumentSync ds : docs.values()) {
            if (ds.failure() == null) {
                socket.send(ds.joinFrame());
            }
        }
    }

    private void onClosed(Short code, String reason) {
        docs.values().forEach(DocumentSync::connectionLost);
        connectionHandler.handle(new SyncEvents.ConnectionChange(false, code, reason));
    }

    private void onFrame(String frame) {
        long now = System.nanoTime();
        ServerMessage message = ServerMessage.parse(JSON, frame);
        if (message instanceof ServerMessage.Op op) {
            onDocument(op.doc(), ds -> {
                Object outcome = ds.onOp(op, now);
                if (outcome instanceof SyncEvents.Acknowledged ack) {
                    ackHandler.handle(ack);
                } else if (outcome instanceof SyncEvents.RemoteOp remote) {
                    remoteOpHandler.handle(remote);
                }
            });
        } else if (message instanceof ServerMessage.Ack ack) {
            onDocument(ack.doc(), ds -> {
                SyncEvents.Acknowledged acknowledged = ds.onAck(ack, now);
                if (acknowledged != null) {
                    ackHandler.handle(acknowledged);
                }
            });
        } else if (message instanceof ServerMessage.Joined joined) {
            onDocument(joined.doc(), ds -> {
                ds.onJoined(joined);
                joinedHandler.handle(joined);
            });
        } else if (message instanceof ServerMessage.Presence presence) {
            presenceHandler.handle(presence);
        } else if (message instanceof ServerMessage.Participant participant) {
            participantHandler.handle(participant);
        } else if (message instanceof ServerMessage.Error error) {
            onError(error, now);
        } else if (message instanceof ServerMessage.Unreadable unreadable) {
            violationHandler.handle(new SyncEvents.Violation(null,
                    "unreadable frame (" + unreadable.problem() + "): " + unreadable.frame()));
        }
        else if (message instanceof ServerMessage.Unknown other) {
            unknownHandler.handle(other);
        }
        // pong needs nothing
    }

    private interface DocumentStep {
        void run(DocumentSync ds);
    }

    private void onDocument(String doc, DocumentStep step) {
        DocumentSync ds = docs.get(doc);
        if (ds == null || ds.failure() != null) {
            return;
        }
        try {
            step.run(ds);
        } catch (DocumentSync.ProtocolViolation e) {
            violationHandler.handle(new SyncEvents.Violation(doc, e.getMessage()));
            ds.fail(e);
            return;
        }
        afterChange(ds);
    }

    private void onError(ServerMessage.Error error, long now) {
        errorHandler.handle(error);
        DocumentSync ds = error.doc() != null ? docs.get(error.doc()) : null;
        if (ds == null || ds.failure() != null) {
            return;
        }
        SyncException cause = new SyncException(error);
        if (error.seq() != null && ds.isOutstanding(error.seq())) {
            switch (error.code()) {
                case "rate-limited", "unavailable", "internal" -> {
                    long delayMs = options.retryDelay().toMillis();
                    ds.retryLater(error.seq(), now, delayMs * 1_000_000L);
                    vertx.setTimer(Math.max(1, delayMs), id -> afterChange(ds));
                }
                default -> ds.fail(cause);
            }
        } else if (error.seq() == null && !ds.live()) {
            // while a document is not live the only frame this client sent about it is its join
            docs.remove(error.doc());
            lastSeqs.put(error.doc(), ds.lastSeq());
            ds.fail(cause);
        }
    }

    /** Sends what the document's new state calls for, then completes the futures it satisfies. */
    private void afterChange(DocumentSync ds) {
        if (socket.isOpen()) {
            DocumentSync.Outgoing out = ds.toSend(socket.generation(), System.nanoTime());
            if (out != null) {
                Submission s = out.submission();
                // observers hear of it first, so that they know it before any answer can come back
                sentHandler.handle(new SyncEvents.Sent(ds.doc, s.seq(), out.rev(), s.op(), s.firstEditNanos(),
                        out.resend()));
                socket.send(ClientFrames.op(ds.doc, out.rev(), s.op(), clientId, s.seq()));
            }
            String presence = ds.presenceToSend();
            if (presence != null) {
                socket.send(presence);
            }
        }
        ds.settle();
    }

    private <T> Future<T> onContext(Supplier<Future<T>> action) {
        if (context.nettyEventLoop().inEventLoop()) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        }
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> {
            try {
                action.get().onComplete(promise);
            } catch (RuntimeException e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }
}
