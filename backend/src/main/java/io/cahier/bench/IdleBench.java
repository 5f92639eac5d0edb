package io.cahier.bench;

import io.cahier.client.RestClient;
import io.cahier.client.SyncClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * {@code scripts/bench idle}: the server's memory per idle connection. Starts a server, measures its
 * heap after a full GC and its RSS, opens N WebSockets each joined to one of a few documents, makes
 * sure every frame the joins caused has arrived (a ping answered on every socket), and measures
 * again. The client side is bare sockets: a join and nothing else.
 */
final class IdleBench {

    private static final int CONNECT_BATCH = 500;
    private static final int TIMEOUT_S = 120;

    private IdleBench() {
    }

    static void run(int connections, int docCount) throws Exception {
        try (ServerProcess server = ServerProcess.start(List.of())) {
            Vertx vertx = Vertx.vertx();
            io.cahier.client.Credential facilitator = server.facilitator(vertx);
            RestClient rest = new RestClient(vertx, "127.0.0.1", server.port(), facilitator);
            List<Idle> sockets = new ArrayList<>();
            try {
                String workspace = LoadBench.await(rest.createWorkspace("Idle bench"), TIMEOUT_S);
                List<String> docs = new ArrayList<>();
                for (int d = 0; d < docCount; d++) {
                    docs.add(LoadBench.await(rest.createDocument(workspace, "Idle " + d, "note"), TIMEOUT_S));
                }
                long heapBefore = server.usedHeapAfterGc();
                long rssBefore = server.rssBytes();

                WebSocketClient client = vertx.createWebSocketClient(SyncClient.socketOptions()
                        .setMaxConnections(connections + 16));
                for (int from = 0; from < connections; from += CONNECT_BATCH) {
                    List<Future<Idle>> batch = new ArrayList<>();
                    for (int i = from; i < Math.min(connections, from + CONNECT_BATCH); i++) {
                        batch.add(openAndJoin(vertx, client, server.port(), facilitator, i, docs.get(i % docs.size())));
                    }
                    LoadBench.await(Future.all(batch), TIMEOUT_S);
                    batch.forEach(f -> sockets.add(f.result()));
                    System.err.printf(Locale.ROOT, "idle: %d connections joined%n", sockets.size());
                }
                List<Future<Void>> pongs = new ArrayList<>();
                sockets.forEach(idle -> pongs.add(pingPong(idle)));
                try {
                    LoadBench.await(Future.join(pongs), TIMEOUT_S);
                } catch (TimeoutException | ExecutionException e) {
                    // the sockets that did not answer are counted and reported below
                }
                long answered = pongs.stream().filter(Future::succeeded).count();
                if (answered < connections) {
                    pongs.stream().filter(Future::failed).limit(5).forEach(f -> System.err.println("idle: " + f.cause().getMessage()));
                    throw new IllegalStateException((connections - answered) + " of " + connections
                            + " sockets did not answer a ping (" + pongs.stream().filter(Future::failed).count() + " closed)");
                }

                long heapAfter = server.usedHeapAfterGc();
                long rssAfter = server.rssBytes();
                System.out.println(String.format(Locale.ROOT,
                        "{\"bench\":\"idle\",\"connections\":%d,\"docs\":%d,\"heapBytesPerConnection\":%d,"
                                + "\"rssBytesPerConnection\":%d,\"heapBeforeMb\":%.1f,\"heapAfterMb\":%.1f,"
                                + "\"rssBeforeMb\":%.1f,\"rssAfterMb\":%.1f}",
                        connections, docCount, (heapAfter - heapBefore) / connections,
                        (rssAfter - rssBefore) / connections, heapBefore / 1048576.0, heapAfter / 1048576.0,
                        rssBefore / 1048576.0, rssAfter / 1048576.0));
            } finally {
                List<Future<Void>> closing = new ArrayList<>();
                sockets.forEach(idle -> closing.add(idle.ws().close()));
                try {
                    LoadBench.await(Future.join(closing), 30);
                    LoadBench.await(rest.close(), 10);
                    LoadBench.await(vertx.close(), 30);
                } catch (Exception e) {
                    System.err.println("idle: shutting the clients down: " + e);
                }
            }
        }
    }

    /** One idle socket: its join answered, then its ping. */
    private record Idle(WebSocket ws, Promise<Void> pong) {
    }

    private static io.vertx.core.http.WebSocketConnectOptions connectOptions(int port, io.cahier.client.Credential credential) {
        io.vertx.core.http.WebSocketConnectOptions options = new io.vertx.core.http.WebSocketConnectOptions()
                .setHost("127.0.0.1").setPort(port).setURI("/ws");
        options.setHeaders(io.vertx.core.MultiMap.caseInsensitiveMultiMap());
        credential.addTo(options.getHeaders(), false);
        return options;
    }

    /** Opens a socket on the next event loop and joins {@code doc}; completes at the {@code joined}. */
    private static Future<Idle> openAndJoin(Vertx vertx, WebSocketClient client, int port, io.cahier.client.Credential credential,
            int i, String doc) {
        Promise<Idle> joined = Promise.promise();
        Promise<Void> pong = Promise.promise();
        ((VertxInternal) vertx).createEventLoopContext().runOnContext(v ->
                client.connect(connectOptions(port, credential)).onComplete(opened -> {
                    if (opened.failed()) {
                        joined.fail(opened.cause());
                        return;
                    }
                    WebSocket ws = opened.result();
                    Idle idle = new Idle(ws, pong);
                    ws.textMessageHandler(frame -> {
                        // participant frames say "state":"joined"; only the answer has this type
                        if (frame.contains("\"type\":\"joined\"")) {
                            joined.tryComplete(idle);
                        } else if (frame.contains("\"type\":\"pong\"")) {
                            pong.tryComplete();
                        } else if (frame.contains("\"type\":\"error\"")) {
                            joined.tryFail(frame);
                        }
                    });
                    ws.closeHandler(c -> {
                        String why = "socket " + i + " closed by the server: " + ws.closeStatusCode() + " " + ws.closeReason();
                        joined.tryFail(why);
                        pong.tryFail(why);
                    });
                    ws.writeTextMessage(new JsonObject().put("type", "join").put("doc", doc)
                            .put("client", "idle-" + i).encode());
                }));
        return joined.future();
    }

    /** Completes when the server answers a ping: every frame it queued for the socket before has arrived. */
    private static Future<Void> pingPong(Idle idle) {
        idle.ws().writeTextMessage("{\"type\":\"ping\"}");
        return idle.pong().future();
    }
}
