package io.cahier.sync;

import io.cahier.CahierServer;
import io.cahier.Config;
import io.cahier.client.RestClient;
import io.cahier.client.SyncClient;
import io.cahier.client.SyncClientOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Cahier server on a free port with a fresh data directory, and what tests need around it:
 * its REST API and connected {@link SyncClient}s, each on its own event loop. {@link #close()}
 * closes the clients; the server goes with the test's Vert.x instance.
 */
final class RunningServer {

    static final String HOST = "localhost";

    private final Vertx vertx;
    private final CahierServer server;
    private final List<SyncClient> clients = new ArrayList<>();
    private RestClient rest;
    /** The editor invitation of the workspace {@link #newDocument} made last: clients join from it. */
    private String invitation;

    private RunningServer(Vertx vertx, CahierServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    static Future<RunningServer> start(Vertx vertx, Path dataDir) {
        List<String> args = new ArrayList<>(List.of("--port", "0"));
        args.addAll(io.cahier.testing.TestStore.flags(dataDir));
        Config config = Config.from(Map.of(), args.toArray(String[]::new));
        CahierServer server = new CahierServer(config);
        return vertx.deployVerticle(server)
                .compose(id -> vertx.executeBlocking(() -> io.cahier.testing.Workshop.facilitatorToken(
                        dataDir.toAbsolutePath().toString(), vertx, server.database())))
                .map(token -> {
                    RunningServer running = new RunningServer(vertx, server);
                    running.rest = new RestClient(vertx, HOST, server.port(), io.cahier.client.Credential.bearer(token));
                    return running;
                });
    }

    int port() {
        return server.port();
    }

    /** The server's outbound batches: one per event loop that has had a connection. */
    int outboundBatches() {
        return server.sync().outboundBatches();
    }

    RestClient rest() {
        return rest;
    }

    /** A new workspace, with an editor invitation, and one new note in it; the note's id. */
    Future<String> newDocument(String title) {
        return rest.createWorkspace("Tests").compose(ws -> rest.createInvitation(ws, "editor", 1000)
                .compose(token -> {
                    invitation = token;
                    return rest.createDocument(ws, title, "note");
                }));
    }

    /** A guest named {@code name} who joined from the invitation: their session. */
    Future<io.cahier.client.Credential> guest(String name) {
        RestClient nobody = new RestClient(vertx, HOST, port());
        return nobody.redeem(invitation, name, "designer").eventually(nobody::close);
    }

    /** A client connected as a new guest named {@code name}, not yet joined to anything. */
    Future<SyncClient> connect(String name, SyncClientOptions options) {
        SyncClient client = SyncClient.onNewEventLoop(vertx, null, options);
        clients.add(client);
        return guest(name).compose(credential -> client.connect(HOST, port(), credential)).map(client);
    }

    /** A client connected as {@code name} and joined to {@code doc}. */
    Future<SyncClient> join(String name, String doc, SyncClientOptions options) {
        return connect(name, options).compose(client -> client.join(doc).map(client));
    }

    Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        clients.forEach(c -> closing.add(c.close()));
        closing.add(rest.close());
        return Future.join(closing).mapEmpty();
    }
}
