package io.cahier.client;

import io.cahier.client.ClientState.Submission;
import io.cahier.client.ServerMessage.Selection;
import io.cahier.protocol.ot.InvalidOperationException;
import io.cahier.protocol.ot.Stickiness;
import io.cahier.protocol.ot.TextOperation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One joined document on the client side: its local text, the last server revision it knows, the
 * {@link ClientState} of its pending edits, and where it is in a (resuming) join. It does no I/O:
 * {@link SyncClient} feeds it frames and local edits and sends what {@link #toSend} returns. Its
 * methods run on the client's context; {@link #text}, {@link #rev} and {@link #state} may be read
 * from any thread.
 *
 * <p>Invariants: {@code text} = server text at {@code rev}, then the outstanding operation, then the
 * buffer; server operations are applied in revision order with no gap; a submission keeps its seq
 * until it is acknowledged, however many sockets it is sent on.
 */
final class DocumentSync {

    /** The server did something this client cannot reconcile with the protocol. */
    static final class ProtocolViolation extends RuntimeException {
        ProtocolViolation(String message) {
            super(message, null, false, false);
        }
    }

    private record Waiter(long minRev, Promise<Void> promise) {
    }

    final String doc;
    private final String clientId;
    private volatile String text = "";
    private volatile long rev = -1;
    private volatile ClientState state = ClientState.SYNCHRONIZED;
    private long lastSeq;
    private boolean hasSnapshot;
    /** Joined on the current socket and caught up: submissions may go out. */
    private volatile boolean live;
    /** The revision a resuming join's catch-up ends at, while it runs. */
    private Long head;
    private long sentSeq;
    private long sentGeneration = -1;
    private long retryNotBeforeNanos;
    private boolean presencePending;
    private Selection presence;
    private volatile Throwable failure;
    private Promise<Void> joined = Promise.promise();
    private Promise<Void> caughtUp = Promise.promise();
    private final List<Waiter> waiters = new ArrayList<>();

    DocumentSync(String doc, String clientId, long lastSeq) {
        this.doc = doc;
        this.clientId = clientId;
        this.lastSeq = lastSeq;
    }

    String text() {
        return text;
    }

    long rev() {
        return rev;
    }

    ClientState state() {
        return state;
    }

    long lastSeq() {
        return lastSeq;
    }

    boolean live() {
        return live;
    }

    Throwable failure() {
        return failure;
    }

    boolean isSynchronized() {
        return live && failure == null && state instanceof ClientState.Synchronized;
    }

    Future<Void> joinedFuture() {
        return joined.future();
    }

    /** Completes when the document is joined and caught up on the current socket. */
    Future<Void> caughtUpFuture() {
        return caughtUp.future();
    }

    /** The join frame for a new socket: fresh until a snapshot arrived, resuming from {@link #rev} after. */
    String joinFrame() {
        return ClientFrames.join(doc, clientId, hasSnapshot ? rev : null);
    }

    /** The socket is gone: nothing goes out until the next join is answered and caught up. */
    void connectionLost() {
        live = false;
        head = null;
        if (caughtUp.future().isComplete()) {
            caughtUp = Promise.promise();
        }
    }

    void onJoined(ServerMessage.Joined message) {
        if (!hasSnapshot) {
            if (message.text() == null) {
                throw new ProtocolViolation("a join without revision was answered without text");
            }
            text = message.text();
            rev = message.rev();
            hasSnapshot = true;
            live = true;
            return;
        }
        if (!message.resuming()) {
            throw new ProtocolViolation("a join from revision " + rev + " was answered without \"head\"");
        }
        if (message.rev() != rev || message.head() < rev) {
            throw new ProtocolViolation("a join from revision " + rev + " was answered with rev " + message.rev()
                    + " and head " + message.head());
        }
        head = message.head();
        catchUpDone();
    }

    /**
     * A server {@code op}: its own outstanding operation met in a catch-up (or live, after a drop)
     * is its acknowledgement; an operation at or below {@link #rev} was already seen and is ignored.
     *
     * @return an {@link SyncEvents.Acknowledged}, a {@link SyncEvents.RemoteOp}, or null when ignored
     */
    Object onOp(ServerMessage.Op message, long nanos) {
        if (!hasSnapshot || message.rev() <= rev) {
            return null;
        }
        if (message.rev() != rev + 1) {
            throw new ProtocolViolation("operation " + message.rev() + " arrived at revision " + rev);
        }
        Submission outstanding = state.outstanding();
        if (outstanding != null && clientId.equals(message.client()) && message.seq() != null
                && message.seq() == outstanding.seq()) {
            rev = message.rev();
            state = state.serverAck(this::nextSeq);
            boolean inCatchUp = head != null;
            catchUpDone();
            return new SyncEvents.Acknowledged(doc, message.rev(), outstanding.seq(), outstanding.firstEditNanos(),
                    nanos, inCatchUp);
        }
        ClientState.ServerStep step;
        String next;
        try {
            step = state.applyServer(message.op());
            next = step.toApply().apply(text);
        } catch (InvalidOperationException e) {
            throw new ProtocolViolation("operation " + message.rev() + " does not fit revision " + rev + ": "
                    + e.getMessage());
        }
        if (presence != null) {
            presence = new Selection(step.toApply().transformPosition(presence.anchor(), Stickiness.AFTER),
                    step.toApply().transformPosition(presence.head(), Stickiness.AFTER));
        }
        text = next;
        state = step.next();
        rev = message.rev();
        catchUpDone();
        return new SyncEvents.RemoteOp(doc, message.rev(), message.client(), message.seq(), message.author(),
                message.op(), nanos);
    }

    /** @return the acknowledgement, or null when it is not for the outstanding submission (a duplicate) */
    SyncEvents.Acknowledged onAck(ServerMessage.Ack message, long nanos) {
        Submission outstanding = state.outstanding();
        if (outstanding == null || message.seq() != outstanding.seq()) {
            return null;
        }
        if (message.rev() != rev + 1) {
            throw new ProtocolViolation("submission " + message.seq() + " acknowledged as revision " + message.rev()
                    + " while the client is at revision " + rev);
        }
        rev = message.rev();
        state = state.serverAck(this::nextSeq);
        return new SyncEvents.Acknowledged(doc, message.rev(), outstanding.seq(), outstanding.firstEditNanos(),
                nanos, false);
    }

    /**
     * A local edit, based on the local text: applied to it at once, then sent or buffered.
     *
     * @throws InvalidOperationException when it does not apply to the local text
     */
    void localEdit(TextOperation op, long nanos) {
        if (!hasSnapshot) {
            throw new IllegalStateException("document " + doc + " has no text yet: wait for the join to complete");
        }
        if (failure != null) {
            throw new IllegalStateException("document " + doc + " failed: " + failure.getMessage(), failure);
        }
        op.checkAppliesTo(text);
        text = op.apply(text);
        state = state.applyClient(op, nanos, this::nextSeq);
        if (presence != null) {
            presence = new Selection(op.transformPosition(presence.anchor(), Stickiness.AFTER),
                    op.transformPosition(presence.head(), Stickiness.AFTER));
        }
    }

    /** A submission to write to the socket, based on {@code rev}; {@code resend} when it went out before. */
    record Outgoing(Submission submission, long rev, boolean resend) {
    }

    /**
     * The outstanding submission when it has to go out on socket {@code generation}: the document is
     * live and it was not yet sent on that socket (or a retry is due); null otherwise.
     */
    Outgoing toSend(long generation, long nanos) {
        Submission outstanding = state.outstanding();
        if (!live || failure != null || outstanding == null || nanos < retryNotBeforeNanos
                || (sentSeq == outstanding.seq() && sentGeneration == generation)) {
            return null;
        }
        boolean resend = sentSeq == outstanding.seq();
        sentSeq = outstanding.seq();
        sentGeneration = generation;
        return new Outgoing(outstanding, rev, resend);
    }

    boolean isOutstanding(long seq) {
        Submission outstanding = state.outstanding();
        return outstanding != null && outstanding.seq() == seq;
    }

    /** The server refused {@code seq} for now (rate, storage): send it again after {@code delayNanos}. */
    void retryLater(long seq, long nanos, long delayNanos) {
        if (isOutstanding(seq)) {
            sentGeneration = -2;
            retryNotBeforeNanos = nanos + delayNanos;
        }
    }

    /** Remembers the caret to announce; it goes out when the document is synchronized. Null clears it. */
    void setPresence(Selection selection) {
        presence = selection;
        presencePending = true;
    }

    /** The presence frame to send now, or null. */
    String presenceToSend() {
        if (!presencePending || !isSynchronized()) {
            return null;
        }
        presencePending = false;
        return presence == null
                ? ClientFrames.presence(doc, rev, -1, -1)
                : ClientFrames.presence(doc, rev, presence.anchor(), presence.head());
    }

    /** Completes when synchronized (nothing pending, live) at revision {@code minRev} or later. */
    Future<Void> whenSynchronized(long minRev) {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        if (isSynchronized() && rev >= minRev) {
            return Future.succeededFuture();
        }
        Promise<Void> promise = Promise.promise();
        waiters.add(new Waiter(minRev, promise));
        return promise.future();
    }

    /** Completes the futures whose condition now holds. */
    void settle() {
        if (failure != null) {
            return;
        }
        if (live) {
            joined.tryComplete();
            caughtUp.tryComplete();
        }
        if (isSynchronized() && !waiters.isEmpty()) {
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter waiter = it.next();
                if (rev >= waiter.minRev()) {
                    it.remove();
                    waiter.promise().tryComplete();
                }
            }
        }
    }

    /** The document can no longer be kept in step; every future waiting on it fails with {@code cause}. */
    void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        live = false;
        joined.tryFail(cause);
        caughtUp.tryFail(cause);
        for (Waiter waiter : waiters) {
            waiter.promise().tryFail(cause);
        }
        waiters.clear();
    }

    /** The document's client-side state in a few words, for failure reports. */
    String describe() {
        ClientState current = state;
        String pending = current instanceof ClientState.AwaitingWithBuffer b
                ? "outstanding seq " + b.outstanding().seq() + " and a buffer"
                : current instanceof ClientState.AwaitingConfirm c ? "outstanding seq " + c.outstanding().seq() : "nothing pending";
        return doc + " at rev " + rev + ", " + pending + ", " + (live ? "live" : head != null ? "catching up to " + head : "not live")
                + ", last seq " + lastSeq + (failure != null ? ", failed: " + failure.getMessage() : "");
    }

    private void catchUpDone() {
        if (head != null && rev >= head) {
            head = null;
            live = true;
        }
    }

    private long nextSeq() {
        return ++lastSeq;
    }
}
