package io.cahier.sync;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cahier.http.CahierException;
import io.cahier.http.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The open documents of this node, spread over a few shards. Each shard is one Vert.x context with
 * its own Caffeine cache whose executor runs on that context, so a document is loaded once however
 * many connections ask for it at the same time, lives on its shard's context, and is evicted when
 * it has had no subscriber and nothing to write for the idle time.
 */
public final class LiveDocuments {

    private final List<Shard> shards;
    private volatile PresenceRelay relay = PresenceRelay.NONE;

    /** Where documents publish their participants for the other nodes (set when the node joins a cluster). */
    void relay(PresenceRelay relay) {
        this.relay = relay;
    }

    /** An event another node published about document {@code docId}: tell it if it is open here. */
    void remoteEvent(String docId, String node, io.vertx.core.json.JsonObject event) {
        ifOpen(docId, doc -> doc.remoteEvent(node, event));
    }

    /**
     * A glossary attached to these documents changed: their subscribers here hear it at once, and
     * the other nodes' through the relay.
     */
    public void glossaryChanged(java.util.List<String> docIds, String glossaryId, String entryId, String change) {
        for (String docId : docIds) {
            io.vertx.core.json.JsonObject event = new io.vertx.core.json.JsonObject().put("kind", "glossary")
                    .put("glossary", glossaryId).put("entry", entryId).put("change", change);
            ifOpen(docId, doc -> doc.glossaryChanged(event));
            relay.publish(docId, event.copy());
        }
        io.vertx.core.json.JsonObject watched = new io.vertx.core.json.JsonObject().put("glossary", glossaryId).put("entry", entryId)
                .put("change", change);
        watchListener.accept(watched);
        relay.publish(null, watched.copy().put("kind", "glossary-watch"));
    }

    private volatile java.util.function.Consumer<io.vertx.core.json.JsonObject> watchListener = event -> { };

    /** Who tells a glossary's watchers that it changed (the sync service). */
    void onGlossaryWatched(java.util.function.Consumer<io.vertx.core.json.JsonObject> listener) {
        this.watchListener = listener;
    }

    /** A glossary changed on another node: its watchers here hear it. */
    void remoteGlossaryChanged(io.vertx.core.json.JsonObject event) {
        watchListener.accept(event);
    }

    private volatile java.util.function.Consumer<String> accessListener = participant -> { };

    /** Who closes a participant's connections when their access changes (the sync service). */
    void onAccessChanged(java.util.function.Consumer<String> listener) {
        this.accessListener = listener;
    }

    /**
     * A participant's role changed or they were removed from a workspace: their connections close
     * here at once, and on the other nodes through the relay.
     */
    public void accessChanged(String participantId) {
        accessListener.accept(participantId);
        relay.publish(null, new io.vertx.core.json.JsonObject().put("kind", "access").put("participant", participantId));
    }

    /** Another node changed a participant's access. */
    void remoteAccessChanged(String participantId) {
        accessListener.accept(participantId);
    }

    /** A node stopped answering: its participants leave every document open here. */
    void nodeGone(String node) {
        forEachOpen(doc -> doc.nodeGone(node));
    }

    /** Runs {@code task} on the document's context if it is open (or being loaded) on this node; else nothing. */
    private void ifOpen(String docId, java.util.function.Consumer<LiveDocument> task) {
        Shard shard = shardOf(docId);
        shard.context.runOnContext(v -> {
            java.util.concurrent.CompletableFuture<LiveDocument> open = shard.cache.getIfPresent(docId);
            if (open != null) {
                open.thenAccept(doc -> doc.execute(() -> task.accept(doc)));
            }
        });
    }

    /** Runs {@code task} on the context of every document open on this node. */
    private void forEachOpen(java.util.function.Consumer<LiveDocument> task) {
        for (Shard shard : shards) {
            shard.context.runOnContext(v -> shard.cache.synchronous().asMap().values()
                    .forEach(doc -> doc.execute(() -> task.accept(doc))));
        }
    }

    private static final class Shard {
        final Context context;
        final AsyncLoadingCache<String, LiveDocument> cache;

        Shard(Context context, OperationLog log, Committer committer, int snapshotEvery, PresenceRelay relay) {
            this.context = context;
            this.cache = Caffeine.newBuilder()
                    .executor(command -> context.runOnContext(v -> command.run()))
                    // an unknown document loads as null (no entry, nothing logged): a client's
                    // mistake, where a failed load is logged by Caffeine as a warning with its trace
                    .buildAsync((docId, executor) -> log.load(docId)
                            .map(state -> new LiveDocument(state, context, committer, log, snapshotEvery, relay))
                            .recover(e -> e instanceof CahierException c && c.code() == ErrorCode.UNKNOWN_DOC
                                    ? Future.<LiveDocument>succeededFuture(null) : Future.failedFuture(e))
                            .toCompletionStage().toCompletableFuture());
        }
    }

    public LiveDocuments(Vertx vertx, List<Context> contexts, OperationLog log, Committer committer, int snapshotEvery,
            long idleMillis) {
        List<Shard> list = new ArrayList<>();
        for (Context context : contexts) {
            Shard shard = new Shard(context, log, committer, snapshotEvery, (doc, event) -> relay.publish(doc, event));
            list.add(shard);
            long idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
            context.runOnContext(v -> vertx.setPeriodic(Math.max(100, Math.min(idleMillis / 2, 10_000)),
                    t -> evictIdle(shard, idleNanos)));
        }
        this.shards = List.copyOf(list);
    }

    /** The live document, loaded if needed; completes on the caller's context. */
    public Future<LiveDocument> open(String docId) {
        Context caller = Vertx.currentContext();
        Promise<LiveDocument> opened = Promise.promise();
        Shard shard = shardOf(docId);
        shard.context.runOnContext(v -> shard.cache.get(docId).whenComplete((doc, error) -> {
            Runnable complete = () -> {
                if (error != null) {
                    opened.fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                } else if (doc == null) {
                    opened.fail(new CahierException(ErrorCode.UNKNOWN_DOC, "no document \"" + docId + "\""));
                } else {
                    opened.complete(doc);
                }
            };
            if (caller != null) {
                caller.runOnContext(x -> complete.run());
            } else {
                complete.run();
            }
        }));
        return opened.future();
    }

    /** Tells the open document, if any, that it was archived or unarchived. */
    public void archived(String docId, boolean archived) {
        ifOpen(docId, doc -> doc.archived(archived));
    }

    /**
     * Another node committed document {@code docId} up to {@code head}, and perhaps said with
     * which operations: tell it if it is open here.
     */
    public void remoteHead(String docId, long head, List<StoredOperation> ops) {
        ifOpen(docId, doc -> doc.remoteHead(head, ops));
    }

    /**
     * Every open document looks at the log once for revisions other nodes committed, and every
     * connection checks its rights again: access changes announced while this node was not
     * listening are not missed.
     */
    public void refreshAll() {
        forEachOpen(LiveDocument::rejoinedCluster);
        recheckListener.run();
    }

    private volatile Runnable recheckListener = () -> { };

    /** Who checks every connection's rights again (the sync service). */
    void onRecheck(Runnable listener) {
        this.recheckListener = listener;
    }

    /** How many documents are open now (all shards), for /health. */
    public Future<Integer> openCount() {
        List<Future<Integer>> counts = new ArrayList<>();
        for (Shard shard : shards) {
            Promise<Integer> count = Promise.promise();
            shard.context.runOnContext(v -> count.complete(shard.cache.synchronous().asMap().size()));
            counts.add(count.future());
        }
        return Future.all(counts).map(all -> counts.stream().mapToInt(Future::result).sum());
    }

    /** Completes once every task queued on the shards before this call has run. */
    public Future<Void> barrier() {
        List<Future<Void>> all = new ArrayList<>();
        for (Shard shard : shards) {
            Promise<Void> passed = Promise.promise();
            shard.context.runOnContext(v -> passed.complete());
            all.add(passed.future());
        }
        return Future.all(all).mapEmpty();
    }

    private void evictIdle(Shard shard, long idleNanos) {
        long now = System.nanoTime();
        shard.cache.synchronous().asMap().values().removeIf(doc -> {
            if (doc.evictable(now, idleNanos)) {
                doc.markEvicted();
                return true;
            }
            return false;
        });
    }

    private Shard shardOf(String docId) {
        return shards.get(Math.floorMod(docId.hashCode(), shards.size()));
    }
}
