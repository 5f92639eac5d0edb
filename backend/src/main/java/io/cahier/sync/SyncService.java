package io.cahier.sync;

import io.cahier.http.Access;
import io.cahier.http.CahierException;
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

    public SyncService(LiveDocuments documents, Committer committer, Access access, Principals principals, Limits limits) {
        this.principals = principals;
        this.documents = documents;
        this.committer = committer;
        this.access = access;
        this.limits = limits;
    }

    public void mount(Router router) {
        router.get("/ws").handler(this::upgrade);
    }

    private void upgrade(RoutingContext ctx) {
        if (closing) {
            ctx.response().setStatusCode(503).end();
            return;
        }
        // The upgrade is a GET: a session cookie needs no CSRF proof here (the Origin check comes with roles).
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
            upgrade(ctx, resolved.result().principal());
        });
    }

    private void upgrade(RoutingContext ctx, Principal principal) {
        ctx.request().toWebSocket().onComplete(upgraded -> {
            if (upgraded.failed()) {
                LOG.log(Level.FINE, "WebSocket upgrade failed", upgraded.cause());
                return;
            }
            Connection connection = new Connection(upgraded.result(), principal, this);
            connections.add(connection);
            connection.start();
        });
    }

    OutboundBatch batchFor(io.vertx.core.Context context) {
        return batches.computeIfAbsent(context, OutboundBatch::new);
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
