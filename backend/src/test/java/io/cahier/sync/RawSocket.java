package io.cahier.sync;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A bare protocol connection for tests that need to send frames a well-behaved client would not
 * (a resubmission, for one): frames are written as given and read back by type, in order.
 */
final class RawSocket {

    private record Waiter(String type, Promise<JsonObject> promise) {
    }

    private final WebSocketClient client;
    private final WebSocket ws;
    private final List<JsonObject> unread = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();

    private RawSocket(WebSocketClient client, WebSocket ws) {
        this.client = client;
        this.ws = ws;
        ws.textMessageHandler(this::received);
    }

    /** Connects from the caller's context; frames are handled there. */
    static Future<RawSocket> connect(Vertx vertx, int port, io.cahier.client.Credential credential) {
        WebSocketClient client = vertx.createWebSocketClient();
        io.vertx.core.http.WebSocketConnectOptions options = new io.vertx.core.http.WebSocketConnectOptions()
                .setHost(RunningServer.HOST).setPort(port).setURI("/ws");
        options.setHeaders(io.vertx.core.MultiMap.caseInsensitiveMultiMap());
        credential.addTo(options.getHeaders(), false);
        return client.connect(options).map(ws -> new RawSocket(client, ws));
    }

    Future<Void> send(JsonObject frame) {
        return ws.writeTextMessage(frame.encode());
    }

    /** The next frame of {@code type} not read yet, now or when it arrives. */
    synchronized Future<JsonObject> next(String type) {
        for (Iterator<JsonObject> it = unread.iterator(); it.hasNext(); ) {
            JsonObject frame = it.next();
            if (type.equals(frame.getString("type"))) {
                it.remove();
                return Future.succeededFuture(frame);
            }
        }
        Promise<JsonObject> promise = Promise.promise();
        waiters.add(new Waiter(type, promise));
        return promise.future();
    }

    Future<Void> close() {
        return ws.close().eventually(client::close);
    }

    private void received(String text) {
        JsonObject frame = new JsonObject(text);
        Promise<JsonObject> waiting = null;
        synchronized (this) {
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter waiter = it.next();
                if (waiter.type().equals(frame.getString("type"))) {
                    it.remove();
                    waiting = waiter.promise();
                    break;
                }
            }
            if (waiting == null) {
                unread.add(frame);
            }
        }
        if (waiting != null) {
            waiting.complete(frame);
        }
    }
}
