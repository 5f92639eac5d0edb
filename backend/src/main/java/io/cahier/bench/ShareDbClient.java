package io.cahier.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cahier.client.RestClient;
import io.cahier.client.SyncEvents;
import io.cahier.protocol.ot.TextOperation;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A typist's connection to ShareDB, the reference server of {@code scripts/bench load --server
 * sharedb} ({@code scripts/sharedb/server.js}), for plain-text documents (ot-text-unicode). Like
 * ShareDB's own client and Cahier's, it keeps one operation in flight and sends the next edit when
 * that one is acknowledged, so that both servers get the same traffic.
 *
 * <p>The edits made meanwhile are composed as theirs are, but only inserts with inserts and deletes
 * with deletes. An operation that both deletes and inserts at one place has two forms in
 * ot-text-unicode (delete first or insert first), which break a tie with a concurrent insert there
 * differently, and Cahier's {@link TextOperation} keeps only one of them: composing every edit, one
 * document of 100 diverged in one run of four. An operation that only inserts or only deletes has
 * one form, and keeps it through any transformation. At two edits a second against
 * acknowledgements within milliseconds, an edit rarely waits at all.
 *
 * <p>ShareDB's wire protocol (1.2), as far as the benchmark uses it: the server greets with
 * {@code {a:"init"}}, the client answers {@code {a:"hs"}} and learns its id ({@code src}).
 * {@code {a:"s", c, d}} subscribes; the answer's {@code data} holds the version {@code v} and the
 * text. {@code {a:"op", c, d, v, seq, op}} submits an operation on version {@code v}; the submitter
 * gets {@code {a:"op", c, d, v, src, seq}} without {@code op} as its acknowledgement (after the
 * operations it missed), every other subscriber the operation. An operation on a version older than
 * the client's is a duplicate (a subscription may repeat one) and is dropped. {@code {a:"f", c, d}}
 * fetches the server's text. A ShareDB version {@code v} is Cahier's revision {@code v}: an operation
 * on version {@code v} makes revision {@code v + 1}.
 *
 * <p>ot-text-unicode counts code points where Cahier's operations count UTF-16 units: the typists
 * type ASCII only and the documents start empty, so both counts agree.
 */
final class ShareDbClient implements LoadClient {

    /** The collection of the reference server's documents ({@code d0}, {@code d1}, …). */
    static final String COLLECTION = "docs";

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Waiter(long minRev, Promise<Void> promise) {
    }

    /** Local edits not yet acknowledged, composed while they wait; {@code seq} is 0 until it is sent. */
    private static final class Edit {
        TextOperation op;
        final long editNanos;
        long seq;

        Edit(TextOperation op, long editNanos) {
            this.op = op;
            this.editNanos = editNanos;
        }
    }

    /**
     * One subscribed document, touched on the client's context only. The local text is the server's
     * text at {@code version} with every edit of {@code unacknowledged} applied in order; the first
     * is in flight (based on {@code version}), each other is based on the text after the one before.
     */
    private static final class Document {
        final String id;
        long version;
        String text = "";
        final java.util.ArrayDeque<Edit> unacknowledged = new java.util.ArrayDeque<>();
        final Promise<Void> subscribed = Promise.promise();
        final List<Waiter> waiters = new ArrayList<>();

        Document(String id) {
            this.id = id;
        }
    }

    private final ContextInternal context;
    private final WebSocketClient sockets;
    private WebSocket socket;
    private String id;
    private long nextSeq = 1;
    private Promise<Void> handshake;
    private final Map<String, Document> docs = new HashMap<>();
    private final Map<String, Promise<RestClient.DocumentText>> fetches = new HashMap<>();
    private volatile Handler<SyncEvents.Sent> sentHandler = e -> { };
    private volatile Handler<SyncEvents.Acknowledged> ackHandler = e -> { };
    private volatile Handler<SyncEvents.RemoteOp> remoteOpHandler = e -> { };
    private volatile Handler<String> problemHandler = e -> { };
    private volatile Handler<SyncEvents.ConnectionChange> connectionHandler = e -> { };

    /** A client on a new event-loop context (successive ones take the event loops in turn). */
    ShareDbClient(Vertx vertx, WebSocketClient sockets) {
        this.context = ((VertxInternal) vertx).createEventLoopContext();
        this.sockets = sockets;
    }

    @Override
    public String clientId() {
        return id;
    }

    @Override
    public Context context() {
        return context;
    }

    @Override
    public Future<Void> open(String host, int port, String doc) {
        return connect(host, port).compose(v -> subscribe(doc));
    }

    /** Opens the socket; completes after the handshake, when {@link #clientId()} is known. */
    Future<Void> connect(String host, int port) {
        return onContext(() -> {
            handshake = Promise.promise();
            return sockets.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/"))
                    .compose(ws -> {
                        socket = ws;
                        ws.textMessageHandler(this::onFrame);
                        ws.closeHandler(v -> connectionHandler.handle(
                                new SyncEvents.ConnectionChange(false, ws.closeStatusCode(), ws.closeReason())));
                        connectionHandler.handle(new SyncEvents.ConnectionChange(true, null, null));
                        return handshake.future();
                    });
        });
    }

    private Future<Void> subscribe(String doc) {
        return onContext(() -> {
            Document document = docs.computeIfAbsent(doc, Document::new);
            send(JSON.createObjectNode().put("a", "s").put("c", COLLECTION).put("d", doc));
            return document.subscribed.future();
        });
    }

    /** The server's text of {@code doc} and its revision. */
    Future<RestClient.DocumentText> fetch(String doc) {
        return onContext(() -> fetches.computeIfAbsent(doc, d -> {
            send(JSON.createObjectNode().put("a", "f").put("c", COLLECTION).put("d", d));
            return Promise.promise();
        }).future());
    }

    @Override
    public String text(String doc) {
        return docs.get(doc).text;
    }

    @Override
    public long revision(String doc) {
        return docs.get(doc).version;
    }

    @Override
    public void submit(String doc, TextOperation op) {
        Document document = docs.get(doc);
        document.text = op.apply(document.text);
        Edit waiting = document.unacknowledged.size() > 1 ? document.unacknowledged.peekLast() : null;
        int kind = kind(op);
        if (waiting != null && kind != MIXED && kind(waiting.op) == kind) {
            waiting.op = waiting.op.compose(op);
            return;
        }
        document.unacknowledged.add(new Edit(op, System.nanoTime()));
        if (document.unacknowledged.size() == 1) {
            sendInFlight(document);
        }
    }

    @Override
    public Future<Void> whenSynchronized(String doc, long minRev) {
        return onContext(() -> {
            Document document = docs.get(doc);
            Promise<Void> promise = Promise.promise();
            document.waiters.add(new Waiter(minRev, promise));
            settle(document);
            return promise.future();
        });
    }

    @Override
    public Future<Void> close() {
        return onContext(() -> socket == null ? Future.succeededFuture() : socket.close());
    }

    private static final int INSERTS = 1;
    private static final int DELETES = 2;
    private static final int MIXED = INSERTS | DELETES;

    /** What {@code op} does: {@link #INSERTS}, {@link #DELETES}, both ({@link #MIXED}) or nothing (0). */
    private static int kind(TextOperation op) {
        int kind = 0;
        for (int i = 0; i < op.size(); i++) {
            kind |= op.isInsert(i) ? INSERTS : op.isDelete(i) ? DELETES : 0;
        }
        return kind;
    }

    private void sendInFlight(Document document) {
        Edit edit = document.unacknowledged.peek();
        edit.seq = nextSeq++;
        ObjectNode frame = JSON.createObjectNode().put("a", "op").put("c", COLLECTION).put("d", document.id)
                .put("v", document.version).put("seq", edit.seq);
        frame.set("op", toShareDb(edit.op));
        send(frame);
        sentHandler.handle(new SyncEvents.Sent(document.id, edit.seq, document.version, edit.op, edit.editNanos, false));
    }

    private void send(ObjectNode frame) {
        socket.writeTextMessage(frame.toString());
    }

    private void onFrame(String frame) {
        long arrival = System.nanoTime();
        JsonNode message;
        try {
            message = JSON.readTree(frame);
        } catch (IOException e) {
            problemHandler.handle("unreadable frame " + frame);
            return;
        }
        String action = message.path("a").asText();
        if (message.has("error")) {
            problemHandler.handle("got " + message);
            if (action.equals("hs")) {
                handshake.tryFail(message.get("error").toString());
            }
            Document document = docs.get(message.path("d").asText());
            if (action.equals("s") && document != null) {
                document.subscribed.tryFail(message.get("error").toString());
            }
            return;
        }
        switch (action) {
            case "init" -> send(JSON.createObjectNode().put("a", "hs").putNull("id").put("protocol", 1).put("protocolMinor", 2));
            case "hs" -> {
                id = message.get("id").asText();
                handshake.tryComplete();
            }
            case "s" -> {
                Document document = docs.get(message.path("d").asText());
                JsonNode data = message.path("data");
                document.version = data.path("v").asLong();
                document.text = data.path("data").asText();
                document.subscribed.tryComplete();
            }
            case "f" -> {
                Promise<RestClient.DocumentText> fetched = fetches.remove(message.path("d").asText());
                JsonNode data = message.path("data");
                if (fetched != null) {
                    fetched.complete(new RestClient.DocumentText(message.path("d").asText(), data.path("v").asLong(),
                            data.path("data").asText()));
                }
            }
            case "op" -> onOp(message, arrival);
            default -> { } // presence and the like: not used
        }
    }

    private void onOp(JsonNode message, long arrival) {
        Document document = docs.get(message.path("d").asText());
        if (document == null) {
            return;
        }
        long v = message.path("v").asLong();
        String src = message.path("src").asText();
        long seq = message.path("seq").asLong();
        Edit inFlight = document.unacknowledged.peek();
        if (!message.has("op")) {
            if (inFlight == null || !src.equals(id) || seq != inFlight.seq) {
                problemHandler.handle(document.id + ": an acknowledgement of nothing outstanding: " + message);
                return;
            }
            if (v != document.version) {
                problemHandler.handle(document.id + ": acknowledged on version " + v + ", the client is at " + document.version);
            }
            document.version = v + 1;
            document.unacknowledged.remove();
            ackHandler.handle(new SyncEvents.Acknowledged(document.id, v + 1, seq, inFlight.editNanos, arrival, false));
            if (!document.unacknowledged.isEmpty()) {
                sendInFlight(document);
            }
            settle(document);
            return;
        }
        if (v < document.version) {
            return; // a duplicate: a subscription may repeat what a submission's answer brought
        }
        if (v > document.version) {
            problemHandler.handle(document.id + ": an operation on version " + v + ", the client is at " + document.version);
            return;
        }
        int baseLength = inFlight != null ? inFlight.op.baseLength() : document.text.length();
        TextOperation remote = fromShareDb(message.get("op"), baseLength);
        // past each local edit in turn, the local one first at a tie, as the server puts an operation
        // submitted on an older version before the ones it missed
        TextOperation toApply = remote;
        for (Edit edit : document.unacknowledged) {
            TextOperation.Transformed t = TextOperation.transform(edit.op, toApply);
            edit.op = t.aPrime();
            toApply = t.bPrime();
        }
        document.text = toApply.apply(document.text);
        document.version = v + 1;
        remoteOpHandler.handle(new SyncEvents.RemoteOp(document.id, v + 1, src, seq, null, remote, arrival));
        settle(document);
    }

    private static void settle(Document document) {
        if (!document.unacknowledged.isEmpty()) {
            return;
        }
        document.waiters.removeIf(waiter -> {
            if (document.version >= waiter.minRev()) {
                waiter.promise().complete();
                return true;
            }
            return false;
        });
    }

    /** ot-text-unicode's form: a count skips, a string inserts, {@code {d: n}} deletes; no trailing skip. */
    static ArrayNode toShareDb(TextOperation op) {
        ArrayNode components = JSON.createArrayNode();
        int last = op.size() - 1;
        while (last >= 0 && op.isRetain(last)) {
            last--;
        }
        for (int i = 0; i <= last; i++) {
            if (op.isRetain(i)) {
                components.add(op.retainCount(i));
            } else if (op.isInsert(i)) {
                components.add(op.insertText(i));
            } else {
                components.addObject().put("d", op.deleteCount(i));
            }
        }
        return components;
    }

    /** The same operation as Cahier's, on a text of {@code baseLength} (ShareDB leaves the trailing skip out). */
    static TextOperation fromShareDb(JsonNode components, int baseLength) {
        TextOperation.Builder op = TextOperation.builder();
        int consumed = 0;
        for (JsonNode component : components) {
            if (component.isNumber()) {
                op.retain(component.asInt());
                consumed += component.asInt();
            } else if (component.isTextual()) {
                op.insert(component.asText());
            } else {
                JsonNode deleted = component.path("d");
                int n = deleted.isTextual() ? deleted.asText().length() : deleted.asInt();
                op.delete(n);
                consumed += n;
            }
        }
        if (consumed > baseLength) {
            throw new IllegalArgumentException("an operation over " + consumed + " characters of a text of " + baseLength);
        }
        return op.retain(baseLength - consumed).build();
    }

    private <T> Future<T> onContext(Supplier<Future<T>> action) {
        if (context.nettyEventLoop().inEventLoop()) {
            return action.get();
        }
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(promise));
        return promise.future();
    }

    @Override
    public LoadClient sentHandler(Handler<SyncEvents.Sent> handler) {
        this.sentHandler = handler;
        return this;
    }

    @Override
    public LoadClient ackHandler(Handler<SyncEvents.Acknowledged> handler) {
        this.ackHandler = handler;
        return this;
    }

    @Override
    public LoadClient remoteOpHandler(Handler<SyncEvents.RemoteOp> handler) {
        this.remoteOpHandler = handler;
        return this;
    }

    @Override
    public LoadClient problemHandler(Handler<String> handler) {
        this.problemHandler = handler;
        return this;
    }

    @Override
    public LoadClient connectionHandler(Handler<SyncEvents.ConnectionChange> handler) {
        this.connectionHandler = handler;
        return this;
    }
}
