package io.cahier.sync;

import io.cahier.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.logging.Logger;

/**
 * This node's ear on the other nodes sharing the PostgreSQL store. After each commit a node
 * announces the new head of every document it wrote ({@link OperationLog#OPS_CHANNEL}, a
 * {@code NOTIFY} sent inside the commit's transaction, so only committed revisions are ever
 * announced); here the announcements of the other nodes reach the documents this node has open,
 * which read the operations they missed from the log and deliver them in order. The listener
 * reconnects by itself; after every (re)connection each open document looks at the log once, so
 * that announcements missed while disconnected cost nothing but that read.
 */
public final class Cluster {

    private static final Logger LOG = Logger.getLogger(Cluster.class.getName());
    private static final long RECONNECT_DELAY_MS = 500;

    private final PgSubscriber subscriber;
    private final String nodeId;
    private final LiveDocuments live;
    private volatile boolean listening;

    private Cluster(PgSubscriber subscriber, String nodeId, LiveDocuments live) {
        this.subscriber = subscriber;
        this.nodeId = nodeId;
        this.live = live;
    }

    /** Starts listening; completes once the first subscription is in place. */
    public static Future<Cluster> join(Vertx vertx, Database database, String nodeId, LiveDocuments live) {
        PgSubscriber subscriber = PgSubscriber.subscriber(vertx, database.pgOptions());
        Cluster cluster = new Cluster(subscriber, nodeId, live);
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
        return subscriber.connect().map(cluster);
    }

    /** "node\ndoc rev\ndoc rev…": heads other nodes committed. */
    private void announced(String payload) {
        String[] lines = payload.split("\n");
        if (lines.length == 0 || lines[0].equals(nodeId)) {
            return;
        }
        for (int i = 1; i < lines.length; i++) {
            int space = lines[i].lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            try {
                live.remoteHead(lines[i].substring(0, space), Long.parseLong(lines[i].substring(space + 1)));
            } catch (NumberFormatException e) {
                LOG.warning("ignoring a malformed announcement line: " + lines[i]);
            }
        }
    }

    /** True while the listening connection is up (for /health). */
    public boolean listening() {
        return listening;
    }

    public Future<Void> close() {
        return subscriber.close();
    }
}
