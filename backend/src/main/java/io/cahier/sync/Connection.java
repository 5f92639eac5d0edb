package io.cahier.sync;

import io.cahier.http.Access;
import io.cahier.http.CahierException;
import io.cahier.http.ErrorCode;
import io.cahier.http.Principal;
import io.cahier.http.Role;
import io.vertx.core.Future;
import io.cahier.protocol.wire.ClientMessage;
import io.cahier.protocol.wire.ClientMessages;
import io.cahier.protocol.wire.ServerMessages;
import io.cahier.protocol.wire.WireException;
import io.cahier.storage.Ids;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One WebSocket: decodes frames, enforces the connection's limits, and hands each message to the
 * live document it is about. Its own state is touched only on the socket's context; documents
 * call {@link #send} from theirs (writes to a socket are thread-safe).
 */
public final class Connection {

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());

    /** Close codes (PROTOCOL.md §7). */
    static final short GOING_AWAY = 1001;
    static final short POLICY = 1008;
    static final short SLOW_CONSUMER = 4001;
    /** The participant's role changed or they were removed: reconnect, and hold what you hold now. */
    static final short ACCESS_CHANGED = 4003;

    private static final int MAX_REFUSALS = 100;
    static final int WRITE_QUEUE_BYTES = 4 << 20;
    private static final long REFUSAL_WINDOW_NANOS = 10_000_000_000L;

    private final ServerWebSocket socket;
    private final Context context;
    private final OutboundBatch batch;
    private final io.netty.channel.ChannelHandlerContext channel;
    private final Principal principal;
    private final SyncService sync;
    private final String connectionId = "c-" + Ids.newId();
    private final Map<String, Joined> documents = new HashMap<>();
    /** The glossaries this connection watches, with what the principal held when it asked. */
    private final Map<String, Access.Grant> watched = new HashMap<>();
    private volatile boolean open = true;
    /** The first failure the socket reported, other than its closing: why it ended, if it ended abnormally. */
    private volatile Throwable failure;
    private final long openedAt = System.nanoTime();
    /** The close code this server sent, 0 while it sent none. */
    private volatile short closedWith;
    private final java.util.concurrent.ConcurrentLinkedQueue<OutboundFrame> outbox = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicLong queuedChars = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();

    // token bucket for ops
    private double tokens;
    private long refilledAt = System.nanoTime();
    // refusals in the current window
    private int refusals;
    private long refusalWindowStart = System.nanoTime();

    /**
     * This connection in one document: the live document and what the principal holds in its
     * workspace once joined, messages waiting until then.
     */
    private static final class Joined {
        LiveDocument doc;
        Subscriber subscriber;
        Access.Grant grant;
        final List<ClientMessage> waiting = new ArrayList<>();
    }

    Connection(ServerWebSocket socket, Principal principal, SyncService sync) {
        this.socket = socket;
        this.context = Vertx.currentContext();
        this.batch = sync.batchFor(context);
        this.channel = SocketChannel.of(socket);
        this.principal = principal;
        this.sync = sync;
        this.tokens = sync.limits().opBurst();
    }

    /** WebSocket close code 1009: a message too big to read. */
    private static final short MESSAGE_TOO_BIG = 1009;

    void start() {
        // A reader is "slow" once this much is queued unsent: a burst on a busy event loop stays well below it.
        socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        if (channel != null) {
            channel.channel().config().setWriteBufferWaterMark(
                    new io.netty.channel.WriteBufferWaterMark(WRITE_QUEUE_BYTES / 2, WRITE_QUEUE_BYTES));
        }
        socket.textMessageHandler(this::onFrame);
        socket.binaryMessageHandler(b -> refuse(ErrorCode.BAD_MESSAGE, "only text frames are accepted", null, null, null));
        socket.closeHandler(v -> onClose());
        socket.exceptionHandler(e -> {
            if (failure == null && !(e instanceof io.vertx.core.http.HttpClosedException)) {
                failure = e;
            }
            LOG.log(Level.FINE, "socket error on " + connectionId, e);
            if (e instanceof IllegalStateException) {
                // Vert.x's message size check: frames each under the limit that add up to a message
                // over it. The message is dropped unread, and so is the connection (PROTOCOL.md, limits).
                socket.close(MESSAGE_TOO_BIG, "message too big");
            }
        });
    }

    boolean isOpen() {
        return open;
    }

    /** The user's or guest's id. */
    String participantId() {
        return principal.id();
    }

    /**
     * Queues a frame for this socket; callable from any thread (documents call it from theirs).
     * Frames are written on the socket's own event loop, in the order they were queued. A reader
     * so slow that {@link #WRITE_QUEUE_BYTES} pile up unsent is told to reconnect (close 4001)
     * rather than slow the document down for everyone else.
     */
    void send(String frame) {
        send(new OutboundFrame(frame));
    }

    /** Queues a frame that may be shared with other connections (a broadcast). */
    void send(OutboundFrame frame) {
        if (!open) {
            return;
        }
        if (queuedChars.addAndGet(frame.text.length()) > WRITE_QUEUE_BYTES) {
            close(SLOW_CONSUMER, "slow consumer: reconnect and resume");
            return;
        }
        outbox.add(frame);
        if (draining.compareAndSet(false, true)) {
            batch.ready(this);
        }
    }

    /** Writes what is queued, on this socket's event loop; with the channel at hand, one flush for all. */
    void drain() {
        draining.set(false);
        boolean written = false;
        OutboundFrame frame;
        while ((frame = outbox.poll()) != null) {
            queuedChars.addAndGet(-frame.text.length());
            if (!open || socket.isClosed()) {
                open = false;
                continue;
            }
            if (channel != null) {
                if (!channel.channel().isWritable()) { // 4 MiB unsent in the channel: a stalled reader
                    close(SLOW_CONSUMER, "slow consumer: reconnect and resume");
                    continue;
                }
                // No promise per frame (~5% of the server's allocation under load): nothing waits
                // on a write; a failed one reaches the socket's exception handler instead.
                channel.write(new io.netty.handler.codec.http.websocketx.TextWebSocketFrame(
                        io.netty.buffer.Unpooled.wrappedBuffer(frame.utf8())), channel.voidPromise());
                written = true;
            } else if (socket.writeQueueFull()) {
                close(SLOW_CONSUMER, "slow consumer: reconnect and resume");
            } else {
                socket.writeTextMessage(frame.text);
            }
        }
        if (written) {
            channel.flush();
        }
    }

    void sendError(ErrorCode code, String message, String doc, Long seq, String reason) {
        send(ServerMessages.error(code.code(), message, doc, seq, reason));
    }

    void close(short code, String reason) {
        if (open) {
            open = false;
            closedWith = code;
            socket.close(code, reason);
        }
    }

    /**
     * A join was refused: forget the membership. Called before the error is sent, so that a
     * client that joins again on reading the error finds the membership gone.
     */
    void joinFailed(String docId, Subscriber subscriber) {
        context.runOnContext(v -> {
            Joined m = documents.get(docId);
            if (m != null && m.subscriber == subscriber) {
                documents.remove(docId);
            }
        });
    }

    private void onFrame(String frame) {
        int bytes = frame.length() * 3 <= sync.limits().maxFrameBytes() ? frame.length()
                : frame.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > sync.limits().maxFrameBytes()) {
            refuse(ErrorCode.TOO_LARGE, "frame of " + bytes + " bytes exceeds the " + sync.limits().maxFrameBytes()
                    + "-byte limit", null, null, null);
            return;
        }
        ClientMessage message;
        try {
            message = ClientMessages.decode(frame);
        } catch (WireException e) {
            refuse(ErrorCode.fromCode(e.code()), e.getMessage(), e.doc(), e.seq(), e.reason());
            return;
        }
        try {
            dispatch(message);
        } catch (CahierException e) {
            refuse(e.code(), e.getMessage(), docOf(message), seqOf(message), null);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "internal error on a " + message.getClass().getSimpleName() + " message", e);
            sendError(ErrorCode.INTERNAL, "internal error; nothing was applied", docOf(message), seqOf(message), null);
        }
    }

    private void dispatch(ClientMessage message) {
        if (message instanceof ClientMessage.Ping) {
            send(ServerMessages.pong());
        } else if (message instanceof ClientMessage.Join join) {
            join(join);
        } else if (message instanceof ClientMessage.Leave leave) {
            leave(leave.doc());
        } else if (message instanceof ClientMessage.Watch watch) {
            watch(watch.glossary());
        } else if (message instanceof ClientMessage.Unwatch unwatch) {
            if (watched.remove(unwatch.glossary()) == null) {
                throw new CahierException(ErrorCode.BAD_MESSAGE, "glossary \"" + unwatch.glossary() + "\" is not watched");
            }
            sync.unwatch(unwatch.glossary(), this);
        } else {
            toDocument(docOf(message), message);
        }
    }

    private void join(ClientMessage.Join join) {
        if (documents.containsKey(join.doc())) {
            throw new CahierException(ErrorCode.BAD_MESSAGE, "already joined document \"" + join.doc() + "\"");
        }
        if (sync.closing()) {
            throw new CahierException(ErrorCode.UNAVAILABLE, "the server is shutting down; reconnect");
        }
        Joined membership = new Joined();
        documents.put(join.doc(), membership);
        open(join, membership);
    }

    /**
     * Opens the document, checks that the principal may read it (a non-member is told the
     * document does not exist), then subscribes with the discipline and role they hold.
     */
    private void open(ClientMessage.Join join, Joined membership) {
        sync.documents().open(join.doc()).onComplete(opened -> {
            if (documents.get(join.doc()) != membership) {
                return; // left (or closed) meanwhile
            }
            if (opened.failed()) {
                documents.remove(join.doc());
                refuse(opened.cause(), join.doc(), "the document cannot be loaded now; retry");
                return;
            }
            LiveDocument doc = opened.result();
            Future<Access.Grant> granted = membership.grant != null ? Future.succeededFuture(membership.grant)
                    : sync.access().check(principal, Access.Action.READ, doc.workspaceId(),
                            new CahierException(ErrorCode.UNKNOWN_DOC, "no document \"" + join.doc() + "\""));
            granted.onComplete(checked -> {
                if (documents.get(join.doc()) != membership) {
                    return; // left (or closed) meanwhile
                }
                if (checked.failed()) {
                    documents.remove(join.doc());
                    refuse(checked.cause(), join.doc(), "cannot check your access now; retry");
                    return;
                }
                subscribe(join, membership, doc, checked.result());
            });
        });
    }

    private void subscribe(ClientMessage.Join join, Joined membership, LiveDocument doc, Access.Grant grant) {
        ServerMessages.User user = new ServerMessages.User(principal.id(), principal.name(), grant.discipline(),
                grant.role().code());
        Subscriber subscriber = new Subscriber(this, user, join.client() != null ? join.client() : connectionId);
        membership.doc = doc;
        membership.subscriber = subscriber;
        membership.grant = grant;
        doc.execute(() -> {
            if (!doc.join(subscriber, join.rev())) {
                context.runOnContext(v -> { // evicted between open and join: open again
                    membership.doc = null;
                    membership.subscriber = null;
                    open(join, membership);
                });
            }
        });
        List<ClientMessage> waiting = new ArrayList<>(membership.waiting);
        membership.waiting.clear();
        waiting.forEach(this::toDocument);
    }

    /** The current grant of a principal in a workspace (shared by the connections of one recheck round). */
    interface GrantCheck {
        Future<Access.Grant> grant(Principal principal, String workspaceId);
    }

    /** Checks again, on this socket's context, that each joined document's grant still holds; else closes (4003). */
    void recheck(GrantCheck check) {
        context.runOnContext(v -> {
            List<Access.Grant> held = new ArrayList<>(watched.values());
            for (Joined joined : documents.values()) {
                if (joined.grant != null && joined.doc != null) {
                    held.add(joined.grant);
                }
            }
            for (Access.Grant grant : held) {
                check.grant(principal, grant.workspaceId()).onComplete(now -> context.runOnContext(x -> {
                    boolean same = now.succeeded() && now.result().role() == grant.role()
                            && java.util.Objects.equals(now.result().discipline(), grant.discipline());
                    boolean storageDown = now.failed() && !(now.cause() instanceof CahierException);
                    if (!same && !storageDown) {
                        close(ACCESS_CHANGED, "your access changed: reconnect");
                    }
                }));
            }
        });
    }

    /** Watches a glossary if the principal may read it; a non-member is told it does not exist. */
    private void watch(String glossary) {
        CahierException notFound = new CahierException(ErrorCode.NOT_FOUND, "no glossary \"" + glossary + "\"");
        sync.glossaryWorkspaces().workspaceOf(glossary)
                .compose(ws -> ws == null ? Future.<Access.Grant>failedFuture(notFound)
                        : sync.access().check(principal, Access.Action.READ, ws, notFound))
                .onComplete(checked -> context.runOnContext(v -> {
                    if (checked.failed()) {
                        refuse(checked.cause(), null, "cannot check your access now; retry");
                        return;
                    }
                    if (!open) {
                        return;
                    }
                    watched.put(glossary, checked.result());
                    sync.watch(glossary, this);
                    send(ServerMessages.watching(glossary));
                }));
    }

    private void toDocument(ClientMessage message) {
        try {
            toDocument(docOf(message), message);
        } catch (CahierException e) {
            refuse(e.code(), e.getMessage(), docOf(message), seqOf(message), null);
        }
    }

    private void toDocument(String docId, ClientMessage message) {
        Joined membership = documents.get(docId);
        if (membership == null) {
            throw new CahierException(ErrorCode.BAD_MESSAGE, "join document \"" + docId + "\" before sending to it");
        }
        if (message instanceof ClientMessage.Op op) {
            if (sync.closing()) {
                throw new CahierException(ErrorCode.UNAVAILABLE, "the server is shutting down; nothing was applied, resend after reconnecting");
            }
            if (!takeToken()) {
                throw new CahierException(ErrorCode.RATE_LIMITED, "more than " + sync.limits().opRate()
                        + " operations per second on this connection; nothing was applied, resend later");
            }
        }
        if (membership.doc == null) {
            membership.waiting.add(message);
            return;
        }
        LiveDocument doc = membership.doc;
        Subscriber subscriber = membership.subscriber;
        if (message instanceof ClientMessage.Op op) {
            Role role = membership.grant.role();
            if (!role.allows(Access.Action.EDIT)) {
                throw Access.refusal(role, Access.Action.EDIT);
            }
            doc.execute(() -> doc.submit(subscriber, op));
        } else if (message instanceof ClientMessage.Presence presence) {
            // every member may read, so every member shows where they are reading
            doc.execute(() -> doc.presence(subscriber, presence));
        }
    }

    private void leave(String docId) {
        Joined membership = documents.remove(docId);
        if (membership == null) {
            throw new CahierException(ErrorCode.BAD_MESSAGE, "document \"" + docId + "\" is not joined");
        }
        if (membership.doc != null) {
            LiveDocument doc = membership.doc;
            doc.execute(() -> doc.leave(this));
        }
    }

    private void onClose() {
        open = false;
        logAbnormalClose(closedWith != 0);
        sync.forget(this);
        for (Joined membership : documents.values()) {
            if (membership.doc != null) {
                LiveDocument doc = membership.doc;
                doc.execute(() -> doc.leave(this));
            }
        }
        documents.clear();
        watched.keySet().forEach(glossary -> sync.unwatch(glossary, this));
        watched.clear();
    }

    /** Sockets that ended abnormally in the current window, and when it began: at most {@link #LOGGED_CLOSES} lines per window. */
    private static final java.util.concurrent.atomic.AtomicInteger abnormalCloses = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicLong abnormalWindowStart = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
    private static final int LOGGED_CLOSES = 20;
    private static final long ABNORMAL_CLOSE_WINDOW_NANOS = 10_000_000_000L;

    /**
     * Logs a socket that ended without a normal close from either end: the peer sent no close
     * frame, or a code other than 1000/1001, or the socket failed. Without this such closes left
     * no trace on the server (a client's own stack refusing a frame reports 1006 on its side).
     */
    private void logAbnormalClose(boolean closedByUs) {
        Short code = socket.closeStatusCode();
        boolean normal = code != null && (code == 1000 || code == 1001) && failure == null;
        if (closedByUs || normal) {
            LOG.fine(() -> connectionId + " closed (" + code + ")");
            return;
        }
        long now = System.nanoTime();
        long windowStart = abnormalWindowStart.get();
        if (now - windowStart > ABNORMAL_CLOSE_WINDOW_NANOS && abnormalWindowStart.compareAndSet(windowStart, now)) {
            int skipped = abnormalCloses.getAndSet(0) - LOGGED_CLOSES;
            if (skipped > 0) {
                LOG.info(skipped + " more sockets ended abnormally in the last 10 s");
            }
        }
        if (abnormalCloses.incrementAndGet() <= LOGGED_CLOSES) {
            LOG.info(connectionId + " of " + principal.id() + " ended after " + (now - openedAt) / 1_000_000 + " ms"
                    + (code == null || code == 1006 ? " without a close frame" : " with code " + code + " " + socket.closeReason())
                    + (failure != null ? ": " + failure : "") + " (documents " + documents.keySet() + ")");
        }
    }

    private boolean takeToken() {
        long now = System.nanoTime();
        tokens = Math.min(sync.limits().opBurst(), tokens + (now - refilledAt) * sync.limits().opRate() / 1e9);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /**
     * Answers a refused message; a client that keeps sending garbage (malformed frames, invalid
     * ops, unknown documents, oversized frames) is disconnected. Being rate-limited is not garbage.
     */
    private void refuse(ErrorCode code, String message, String doc, Long seq, String reason) {
        sendError(code, message, doc, seq, reason);
        if (code != ErrorCode.BAD_MESSAGE && code != ErrorCode.BAD_OP && code != ErrorCode.TOO_LARGE
                && code != ErrorCode.UNKNOWN_DOC) {
            return;
        }
        long now = System.nanoTime();
        if (now - refusalWindowStart > REFUSAL_WINDOW_NANOS) {
            refusalWindowStart = now;
            refusals = 0;
        }
        if (++refusals > MAX_REFUSALS) {
            close(POLICY, "too many refused messages");
        }
    }

    /**
     * Answers a failed step of a message: a refusal says why; anything else (storage down, a bug)
     * is logged and answered {@code unavailable} with {@code retry}.
     */
    private void refuse(Throwable cause, String doc, String retry) {
        if (cause instanceof CahierException e) {
            refuse(e.code(), e.getMessage(), doc, null, null);
        } else {
            LOG.log(Level.WARNING, retry + (doc == null ? "" : " (document " + doc + ")"), cause);
            sendError(ErrorCode.UNAVAILABLE, retry, doc, null, null);
        }
    }

    private static String docOf(ClientMessage message) {
        if (message instanceof ClientMessage.Join join) {
            return join.doc();
        } else if (message instanceof ClientMessage.Op op) {
            return op.doc();
        } else if (message instanceof ClientMessage.Presence presence) {
            return presence.doc();
        } else if (message instanceof ClientMessage.Leave leave) {
            return leave.doc();
        }
        return null;
    }

    private static Long seqOf(ClientMessage message) {
        return message instanceof ClientMessage.Op op ? op.seq() : null;
    }
}
