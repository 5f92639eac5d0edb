package io.cahier.sync;

import io.cahier.http.Access;
import io.cahier.http.CahierException;
import io.cahier.http.ErrorCode;
import io.cahier.http.Principal;
import io.cahier.http.Principals;
import io.cahier.http.Problems;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The WebSocket endpoint {@code /ws} and what its connections share: documents, limits, shutdown. */
public final class SyncService {

    private static final Logger LOG = Logger.getLogger(SyncService.class.getName());

    /** Per-connection limits (PROTOCOL.md §1). */
    public record Limits(int maxFrameBytes, double opRate, double opBurst) {
    }

    private final LiveDocuments documents;
    private final Committer committer;
    private final Access access;
    private final Limits limits;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Map<io.vertx.core.Context, OutboundBatch> batches = new ConcurrentHashMap<>();
    private volatile boolean closing;

    private final Principals principals;
    private final GlossaryWorkspaces glossaryWorkspaces;
    /** The connections watching each glossary (a glossary screen). */
    private final Map<String, Set<Connection>> watchers = new ConcurrentHashMap<>();

    /** Which workspace a glossary belongs to (null: no such glossary): what watching it needs rights in. */
    public interface GlossaryWorkspaces {
        Future<String> workspaceOf(String glossaryId);
    }

    /** The origin ({@code scheme://host[:port]}) of CAHIER_PUBLIC_URL: Cahier's own pages. */
    private final String publicOrigin;

    public SyncService(LiveDocuments documents, Committer committer, Access access, Principals principals, Limits limits,
            String publicUrl, GlossaryWorkspaces glossaryWorkspaces) {
        this.glossaryWorkspaces = glossaryWorkspaces;
        this.publicOrigin = io.cahier.http.Origins.of(publicUrl);
        this.principals = principals;
        this.documents = documents;
        this.committer = committer;
        this.access = access;
        this.limits = limits;
        documents.onAccessChanged(this::closeConnectionsOf);
        documents.onRecheck(this::recheckAll);
        documents.onGlossaryWatched(this::tellWatchers);
    }

    GlossaryWorkspaces glossaryWorkspaces() {
        return glossaryWorkspaces;
    }

    void watch(String glossary, Connection connection) {
        watchers.computeIfAbsent(glossary, g -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void unwatch(String glossary, Connection connection) {
        watchers.computeIfPresent(glossary, (g, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    /** A glossary changed (here or on another node): its watchers on this node hear it. */
    private void tellWatchers(io.vertx.core.json.JsonObject event) {
        Set<Connection> watching = watchers.get(event.getString("glossary"));
        if (watching == null || watching.isEmpty()) {
            return;
        }
        OutboundFrame frame = new OutboundFrame(io.cahier.protocol.wire.ServerMessages.glossary(null, event.getString("glossary"),
                event.getString("entry"), event.getString("change")));
        watching.forEach(c -> c.send(frame));
    }

    /**
     * Every connection checks, for each document it joined, that its principal still holds the
     * role it joined with; one that does not is closed (4003). Runs when the cluster listener
     * (re)connects, and every {@link #RECHECK_MILLIS} on clustered nodes: an access change whose
     * announcement was lost still takes effect. Each participant's role in a workspace is read
     * once per round, however many connections and documents they hold there: a thousand
     * connections of one facilitator cost one query, not a thousand queries at once in front of
     * the commits.
     */
    public void recheckAll() {
        Map<String, Future<Access.Grant>> round = new ConcurrentHashMap<>();
        Connection.GrantCheck check = (principal, workspaceId) -> round.computeIfAbsent(principal.id() + "\n" + workspaceId,
                key -> access.check(principal, Access.Action.READ, workspaceId, new CahierException(ErrorCode.UNKNOWN_DOC, "gone")));
        for (Connection connection : connections) {
            connection.recheck(check);
        }
    }

    /** How often clustered nodes check every connection's rights again. */
    public static final long RECHECK_MILLIS = 60_000;

    /**
     * A participant's role changed or they were removed (here or on another node): their
     * connections close at once with {@link Connection#ACCESS_CHANGED}; on reconnecting they hold
     * what they hold now, or nothing.
     */
    private void closeConnectionsOf(String participantId) {
        for (Connection connection : connections) {
            if (connection.participantId().equals(participantId)) {
                connection.close(Connection.ACCESS_CHANGED, "your access changed: reconnect");
            }
        }
    }

    public void mount(Router router) {
        router.get("/ws").handler(this::upgrade);
    }

    private void upgrade(RoutingContext ctx) {
        if (closing) {
            ctx.response().setStatusCode(503).end();
            return;
        }
        if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
            Problems.send(ctx, io.cahier.http.ErrorCode.BAD_REQUEST,
                    "/ws is Cahier's WebSocket endpoint: open it with a WebSocket upgrade");
            return;
        }
        // The upgrade is a GET and carries the session cookie by itself: a page of another site must
        // not open a socket in a signed-in user's name (cross-site WebSocket hijacking).
        String origin = ctx.request().getHeader("Origin");
        if (!io.cahier.http.Origins.allowed(origin, ctx.request().getHeader("Host"), publicOrigin)) {
            Problems.send(ctx, io.cahier.http.ErrorCode.FORBIDDEN, "pages of " + origin
                    + " may not open a Cahier connection; open Cahier at " + publicOrigin);
            return;
        }
        // Paused while the credential is looked up: the upgrade must find the request unread.
        ctx.request().pause();
        principals.resolve(ctx.request(), true).onComplete(resolved -> {
            if (resolved.failed()) {
                ctx.request().resume();
                if (resolved.cause() instanceof CahierException e) {
                    Problems.send(ctx, e.code(), e.getMessage());
                } else {
                    ctx.fail(resolved.cause());
                }
                return;
            }
            Principal principal = resolved.result().principal();
            if (principal == null) {
                ctx.request().resume();
                Problems.send(ctx, io.cahier.http.ErrorCode.UNAUTHORIZED,
                        "sign in, or join a workspace from its invitation link, before connecting");
                return;
            }
            upgrade(ctx, principal);
        });
    }

    private void upgrade(RoutingContext ctx, Principal principal) {
        ctx.request().toWebSocket().onComplete(upgraded -> {
            if (upgraded.failed()) {
                LOG.log(Level.INFO, "WebSocket upgrade failed: " + upgraded.cause());
                ctx.request().connection().close(); // the client's connect fails now, and it retries
                return;
            }
            Connection connection = new Connection(upgraded.result(), principal, this);
            connection.start();
            connections.add(connection);
        });
    }

    /**
     * The outbound batch of the event loop that runs {@code context}. A socket's callbacks run on
     * a duplicate of its event loop's context, one per request: keyed by the duplicate, every
     * connection got a batch of its own, which stayed in this map after it closed.
     */
    OutboundBatch batchFor(io.vertx.core.Context context) {
        return batches.computeIfAbsent(((io.vertx.core.internal.ContextInternal) context).unwrap(), OutboundBatch::new);
    }

    /** Event loops that have an outbound batch (at most one each, whatever the connections). */
    public int outboundBatches() {
        return batches.size();
    }

    LiveDocuments documents() {
        return documents;
    }

    Access access() {
        return access;
    }

    Limits limits() {
        return limits;
    }

    boolean closing() {
        return closing;
    }

    void forget(Connection connection) {
        connections.remove(connection);
    }

    public int connectionCount() {
        return connections.size();
    }

    /**
     * Graceful shutdown: refuse new ops and joins, let every operation already sequenced be
     * committed (and acknowledged), then close every socket with "going away".
     */
    public Future<Void> shutdown() {
        closing = true;
        // ops already handed to documents reach the committer; what it writes is acked before the sockets close
        return documents.barrier()
                .compose(v -> committer.drain())
                .compose(v -> documents.barrier())
                .eventually(() -> {
            List<Connection> all = new ArrayList<>(connections);
            all.forEach(c -> c.close(Connection.GOING_AWAY, "server shutting down: reconnect"));
            return Future.succeededFuture();
        });
    }
}
