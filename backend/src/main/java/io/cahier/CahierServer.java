package io.cahier;

import io.cahier.accounts.AccountRoutes;
import io.cahier.accounts.AccountStore;
import io.cahier.accounts.Accounts;
import io.cahier.documents.DocumentRepository;
import io.cahier.documents.DocumentRoutes;
import io.cahier.http.Access;
import io.cahier.http.CahierException;
import io.cahier.http.Principals;
import io.cahier.http.Problems;
import io.cahier.http.Rest;
import io.cahier.glossary.GlossaryRepository;
import io.cahier.glossary.GlossaryRoutes;
import io.cahier.http.SecurityHeaders;
import io.cahier.storage.Database;
import io.cahier.sync.Cluster;
import io.cahier.sync.Committer;
import io.cahier.sync.LiveDocuments;
import io.cahier.sync.OperationLog;
import io.cahier.sync.SyncService;
import io.cahier.sync.WaitHistogram;
import io.cahier.workspaces.WorkspaceRoutes;
import io.cahier.workspaces.WorkspaceStore;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One Cahier node: opens the store, then serves the REST API, the WebSocket sync endpoint and the
 * web client. Documents live on shard contexts, group commit on its own context, and HTTP on
 * every event loop ({@code CAHIER_EVENT_LOOPS}, one fewer than the cores by default). Tests
 * construct it exactly as {@link Main} does.
 */
public final class CahierServer extends VerticleBase {

    private static final int REST_BODY_LIMIT = 1 << 20;

    private final Config config;
    private Database database;
    private SyncService sync;
    private LiveDocuments live;
    private Committer committer;
    private Cluster cluster;
    private GlossaryRoutes glossaryRoutes;
    private WorkspaceRoutes workspaceRoutes;
    private final List<HttpServer> servers = Collections.synchronizedList(new ArrayList<>());
    private int port;
    private volatile Router router;
    private volatile String setupLink;

    public CahierServer(Config config) {
        this.config = config;
    }

    @Override
    public Future<?> start() {
        boolean shared = config.dbUrl() != null;
        database = shared ? Database.postgres(vertx, config.dbUrl(), config.dbPoolSize()) : Database.sqlite(vertx, config.dataDir());
        return database.migrate()
                .compose(v -> contexts(config.eventLoops() + 1))
                .compose(contexts -> {
                    OperationLog log = new OperationLog(database, shared ? config.nodeId() : null);
                    WorkspaceStore workspaceStore = new WorkspaceStore(database);
                    Access access = new Access(workspaceStore);
                    Accounts accounts = new Accounts(vertx, new AccountStore(database), java.time.Duration.ofDays(config.sessionDays()));
                    Principals principals = new Principals(accounts, config.secureCookies());
                    AccountRoutes accountRoutes = new AccountRoutes(accounts, principals);
                    committer = new Committer(contexts.get(0), log);
                    GlossaryRepository glossaryRepository = new GlossaryRepository(database);
                    live = new LiveDocuments(vertx, contexts.subList(1, contexts.size()), log, committer,
                            config.snapshotEvery(), config.docIdleMillis());
                    sync = new SyncService(live, committer, access, principals,
                            new SyncService.Limits(config.maxFrameBytes(), config.opRate(), config.opBurst()), config.publicUrl(),
                            glossaryId -> glossaryRepository.find(glossaryId).map(g -> g.map(io.cahier.glossary.Glossary::workspaceId).orElse(null)));
                    DocumentRepository documentRepository = new DocumentRepository(database, log);
                    DocumentRoutes documents = new DocumentRoutes(documentRepository, log, access, live);
                    workspaceRoutes = new WorkspaceRoutes(workspaceStore, access, accounts, principals, config.publicUrl(),
                            live::accessChanged);
                    glossaryRoutes = new GlossaryRoutes(glossaryRepository, documentRepository, access, config.publicUrl(),
                            (glossary, entry, change, docs) -> live.glossaryChanged(docs, glossary, entry, change));
                    Future<?> joined = shared
                            ? Cluster.join(vertx, database, config.nodeId(), live).onSuccess(c -> {
                                cluster = c;
                                vertx.setPeriodic(SyncService.RECHECK_MILLIS, t -> sync.recheckAll());
                            })
                            : Future.succeededFuture();
                    int listenPort;
                    try {
                        listenPort = config.port() != 0 ? config.port() : freePort();
                    } catch (java.io.IOException e) {
                        return Future.failedFuture(e);
                    }
                    // The set-up token exists, and its link is printed, before the node answers
                    // anything: a set-up request, or a reader of the log who saw /health answer,
                    // never comes too early.
                    return joined.compose(v -> accounts.setupTokenIfNoUser())
                            .compose(token -> {
                                port = listenPort;
                                if (token != null) {
                                    setupLink = publicUrl() + "/setup#" + token;
                                    System.out.println("Open " + setupLink + " to create the first facilitator account");
                                }
                                return listen(contexts.subList(1, contexts.size()), listenPort, principals, accountRoutes, documents);
                            });
                });
    }

    /** Contexts of their own (distinct event loops, round robin) for the committer and the shards. */
    private Future<List<Context>> contexts(int count) {
        List<Context> contexts = Collections.synchronizedList(new ArrayList<>());
        return vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                contexts.add(context);
                return Future.succeededFuture();
            }
        }, new DeploymentOptions().setInstances(count)).map(id -> new ArrayList<>(contexts));
    }

    /** One HTTP server per event loop, sharing the port (Vert.x balances connections between them). */
    private Future<Void> listen(List<Context> contexts, int listenPort, Principals principals, AccountRoutes accounts,
            DocumentRoutes documents) {
        HttpServerOptions options = new HttpServerOptions()
                .setMaxWebSocketFrameSize(4 * config.maxFrameBytes())
                .setMaxWebSocketMessageSize(4 * config.maxFrameBytes())
                // no WebSocket compression: the size limits count compressed bytes, and a frame of a
                // few megabytes can inflate to gigabytes before any check reads it
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false);
        Future<Void> chain = Future.succeededFuture();
        for (Context context : contexts) {
            chain = chain.compose(v -> listenOn(context, options, listenPort, principals, accounts, documents));
        }
        return chain;
    }

    /** Port 0 means "any free port": servers sharing a port need to name the same one. */
    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private Future<Void> listenOn(Context context, HttpServerOptions options, int listenPort, Principals principals,
            AccountRoutes accounts, DocumentRoutes documents) {
        Promise<Void> listening = Promise.promise();
        context.runOnContext(v -> vertx.createHttpServer(options)
                .requestHandler(router(principals, accounts, documents))
                .listen(listenPort)
                .onComplete(done -> {
                    if (done.succeeded()) {
                        servers.add(done.result());
                        if (port != 0 && port != done.result().actualPort()) {
                            listening.fail("HTTP servers did not share one port: " + port + " and " + done.result().actualPort());
                            return;
                        }
                        port = done.result().actualPort();
                        listening.complete();
                    } else {
                        listening.fail(done.cause());
                    }
                }));
        return listening.future();
    }

    private Router router(Principals principals, AccountRoutes accounts, DocumentRoutes documents) {
        Router router = Router.router(vertx);
        router.route().handler(SecurityHeaders::add);
        router.get("/health").handler(this::health);
        router.route("/api/*").handler(Rest::refuseForms);
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(REST_BODY_LIMIT));
        router.route("/api/*").handler(Rest.resolvePrincipal(principals, publicUrl()));
        accounts.mount(router);
        workspaceRoutes.mount(router);
        documents.mount(router);
        glossaryRoutes.mount(router);
        router.route("/api/*").handler(ctx -> ctx.fail(CahierException.notFound(
                "no such API route: " + ctx.request().method() + " " + ctx.request().path())));
        sync.mount(router);
        // The web client's own addresses (a document's shareable link, a workspace, an invitation
        // link, sign-in, first-start set-up) are its page; the client reads the path.
        // (The first start's set-up link carries its token in the fragment, which never reaches a log.)
        for (String page : List.of("/d/:id", "/w/:id", "/i/:token", "/signin", "/setup", "/g/:id", "/g/:id/compare")) {
            router.get(page).handler(ctx -> ctx.reroute("/"));
        }
        router.route().handler(StaticHandler.create("webroot"));
        // Any other address a browser asks for as a page: the client's own "page not found" (its
        // header, its language, a way home), as a 404
        router.route().handler(ctx -> {
            String accept = ctx.request().getHeader("accept");
            if (ctx.request().method() != io.vertx.core.http.HttpMethod.GET || accept == null || !accept.contains("text/html")) {
                ctx.next();
                return;
            }
            ctx.response().setStatusCode(404).putHeader("content-type", "text/html; charset=utf-8").sendFile("webroot/index.html")
                    .onFailure(ctx::fail);
        });
        router.route().failureHandler(Problems::handle);
        this.router = router;
        return router;
    }

    private void health(RoutingContext ctx) {
        Future.all(live.openCount(), committer.stats()).onComplete(done -> {
            JsonObject body = new JsonObject()
                    .put("status", "up")
                    .put("version", Main.version())
                    .put("node", config.nodeId())
                    .put("store", database.dialect())
                    .put("connections", sync.connectionCount());
            if (done.succeeded()) {
                Committer.Stats commits = done.result().resultAt(1);
                if (cluster != null) {
                    body.put("listening", cluster.listening());
                }
                body.put("openDocuments", (Integer) done.result().resultAt(0))
                        .put("commits", new JsonObject().put("batches", commits.batches()).put("operations", commits.operations())
                                .put("lostRaces", commits.lostRaces()).put("waitMs", WaitHistogram.toJson(commits.waitCounts())));
            }
            ctx.response().putHeader("content-type", "application/json").end(body.encode());
        });
    }

    /**
     * Every connection checks its rights again now (clustered nodes do it every minute and when
     * their listener reconnects); tests call it after changing the store behind the server's back.
     */
    public void recheckConnections() {
        sync.recheckAll();
    }

    /** The store (tests use it to take storage down). */
    public Database database() {
        return database;
    }

    /** The WebSocket side (tests look at its connections' bookkeeping). */
    public SyncService sync() {
        return sync;
    }

    /** The HTTP router (every node's servers share the same routes); tests walk its routes. */
    public Router router() {
        return router;
    }

    /** The address users reach, without a trailing slash; the default names the port actually bound. */
    private String publicUrl() {
        String url = config.publicUrl().equals("http://localhost:0") ? "http://localhost:" + port : config.publicUrl();
        return url.replaceAll("/+$", "");
    }

    private static final java.util.regex.Pattern PRINTED_SETUP_LINK = java.util.regex.Pattern.compile("/setup#([A-Za-z0-9_-]+) ");

    /**
     * The set-up token in what a node printed on its standard output, if it printed the first
     * start's link (a benchmark or a test that started the node as a process follows it).
     */
    public static java.util.Optional<String> setupTokenIn(String printed) {
        java.util.regex.Matcher link = PRINTED_SETUP_LINK.matcher(printed);
        return link.find() ? java.util.Optional.of(link.group(1)) : java.util.Optional.empty();
    }

    /** The first start's set-up link printed at start-up, or null when a user existed (tests follow it). */
    public String setupLink() {
        return setupLink;
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public int port() {
        return port;
    }

    /**
     * Graceful shutdown (SIGTERM): stop taking ops, let in-flight commits finish and be
     * acknowledged, close sockets with "going away", stop listening, close the store.
     */
    public Future<Void> shutdown() {
        if (sync == null) {
            return Future.succeededFuture();
        }
        return sync.shutdown()
                .compose(v -> Future.all(new ArrayList<>(servers).stream().map(HttpServer::close).toList()))
                .compose(v -> cluster == null ? Future.succeededFuture() : cluster.close())
                .compose(v -> database.close());
    }

    @Override
    public Future<?> stop() {
        return database == null ? Future.succeededFuture() : database.close();
    }
}
