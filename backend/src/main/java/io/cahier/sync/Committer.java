package io.cahier.sync;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit for every document of the node. Operations sequenced while a write is in flight
 * wait here and go into the next transaction together, whatever document they belong to, so one
 * synchronous commit (one fsync) makes a whole batch durable. All state is touched only on this
 * committer's own context.
 *
 * <p>Invariant: a document's revisions reach the log in order with no gap. When a batch fails,
 * the committer refuses that document's later revisions until the document has reloaded its
 * durable state and called {@link #reset}.
 */
public final class Committer {

    private static final Logger LOG = Logger.getLogger(Committer.class.getName());

    /** One sequenced operation on its way to the log, and the snapshot to write with it, if any. */
    record Entry(LiveDocument doc, StoredOperation op, Snapshot snapshot) {
    }

    private final Context context;
    private final OperationLog log;
    private List<Entry> queue = new ArrayList<>();
    private boolean writing;
    private final Map<String, Long> refusedFrom = new HashMap<>();
    private final List<Promise<Void>> drainWaiters = new ArrayList<>();
    private long batches;
    private long committedOps;

    public Committer(Context context, OperationLog log) {
        this.context = context;
        this.log = log;
    }

    /** Called from a document's context; the document hears back through durable/commitFailed. */
    void submit(Entry entry) {
        context.runOnContext(v -> enqueue(entry));
    }

    /** The document has reloaded its durable state: accept its revisions again. */
    void reset(String docId) {
        context.runOnContext(v -> refusedFrom.remove(docId));
    }

    /** Completes when everything submitted so far is written (or has failed). */
    public Future<Void> drain() {
        Promise<Void> drained = Promise.promise();
        context.runOnContext(v -> {
            if (!writing && queue.isEmpty()) {
                drained.complete();
            } else {
                drainWaiters.add(drained);
            }
        });
        return drained.future();
    }

    private void enqueue(Entry entry) {
        Long refused = refusedFrom.get(entry.doc().id());
        if (refused != null && entry.op().rev() >= refused) {
            entry.doc().execute(entry.doc()::commitFailed);
            return;
        }
        queue.add(entry);
        flush();
    }

    private void flush() {
        if (writing || queue.isEmpty()) {
            if (!writing && queue.isEmpty() && !drainWaiters.isEmpty()) {
                drainWaiters.forEach(Promise::complete);
                drainWaiters.clear();
            }
            return;
        }
        List<Entry> batch = queue;
        queue = new ArrayList<>();
        writing = true;
        List<StoredOperation> ops = new ArrayList<>(batch.size());
        List<Snapshot> snapshots = new ArrayList<>();
        for (Entry entry : batch) {
            ops.add(entry.op());
            if (entry.snapshot() != null) {
                snapshots.add(entry.snapshot());
            }
        }
        log.append(ops, snapshots).onComplete(done -> {
            writing = false;
            Map<LiveDocument, Long> heads = new LinkedHashMap<>();
            for (Entry entry : batch) {
                heads.merge(entry.doc(), entry.op().rev(), done.succeeded() ? Math::max : Math::min);
            }
            if (done.succeeded()) {
                batches++;
                committedOps += ops.size();
                heads.forEach((doc, rev) -> doc.execute(() -> doc.durable(rev)));
            } else {
                LOG.log(Level.WARNING, "commit of " + ops.size() + " operations failed; their documents reload", done.cause());
                heads.forEach((doc, firstRev) -> refusedFrom.merge(doc.id(), firstRev, Math::min));
                List<Entry> kept = new ArrayList<>();
                for (Entry entry : queue) {
                    if (refusedFrom.containsKey(entry.doc().id())) {
                        heads.putIfAbsent(entry.doc(), entry.op().rev());
                    } else {
                        kept.add(entry);
                    }
                }
                queue = kept;
                heads.keySet().forEach(doc -> doc.execute(doc::commitFailed));
            }
            flush();
        });
    }

    /** Batches and operations committed since start (for /health and benchmarks). */
    public Future<long[]> stats() {
        Promise<long[]> stats = Promise.promise();
        context.runOnContext(v -> stats.complete(new long[] {batches, committedOps}));
        return stats.future();
    }
}
