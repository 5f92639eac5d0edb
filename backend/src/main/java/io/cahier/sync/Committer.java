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
 * <p>A write starts once per pass over the context's task queue, after the operations queued
 * before it: those sequenced from the frames of one read of the sockets go in one transaction.
 * On the embedded store the write runs on this context's thread and is over when it returns
 * ({@link io.cahier.storage.Database#writeNow}); on PostgreSQL it is in flight until the
 * database answers, and what arrives meanwhile waits for the next one.
 *
 * <p>Invariant: a document's revisions reach the log in order with no gap. Each entry carries its
 * document's epoch. When a batch fails, or a document in it lost the race for its next revision
 * to another node, the committer refuses that document's entries of that epoch or older: the
 * document has sequenced them on a state that is not the log's, and sequences them again (a new
 * epoch) once it has caught up.
 */
public final class Committer {

    private static final Logger LOG = Logger.getLogger(Committer.class.getName());

    /**
     * One sequenced operation on its way to the log, and the snapshot to write with it, if any;
     * {@code sequencedNanos} is when it was sequenced ({@link System#nanoTime()}).
     */
    record Entry(LiveDocument doc, StoredOperation op, Snapshot snapshot, long epoch, long sequencedNanos) {
    }

    /** What {@code /health} reports: batches, operations committed, races lost, and how long operations waited. */
    public record Stats(long batches, long operations, long lostRaces, long[] waitCounts) {
    }

    private final Context context;
    private final OperationLog log;
    private List<Entry> queue = new ArrayList<>();
    private boolean writing;
    /** A flush is queued on the context, behind the submissions queued before it. */
    private boolean flushQueued;
    private final Map<String, Long> refusedEpoch = new HashMap<>();
    private final List<Promise<Void>> drainWaiters = new ArrayList<>();
    private long batches;
    private long committedOps;
    private long lostRaces;
    /** From each committed operation's sequencing to the end of its commit. */
    private final WaitHistogram waits = new WaitHistogram();

    public Committer(Context context, OperationLog log) {
        this.context = context;
        this.log = log;
    }

    /** Called from a document's context; the document hears back through durable/commitFailed. */
    void submit(Entry entry) {
        context.runOnContext(v -> enqueue(entry));
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
        if (refused(entry)) {
            return; // the document already heard that this epoch failed and sequences again
        }
        // A document submits in order: once a newer epoch arrives no older one can follow it.
        refusedEpoch.remove(entry.doc().id());
        queue.add(entry);
        if (!flushQueued) {
            flushQueued = true;
            context.runOnContext(v -> {
                flushQueued = false;
                flush();
            });
        }
    }

    private boolean refused(Entry entry) {
        Long refused = refusedEpoch.get(entry.doc().id());
        return refused != null && entry.epoch() <= refused;
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
            Map<LiveDocument, long[]> docs = new LinkedHashMap<>(); // head revision, epoch
            for (Entry entry : batch) {
                docs.merge(entry.doc(), new long[] {entry.op().rev(), entry.epoch()},
                        (a, b) -> new long[] {Math.max(a[0], b[0]), Math.max(a[1], b[1])});
            }
            if (done.succeeded()) {
                batches++;
                java.util.Set<String> lost = done.result();
                docs.forEach((doc, headAndEpoch) -> {
                    if (lost.contains(doc.id())) {
                        lostRaces++;
                        refuse(doc, headAndEpoch[1]);
                        doc.execute(() -> doc.conflicted(headAndEpoch[1]));
                    } else {
                        doc.execute(() -> doc.durable(headAndEpoch[0]));
                    }
                });
                long now = System.nanoTime();
                for (Entry entry : batch) {
                    if (!lost.contains(entry.doc().id())) {
                        committedOps++;
                        waits.record(now - entry.sequencedNanos());
                    }
                }
            } else {
                LOG.log(Level.WARNING, "commit of " + ops.size() + " operations failed; their documents reload", done.cause());
                docs.forEach((doc, headAndEpoch) -> {
                    refuse(doc, headAndEpoch[1]);
                    doc.execute(() -> doc.commitFailed(headAndEpoch[1]));
                });
            }
            flush();
        });
    }

    /** Refuses the document's entries of {@code epoch} and older, including those already queued. */
    private void refuse(LiveDocument doc, long epoch) {
        refusedEpoch.merge(doc.id(), epoch, Math::max);
        queue.removeIf(this::refused);
    }

    /** Counts since start (for /health and benchmarks). */
    public Future<Stats> stats() {
        Promise<Stats> stats = Promise.promise();
        context.runOnContext(v -> stats.complete(new Stats(batches, committedOps, lostRaces, waits.counts())));
        return stats.future();
    }
}
