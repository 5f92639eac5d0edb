package io.cahier.sync;

import io.cahier.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.io.IOException;
import java.util.List;
import java.util.logging.Logger;

/**
 * This node's ear on the other nodes sharing the PostgreSQL store. After each commit a node
 * announces the new head of every document it wrote ({@link OperationLog#OPS_CHANNEL}, a
 * {@code NOTIFY} sent inside the commit's transaction, so only committed revisions are ever
 * announced); here the announcements of the other nodes reach the documents this node has open,
 * which read the operations they missed from the log and deliver them in order. The listener
 * reconnects by itself; after every (re)connection each open document looks at the log once, so
 * that announcements missed while disconnected cost nothing but that read.
 *
 * <p>Participants travel on {@link #PRESENCE_CHANNEL}: who joined or left a document here and
 * where their carets are, as JSON with this node's id. Every node says it is alive every
 * {@link #HEARTBEAT_MS}; the participants of a node not heard for three beats leave (a node
 * killed without a word), and a node that stops says so at once.
 */
public final class Cluster {

    private static final Logger LOG = Logger.getLogger(Cluster.class.getName());
    private static final long RECONNECT_DELAY_MS = 500;
    public static final String PRESENCE_CHANNEL = "cahier_presence";
    static final long HEARTBEAT_MS = 5_000;

    private final io.vertx.sqlclient.Pool pool;
    private final java.util.Map<String, Long> lastHeard = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long lastOwnBeat = System.nanoTime();
    private long heartbeat;
    private Vertx vertx;

    private final PgSubscriber subscriber;
    private final String nodeId;
    private final LiveDocuments live;
    private volatile boolean listening;

    private Cluster(PgSubscriber subscriber, String nodeId, LiveDocuments live, io.vertx.sqlclient.Pool pool) {
        this.pool = pool;
        this.subscriber = subscriber;
        this.nodeId = nodeId;
        this.live = live;
    }

    /** Starts listening; completes once the first subscription is in place. */
    public static Future<Cluster> join(Vertx vertx, Database database, String nodeId, LiveDocuments live) {
        PgSubscriber subscriber = PgSubscriber.subscriber(vertx, database.pgOptions());
        Cluster cluster = new Cluster(subscriber, nodeId, live, database.pool());
        cluster.vertx = vertx;
        subscriber.reconnectPolicy(retries -> {
            if (retries == 0) {
                LOG.warning("lost the connection that listens to the other nodes; reconnecting");
            }
            cluster.listening = false;
            return RECONNECT_DELAY_MS; // for ever: a node without its ear must not stay deaf
        });
        subscriber.channel(OperationLog.OPS_CHANNEL)
                .handler(cluster::announced)
                .subscribeHandler(v -> {
                    cluster.listening = true;
                    LOG.info("listening to the other nodes on " + database.describe());
                    live.refreshAll();
                });
        subscriber.channel(PRESENCE_CHANNEL).handler(cluster::presence);
        live.relay((doc, event) -> cluster.publish(doc, event));
        cluster.heartbeat = vertx.setPeriodic(HEARTBEAT_MS, t -> cluster.beat());
        return subscriber.connect().map(cluster);
    }

    /**
     * "node\ndoc rev ops\ndoc rev\n…": heads other nodes committed, each with the operations
     * that reached it when they were small enough to ride along.
     */
    private void announced(String payload) {
        String[] lines = payload.split("\n");
        if (lines.length == 0 || lines[0].equals(nodeId)) {
            return;
        }
        for (int i = 1; i < lines.length; i++) {
            String[] parts = lines[i].split(" ", 3);
            if (parts.length < 2) {
                continue;
            }
            long head;
            try {
                head = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                LOG.warning("ignoring a malformed announcement line: " + lines[i]);
                continue;
            }
            List<StoredOperation> ops = List.of();
            if (parts.length == 3) {
                try {
                    ops = OperationLog.announcedOps(parts[0], parts[2]);
                } catch (IOException | RuntimeException e) {
                    // the head alone still tells the document to read the log
                    LOG.warning("unreadable operations in the announcement of " + parts[0] + " at " + head + ": " + e.getMessage());
                }
            }
            live.remoteHead(parts[0], head, ops);
        }
    }

    private Future<Void> publish(String doc, io.vertx.core.json.JsonObject event) {
        event.put("node", nodeId);
        if (doc != null) {
            event.put("doc", doc);
        }
        String payload = event.encode();
        if (payload.length() > 7000) {
            return Future.succeededFuture(); // PostgreSQL refuses payloads over 8000 bytes; a caret is never that big
        }
        return pool.preparedQuery("SELECT pg_notify($1, $2)").execute(io.vertx.sqlclient.Tuple.of(PRESENCE_CHANNEL, payload))
                .onFailure(e -> LOG.fine("presence not relayed: " + e.getMessage()))
                .<Void>mapEmpty().recover(e -> Future.succeededFuture());
    }

    private void presence(String payload) {
        io.vertx.core.json.JsonObject event;
        try {
            event = new io.vertx.core.json.JsonObject(payload);
        } catch (RuntimeException e) {
            LOG.warning("ignoring a malformed presence event");
            return;
        }
        String node = event.getString("node");
        if (nodeId.equals(node)) {
            lastOwnBeat = System.nanoTime(); // our own beat came back: the listener hears
            return;
        }
        if (node == null) {
            return;
        }
        lastHeard.put(node, System.nanoTime());
        String kind = event.getString("kind", "");
        if (kind.equals("bye")) {
            lastHeard.remove(node);
            live.nodeGone(node);
        } else if (kind.equals("glossary-watch") && event.getString("glossary") != null) {
            live.remoteGlossaryChanged(event);
        } else if (kind.equals("access") && event.getString("participant") != null) {
            live.remoteAccessChanged(event.getString("participant"));
        } else if (event.getString("doc") != null) {
            live.remoteEvent(event.getString("doc"), node, event);
        }
    }

    /**
     * Says this node is alive; lets go of the participants of nodes not heard for three beats. A
     * listening connection that stopped delivering without being closed (packets dropped on the
     * way) would leave the node deaf for ever: when its own beats stop coming back, it is closed,
     * which makes the listener reconnect and every open document look at the log.
     */
    private void beat() {
        event("alive");
        long silentSince = System.nanoTime() - java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(3 * HEARTBEAT_MS);
        if (listening && lastOwnBeat < silentSince && subscriber.actualConnection() != null) {
            LOG.warning("this node's own beats have not come back for " + 3 * HEARTBEAT_MS / 1000 + " s; reconnecting the listener");
            lastOwnBeat = System.nanoTime();
            subscriber.actualConnection().close();
        }
        lastHeard.entrySet().removeIf(entry -> {
            if (entry.getValue() < silentSince) {
                LOG.warning("node " + entry.getKey() + " has not been heard for " + 3 * HEARTBEAT_MS / 1000 + " s; its participants leave");
                live.nodeGone(entry.getKey());
                return true;
            }
            return false;
        });
    }

    /** True while the listening connection is up (for /health). */
    public boolean listening() {
        return listening;
    }

    /** Says goodbye (the other nodes drop this node's participants at once) and stops listening. */
    public Future<Void> close() {
        vertx.cancelTimer(heartbeat);
        return event("bye").compose(v -> subscriber.close());
    }

    private Future<Void> event(String kind) {
        return publish(null, new io.vertx.core.json.JsonObject().put("kind", kind));
    }
}
