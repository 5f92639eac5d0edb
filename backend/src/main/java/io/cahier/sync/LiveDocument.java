package io.cahier.sync;

import io.cahier.http.ErrorCode;
import io.cahier.protocol.ot.InvalidOperationException;
import io.cahier.protocol.ot.Stickiness;
import io.cahier.protocol.ot.TextBuffer;
import io.cahier.protocol.ot.TextOperation;
import io.cahier.protocol.wire.ClientMessage;
import io.cahier.protocol.wire.ClientMessage.Selection;
import io.cahier.protocol.wire.ServerMessages;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An open document: its text, revision, subscribers and recent operations. Owned by one Vert.x
 * context: every method below runs on it (callers go through {@link #execute}), so mutations
 * happen in order without locks.
 *
 * <p>The pipeline for one submission: deduplicate by (client, seq) → transform against the
 * operations since its base revision → apply to the buffer, giving it the next revision → hand it
 * to the {@link Committer} → once durable, {@code ack} the submitter and send the {@code op} to
 * every other subscriber. Subscribers only ever see durable revisions ({@link #durableRev}); the
 * buffer runs ahead by the operations still being written ({@link #pending}).
 *
 * <p>On a shared store other nodes sequence the same document. Their commits arrive as new heads
 * ({@link #remoteHead}): the document reads the operations it missed and delivers them like its
 * own ({@link #integrate}). When its own batch loses the race for a revision
 * ({@link #conflicted}), it takes its pending operations back, integrates what it missed,
 * transforms them over it and sequences them again. Submissions that arrive meanwhile wait
 * ({@link #held}) so that nothing is sequenced on a state about to change.
 */
public final class LiveDocument {

    private static final Logger LOG = Logger.getLogger(LiveDocument.class.getName());

    /**
     * Recent operations kept in memory for late submissions, presence and reconnects; older ones
     * are read from the log. Small on purpose: an operation that outlives a few young collections
     * is copied by each of them. With 2,000 per document, a server running 1,000 typists on 100
     * documents for two minutes paused 53–79 ms at every young collection (every ~12 s); with 256,
     * 19–22 ms. At 400 operations a second on one document, 256 still covers 0.6 s of lag.
     */
    static final int WINDOW = 256;

    /**
     * A sequenced operation on its way to the log, its inverse, and what the client submitted
     * (the operation and its base revision): if another node takes the revision, the submission
     * is transformed again from there, along the log's new history, as its client will see it.
     */
    private record Pending(StoredOperation op, TextOperation inverse, TextOperation submitted, long baseRev,
            DocumentState.LastSubmission previousLast) {
    }

    private record Held(Subscriber subscriber, ClientMessage.Op msg) {
    }

    /** A resuming join from a revision this node had not read yet; {@code retried}: one more read was asked for. */
    private record WaitingJoin(Subscriber subscriber, long fromRev, boolean retried) {
    }

    private final List<WaitingJoin> waitingJoins = new ArrayList<>();

    /** Epochs are unique across every document instance of the node (see {@link Committer}). */
    private static final java.util.concurrent.atomic.AtomicLong EPOCHS = new java.util.concurrent.atomic.AtomicLong();

    private final String id;
    private final String workspaceId;
    private final Context context;
    private final Committer committer;
    private final OperationLog log;
    private final int snapshotEvery;

    private TextBuffer text;
    private long rev;
    private long durableRev;
    private final ArrayList<StoredOperation> window = new ArrayList<>();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private Map<String, DocumentState.LastSubmission> lastSubmissions;
    /**
     * The latest snapshot known to be durable: the store's table of last submissions holds every
     * last submission up to it, so the next snapshot carries only those after it.
     */
    private long snapshotRev;
    /** Revisions of the snapshots this node sent to the committer and has not heard of yet. */
    private final ArrayDeque<Long> snapshotsInFlight = new ArrayDeque<>();
    private final Map<Connection, Subscriber> subscribers = new LinkedHashMap<>();
    private boolean recovering;
    private long epoch = EPOCHS.incrementAndGet();
    /** Reading operations other nodes committed; submissions wait in {@link #held} meanwhile. */
    private boolean catchingUp;
    private final List<Held> held = new ArrayList<>();
    /** A submission's history is being read from the log (see {@link #readHistory}). */
    private boolean readingHistory;
    private final ArrayDeque<Held> behindHistory = new ArrayDeque<>();
    /** The highest revision another node announced. */
    private long announcedHead;
    /** Operations other nodes announced beyond {@link #durableRev}, by revision (see {@link #missed}). */
    private final java.util.TreeMap<Long, StoredOperation> announced = new java.util.TreeMap<>();
    /** How many announced operations a document keeps at most; beyond, it reads the log. */
    static final int ANNOUNCED_MAX = 1000;
    private boolean refreshRequested;
    private boolean evicted;
    private boolean archived;
    private long idleSince = System.nanoTime();

    /** Someone connected to another node: their user, caret and the revision it is at. */
    private static final class RemoteParticipant {
        final String node;
        final ServerMessages.User user;
        Selection selection;
        long selectionRev;
        /** Its latest caret is at a revision this node has not read yet. */
        boolean waiting;

        RemoteParticipant(String node, ServerMessages.User user) {
            this.node = node;
            this.user = user;
        }
    }

    private final PresenceRelay relay;
    private final Map<String, RemoteParticipant> remoteParticipants = new LinkedHashMap<>();

    LiveDocument(DocumentState state, Context context, Committer committer, OperationLog log, int snapshotEvery,
            PresenceRelay relay) {
        this.relay = relay;
        this.id = state.docId();
        this.workspaceId = state.workspaceId();
        this.context = context;
        this.committer = committer;
        this.log = log;
        this.snapshotEvery = snapshotEvery;
        reset(state);
        relay.publish(id, new JsonObject().put("kind", "hello"));
    }

    private void reset(DocumentState state) {
        archived = state.archived();
        text = new TextBuffer(state.text());
        rev = state.rev();
        durableRev = state.rev();
        window.clear();
        window.addAll(state.recent());
        lastSubmissions = new java.util.HashMap<>(state.lastSubmissions());
        snapshotRev = state.snapshotRev();
        snapshotsInFlight.clear();
    }

    public String id() {
        return id;
    }

    public String workspaceId() {
        return workspaceId;
    }

    /** Runs {@code task} on this document's context. */
    public void execute(Runnable task) {
        context.runOnContext(v -> task.run());
    }

    // ---- joining and leaving -------------------------------------------------------------

    /** Subscribes a connection. Returns false if this document was evicted: open it again. */
    boolean join(Subscriber subscriber, Long fromRev) {
        if (evicted) {
            return false;
        }
        Connection connection = subscriber.connection;
        if (recovering) {
            refuseJoin(subscriber, ErrorCode.UNAVAILABLE, RELOADING);
            return true;
        }
        if (fromRev == null) {
            connection.send(ServerMessages.joinedSnapshot(id, durableRev, durableText(), participants(), subscriber.user.role()));
            subscribe(subscriber);
        } else if (fromRev > durableRev && log.shared()) {
            // A client coming from another node may know revisions this node has not read yet.
            waitingJoins.add(new WaitingJoin(subscriber, fromRev, false));
            refresh();
        } else if (fromRev > durableRev) {
            refuseJoin(subscriber, ErrorCode.REV_UNAVAILABLE, ahead(fromRev));
        } else {
            catchUp(subscriber, fromRev, List.of());
        }
        return true;
    }

    /** Sends ops after {@code fromRev} (fetched ones first, then the window), then subscribes. */
    private void catchUp(Subscriber subscriber, long fromRev, List<StoredOperation> fetched) {
        long covered = fetched.isEmpty() ? fromRev : fetched.get(fetched.size() - 1).rev();
        long windowFirst = windowFirstRev();
        if (covered + 1 < windowFirst && covered < durableRev) {
            log.range(id, covered + 1, windowFirst - 1).onComplete(done -> execute(() -> {
                if (done.failed()) {
                    subscriber.connection.joinFailed(id, subscriber);
                    subscriber.connection.sendError(ErrorCode.UNAVAILABLE, "cannot read the document's history; retry", id, null, null);
                    return;
                }
                List<StoredOperation> more = new ArrayList<>(fetched);
                more.addAll(done.result());
                catchUp(subscriber, fromRev, more);
            }));
            return;
        }
        if (!subscriber.connection.isOpen()) {
            return;
        }
        subscriber.connection.send(ServerMessages.joinedResume(id, fromRev, durableRev, participants(), subscriber.user.role()));
        for (StoredOperation op : fetched) {
            subscriber.connection.send(opFrame(op));
        }
        for (long r = covered + 1; r <= durableRev; r++) {
            subscriber.connection.send(opFrame(windowOp(r)));
        }
        subscribe(subscriber);
    }

    private void subscribe(Subscriber subscriber) {
        OutboundFrame joined = new OutboundFrame(ServerMessages.participant(id, subscriber.client, subscriber.user, true));
        for (Subscriber other : subscribers.values()) {
            other.connection.send(joined);
        }
        subscribers.put(subscriber.connection, subscriber);
        relay.publish(id, participantEvent("joined", subscriber));
    }

    private static JsonObject participantEvent(String kind, Subscriber s) {
        return new JsonObject().put("kind", kind).put("client", s.client)
                .put("user", new JsonObject().put("id", s.user.id()).put("name", s.user.name()).put("discipline", s.user.discipline())
                        .put("role", s.user.role()));
    }

    void leave(Connection connection) {
        Subscriber gone = subscribers.remove(connection);
        if (gone == null) {
            return;
        }
        OutboundFrame left = new OutboundFrame(ServerMessages.participant(id, gone.client, gone.user, false));
        OutboundFrame noCaret = new OutboundFrame(ServerMessages.presence(id, gone.client, gone.user, durableRev, null));
        for (Subscriber other : subscribers.values()) {
            other.connection.send(left);
            other.connection.send(noCaret);
        }
        relay.publish(id, participantEvent("left", gone));
        if (subscribers.isEmpty()) {
            idleSince = System.nanoTime();
        }
    }

    // ---- participants on other nodes -------------------------------------------------------

    /** An event another node published about this document (see {@link PresenceRelay}). */
    void remoteEvent(String node, JsonObject event) {
        String kind = event.getString("kind", "");
        if (kind.equals("glossary")) {
            glossaryChanged(event);
            return;
        }
        if (kind.equals("hello")) {
            // A node just opened the document: tell it who is here and where their carets are.
            for (Subscriber s : subscribers.values()) {
                relay.publish(id, participantEvent("joined", s));
                Selection selection = currentSelection(s);
                if (selection != null) {
                    relay.publish(id, presenceEvent(s, selection));
                }
            }
            return;
        }
        String client = event.getString("client");
        if (client == null) {
            return;
        }
        if (kind.equals("joined")) {
            JsonObject user = event.getJsonObject("user", new JsonObject());
            RemoteParticipant participant = new RemoteParticipant(node,
                    new ServerMessages.User(user.getString("id"), user.getString("name"), user.getString("discipline"),
                            user.getString("role")));
            if (remoteParticipants.put(client, participant) == null) {
                sendToAll(ServerMessages.participant(id, client, participant.user, true));
            }
        } else if (kind.equals("left")) {
            RemoteParticipant gone = remoteParticipants.get(client);
            // A client that moved to another node: the old node's late "left" is not about it any more.
            if (gone != null && gone.node.equals(node)) {
                remoteParticipants.remove(client);
                remoteLeft(client, gone);
            }
        } else if (kind.equals("presence")) {
            RemoteParticipant participant = remoteParticipants.get(client);
            if (participant == null) {
                return;
            }
            io.vertx.core.json.JsonArray range = event.getJsonArray("selection");
            participant.selection = range == null ? null : new Selection(range.getInteger(0), range.getInteger(1));
            participant.selectionRev = event.getLong("rev", 0L);
            sendRemotePresence(client, participant);
        }
    }

    /** A glossary attached to this document changed (here or on another node): every subscriber hears it. */
    void glossaryChanged(JsonObject event) {
        sendToAll(ServerMessages.glossary(id, event.getString("glossary"), event.getString("entry"), event.getString("change")));
    }

    /** Every participant of a node that stopped answering leaves. */
    void nodeGone(String node) {
        remoteParticipants.entrySet().removeIf(entry -> {
            if (entry.getValue().node.equals(node)) {
                remoteLeft(entry.getKey(), entry.getValue());
                return true;
            }
            return false;
        });
    }

    private void remoteLeft(String client, RemoteParticipant gone) {
        sendToAll(ServerMessages.participant(id, client, gone.user, false));
        sendToAll(ServerMessages.presence(id, client, gone.user, durableRev, null));
    }

    /** A remote caret, placed at our durable revision; one from a revision we have not read yet waits for it. */
    private void sendRemotePresence(String client, RemoteParticipant participant) {
        participant.waiting = participant.selectionRev > durableRev;
        if (participant.waiting) {
            return; // sent by flushRemotePresence once the operations up to it are here
        }
        Selection selection = remoteSelection(participant);
        if (participant.selection != null && selection == null) {
            return; // too old to place
        }
        sendToAll(ServerMessages.presence(id, client, participant.user, durableRev, selection));
    }

    private Selection remoteSelection(RemoteParticipant p) {
        if (p.selection == null || p.selectionRev > durableRev || p.selectionRev + 1 < windowFirstRev()) {
            return null;
        }
        return transform(p.selection, p.selectionRev, durableRev);
    }

    /** Remote carets that were ahead of us and that the revisions just read have caught up with. */
    private void flushRemotePresence() {
        remoteParticipants.forEach((client, p) -> {
            if (p.waiting && p.selectionRev <= durableRev) {
                sendRemotePresence(client, p);
            }
        });
    }

    private JsonObject presenceEvent(Subscriber s, Selection selection) {
        return new JsonObject().put("kind", "presence").put("client", s.client).put("rev", durableRev)
                .put("selection", selection == null ? null : new io.vertx.core.json.JsonArray().add(selection.anchor()).add(selection.head()));
    }

    private void sendToAll(String message) {
        OutboundFrame frame = new OutboundFrame(message);
        for (Subscriber s : subscribers.values()) {
            s.connection.send(frame);
        }
    }

    private List<ServerMessages.Participant> participants() {
        List<ServerMessages.Participant> list = new ArrayList<>(subscribers.size() + remoteParticipants.size());
        for (Subscriber s : subscribers.values()) {
            list.add(new ServerMessages.Participant(s.client, s.user, currentSelection(s)));
        }
        remoteParticipants.forEach((client, p) -> list.add(new ServerMessages.Participant(client, p.user, remoteSelection(p))));
        return list;
    }

    // ---- operations ------------------------------------------------------------------------

    void submit(Subscriber subscriber, ClientMessage.Op msg) {
        if (readingHistory) {
            behindHistory.add(new Held(subscriber, msg)); // keeps each client's submissions in their order
            return;
        }
        submit(subscriber, msg, null);
    }

    /**
     * Every check a submission passes before it is sequenced; {@code older} are the operations
     * read from the log for a submission based on a revision older than the window (null before
     * they are read). The checks run again once they are read: meanwhile the document may have
     * started catching up, failed, been archived, or the subscriber left.
     */
    private void submit(Subscriber subscriber, ClientMessage.Op msg, List<StoredOperation> older) {
        Connection connection = subscriber.connection;
        if (older != null && subscribers.get(connection) != subscriber) {
            return; // left while its history was read: it resubmits after rejoining
        }
        subscriber.client = msg.client();
        if (catchingUp) {
            held.add(new Held(subscriber, msg));
            return;
        }
        if (recovering) {
            connection.sendError(ErrorCode.UNAVAILABLE, "the document is reloading after a storage failure; nothing was applied, retry",
                    id, msg.seq(), null);
            return;
        }
        DocumentState.LastSubmission last = lastSubmissions.get(msg.client());
        if (last != null && msg.seq() <= last.seq()) {
            resubmitted(connection, msg, last);
            return;
        }
        if (archived) {
            connection.sendError(ErrorCode.FORBIDDEN, "the document is archived: it is read-only until it is unarchived",
                    id, msg.seq(), null);
            return;
        }
        if (msg.rev() > rev) {
            connection.sendError(ErrorCode.BAD_OP, "revision " + msg.rev() + " does not exist yet; the document is at revision "
                    + durableRev, id, msg.seq(), null);
            return;
        }
        if (older == null && msg.rev() + 1 < windowFirstRev()) {
            readHistory(subscriber, msg, List.of()); // based on a revision older than the window
            return;
        }
        sequence(subscriber, msg, older == null ? List.of() : older);
    }

    /**
     * Reads from the log the operations between {@code fetched} (or the submission's base) and the
     * window, for a submission based on an older revision. Submissions that arrive meanwhile wait
     * behind it ({@link #behindHistory}), so that a client's submissions are sequenced in the order
     * it sent them. When the window moved on during the read, only the operations it left behind
     * are read next: a reread from the base could chase a busy document for ever.
     */
    private void readHistory(Subscriber subscriber, ClientMessage.Op msg, List<StoredOperation> fetched) {
        readingHistory = true;
        long from = fetched.isEmpty() ? msg.rev() + 1 : fetched.get(fetched.size() - 1).rev() + 1;
        log.range(id, from, windowFirstRev() - 1).onComplete(done -> execute(() -> {
            readingHistory = false;
            if (done.failed()) {
                subscriber.connection.sendError(ErrorCode.UNAVAILABLE, "cannot read the document's history; nothing was applied, retry",
                        id, msg.seq(), null);
            } else {
                List<StoredOperation> more = new ArrayList<>(fetched);
                more.addAll(done.result());
                submit(subscriber, msg, more);
            }
            while (!readingHistory && !behindHistory.isEmpty()) {
                Held next = behindHistory.poll();
                submit(next.subscriber(), next.msg(), null);
            }
        }));
    }

    private void sequence(Subscriber subscriber, ClientMessage.Op msg, List<StoredOperation> older) {
        Connection connection = subscriber.connection;
        DocumentState.LastSubmission last = lastSubmissions.get(msg.client());
        if (last != null && msg.seq() <= last.seq()) {
            resubmitted(connection, msg, last);
            return;
        }
        long windowFirst = windowFirstRev();
        if (!older.isEmpty() && older.get(older.size() - 1).rev() + 1 < windowFirst) {
            readHistory(subscriber, msg, older); // the window moved on while reading: read what it left behind
            return;
        }
        TextOperation op = msg.op();
        try {
            for (StoredOperation concurrent : older) {
                op = TextOperation.transform(op, concurrent.op()).aPrime();
            }
            long from = older.isEmpty() ? msg.rev() + 1 : older.get(older.size() - 1).rev() + 1;
            for (long r = from; r <= rev; r++) {
                op = TextOperation.transform(op, windowOp(r).op()).aPrime();
            }
            op.checkAppliesTo(text);
        } catch (InvalidOperationException e) {
            connection.sendError(ErrorCode.BAD_OP, e.getMessage(), id, msg.seq(), e.reason().code());
            return;
        }
        append(op, msg.op(), msg.rev(), msg.client(), msg.seq(), subscriber.user.id(), subscriber.user.name(),
                System.currentTimeMillis());
    }

    /** Gives a transformed operation the next revision and hands it to the committer. */
    private void append(TextOperation op, TextOperation submitted, long baseRev, String client, long seq, String authorId,
            String authorName, long time) {
        TextOperation inverse = op.invert(text);
        text.apply(op);
        rev++;
        StoredOperation stored = new StoredOperation(id, rev, op, client, seq, authorId, authorName, time);
        window.add(stored);
        DocumentState.LastSubmission previousLast = lastSubmissions.put(client, new DocumentState.LastSubmission(seq, rev));
        pending.add(new Pending(stored, inverse, submitted, baseRev, previousLast));
        Snapshot snapshot = null;
        if (rev % snapshotEvery == 0) {
            snapshot = new Snapshot(id, rev, text.toString(), submissionsSince(snapshotRev));
            snapshotsInFlight.add(rev);
        }
        committer.submit(new Committer.Entry(this, stored, snapshot, epoch, System.nanoTime()));
    }

    /** The last submissions that moved after revision {@code after}. */
    private Map<String, DocumentState.LastSubmission> submissionsSince(long after) {
        Map<String, DocumentState.LastSubmission> since = new java.util.HashMap<>();
        lastSubmissions.forEach((client, last) -> {
            if (last.rev() > after) {
                since.put(client, last);
            }
        });
        return since;
    }

    /** A submission we may already hold: acknowledge it with its revision, apply nothing. */
    private void resubmitted(Connection connection, ClientMessage.Op msg, DocumentState.LastSubmission last) {
        if (msg.seq() == last.seq()) {
            if (last.rev() <= durableRev) {
                connection.send(ServerMessages.ack(id, last.rev(), msg.seq()));
            }
            // else: still being written; the ack goes to this client when it is durable
            return;
        }
        for (Pending p : pending) {
            if (msg.client().equals(p.op().client()) && p.op().seq() == msg.seq()) {
                return; // acknowledged when durable
            }
        }
        log.findSubmission(id, msg.client(), msg.seq()).onComplete(found -> execute(() -> {
            if (found.failed()) {
                connection.sendError(ErrorCode.UNAVAILABLE, "cannot check the submission; retry", id, msg.seq(), null);
            } else if (found.result() == null) {
                connection.sendError(ErrorCode.BAD_MESSAGE, "seq " + msg.seq() + " is older than this client's last submission "
                        + last.seq() + " and was never applied", id, msg.seq(), null);
            } else {
                connection.send(ServerMessages.ack(id, found.result(), msg.seq()));
            }
        }));
    }

    /** The committer made every revision up to {@code upTo} durable. */
    void durable(long upTo) {
        while (!pending.isEmpty() && pending.peek().op().rev() <= upTo) {
            StoredOperation op = pending.poll().op();
            durableRev = op.rev();
            deliver(op);
        }
        while (!snapshotsInFlight.isEmpty() && snapshotsInFlight.peek() <= upTo) {
            snapshotRev = Math.max(snapshotRev, snapshotsInFlight.poll()); // written with its operation
        }
        trimWindow();
        flushRemotePresence();
        catchUpWithOtherNodes();
    }

    /** A durable operation goes out: {@code ack} to its submitter if connected here, {@code op} to everyone else. */
    private void deliver(StoredOperation op) {
        OutboundFrame broadcast = null;
        for (Subscriber s : subscribers.values()) {
            if (op.client() != null && op.client().equals(s.client)) {
                s.connection.send(ServerMessages.ack(id, op.rev(), op.seq()));
            } else {
                if (broadcast == null) {
                    broadcast = new OutboundFrame(opFrame(op));
                }
                s.connection.send(broadcast);
            }
        }
    }

    // ---- other nodes -----------------------------------------------------------------------

    /** Another node committed this document up to {@code head}, with {@code ops} if it said which. */
    void remoteHead(long head, List<StoredOperation> ops) {
        if (head > announcedHead) {
            announcedHead = head;
        }
        for (StoredOperation op : ops) {
            if (op.rev() > durableRev && announced.size() < ANNOUNCED_MAX) {
                announced.put(op.rev(), op);
            }
        }
        catchUpWithOtherNodes();
    }

    /**
     * What other nodes committed after {@link #durableRev}: the operations they announced, when
     * those hold every revision up to the highest announced one (no read of the log, one round
     * trip less on the way to this node's subscribers); else the log from there on. The
     * announced ones are used only if there is at least one, so that a document that lost a race
     * always moves on before it sequences again.
     */
    private io.vertx.core.Future<List<StoredOperation>> missed(boolean readLog) {
        announced.headMap(durableRev, true).clear();
        if (!readLog && announcedHead > durableRev && announced.size() == announcedHead - durableRev
                && announced.firstKey() == durableRev + 1 && announced.lastKey() == announcedHead) {
            List<StoredOperation> ops = new ArrayList<>(announced.values());
            return io.vertx.core.Future.succeededFuture(ops);
        }
        return log.range(id, durableRev + 1, Long.MAX_VALUE);
    }

    /**
     * This node's listener (re)connected: announcements and participants' events may have been
     * missed. Look at the log once, and ask the other nodes again who is on this document.
     */
    void rejoinedCluster() {
        relay.publish(id, new JsonObject().put("kind", "hello"));
        refresh();
    }

    /** Announcements may have been missed (the listener reconnected): look at the log once. */
    void refresh() {
        refreshRequested = true;
        catchUpWithOtherNodes();
    }

    /**
     * Reads and delivers what other nodes committed, when nothing of ours is on its way to the
     * log. (While something is, either it commits first and the others' revisions come after it,
     * or it loses the race and {@link #conflicted} catches up.)
     */
    private void catchUpWithOtherNodes() {
        if ((announcedHead <= durableRev && !refreshRequested) || !pending.isEmpty() || catchingUp || recovering) {
            return;
        }
        boolean readLog = refreshRequested;
        refreshRequested = false;
        catchingUp = true;
        missed(readLog).onComplete(read -> execute(() -> {
            if (read.failed()) {
                LOG.log(Level.WARNING, "document " + id + " cannot read other nodes' operations yet", read.cause());
                context.owner().setTimer(500, t -> execute(this::refresh));
            } else {
                if (!integrateSafely(read.result(), List.of())) {
                    return;
                }
                if (read.result().isEmpty() && announcedHead > durableRev) {
                    LOG.warning("document " + id + ": revision " + announcedHead + " was announced but the log ends at " + durableRev);
                    announcedHead = durableRev;
                }
            }
            releaseHeld();
        }));
    }

    /**
     * {@link #integrate}, and if what was read does not fit the state (a bug, or a log changed
     * behind our back) the document fails the way a storage failure does — the submitters of
     * {@code taken} and of everything pending hear {@code unavailable} and resend, held
     * submissions are answered, the document reloads — instead of staying in the middle of a
     * catch-up for ever.
     */
    private boolean integrateSafely(List<StoredOperation> ops, List<Pending> taken) {
        try {
            integrate(ops);
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "document " + id + " could not integrate operations read from the log; reloading", e);
            catchingUp = false;
            pending.addAll(taken);
            commitFailed(epoch);
            releaseHeld();
            return false;
        }
    }

    /** Applies and delivers operations other nodes committed after our durable revision; nothing of ours is pending. */
    private void integrate(List<StoredOperation> ops) {
        for (StoredOperation op : ops) {
            if (op.rev() <= durableRev) {
                continue;
            }
            if (op.rev() != durableRev + 1) {
                throw new IllegalStateException("document " + id + " expected revision " + (durableRev + 1) + ", read " + op.rev());
            }
            text.apply(op.op());
            rev = op.rev();
            durableRev = op.rev();
            window.add(op);
            DocumentState.LastSubmission.keep(lastSubmissions, op);
            deliver(op);
        }
        announced.headMap(durableRev, true).clear();
        trimWindow();
        flushRemotePresence();
    }

    /**
     * Our batch of epoch {@code lostEpoch} lost the race: another node holds the revision it
     * claimed. Take the pending operations back, read what we missed, deliver it, transform the
     * pending operations over it and sequence them again in a new epoch.
     */
    void conflicted(long lostEpoch) {
        if (lostEpoch != epoch || recovering) {
            return;
        }
        epoch = EPOCHS.incrementAndGet();
        List<Pending> taken = new ArrayList<>(pending);
        pending.clear();
        for (int i = taken.size() - 1; i >= 0; i--) {
            Pending p = taken.get(i);
            text.apply(p.inverse());
            window.remove(window.size() - 1);
            if (p.previousLast() == null) {
                lastSubmissions.remove(p.op().client());
            } else {
                lastSubmissions.put(p.op().client(), p.previousLast());
            }
        }
        rev = durableRev;
        snapshotsInFlight.clear(); // they were in the batch that lost, or behind it
        catchingUp = true;
        missed(false).onComplete(read -> execute(() -> {
            if (read.failed()) {
                catchingUp = false;
                pending.addAll(taken); // answered as a storage failure: the clients resend
                commitFailed(epoch);
                releaseHeld();
                return;
            }
            List<StoredOperation> missed = read.result();
            if (!integrateSafely(missed, taken)) {
                return;
            }
            java.util.Set<String> refusedClients = new java.util.HashSet<>();
            for (Pending p : taken) {
                StoredOperation op = p.op();
                if (refusedClients.contains(op.client())) {
                    notifySubmitter(op, ErrorCode.UNAVAILABLE, "an earlier operation of yours must be resent first; resend this one after it");
                    continue;
                }
                DocumentState.LastSubmission known = lastSubmissions.get(op.client());
                if (known != null && known.seq() >= op.seq()) {
                    continue; // it reached the log through another node (the client resubmitted there)
                }
                // Transformed again from the submission along the log as it now is: the path its
                // client takes too (ot.js transforms are not path-independent).
                TextOperation transformed = p.submitted();
                try {
                    if (p.baseRev() + 1 < windowFirstRev()) {
                        throw new InvalidOperationException(InvalidOperationException.Reason.BASE_LENGTH,
                                "based on a revision older than the document's window");
                    }
                    for (long r = p.baseRev() + 1; r <= rev; r++) {
                        transformed = TextOperation.transform(transformed, windowOp(r).op()).aPrime();
                    }
                } catch (InvalidOperationException e) {
                    refusedClients.add(op.client());
                    notifySubmitter(op, ErrorCode.UNAVAILABLE, "the operation could not be placed after a concurrent commit; resend it");
                    continue;
                }
                append(transformed, p.submitted(), p.baseRev(), op.client(), op.seq(), op.authorId(), op.authorName(), op.time());
            }
            catchingUp = false;
            releaseHeld();
        }));
    }

    private void notifySubmitter(StoredOperation op, ErrorCode code, String message) {
        for (Subscriber s : subscribers.values()) {
            if (op.client().equals(s.client)) {
                s.connection.sendError(code, message, id, op.seq(), null);
            }
        }
    }

    /** Submissions that waited while the document caught up, in the order they came. */
    private void releaseHeld() {
        catchingUp = false;
        answerWaitingJoins();
        List<Held> waiting = new ArrayList<>(held);
        held.clear();
        for (Held h : waiting) {
            if (subscribers.get(h.subscriber().connection) == h.subscriber()) {
                submit(h.subscriber(), h.msg());
            }
        }
        catchUpWithOtherNodes();
    }

    /**
     * After a read of the log: joins whose revision is now here resume; those still ahead get one
     * more read (a read that began before they came may have missed it), then rev-unavailable.
     */
    private void answerWaitingJoins() {
        if (waitingJoins.isEmpty()) {
            return;
        }
        List<WaitingJoin> waiting = new ArrayList<>(waitingJoins);
        waitingJoins.clear();
        for (WaitingJoin w : waiting) {
            Connection connection = w.subscriber().connection;
            if (!connection.isOpen()) {
                continue;
            }
            if (recovering) {
                refuseJoin(w.subscriber(), ErrorCode.UNAVAILABLE, RELOADING);
            } else if (w.fromRev() <= durableRev) {
                catchUp(w.subscriber(), w.fromRev(), List.of());
            } else if (!w.retried()) {
                waitingJoins.add(new WaitingJoin(w.subscriber(), w.fromRev(), true));
                refreshRequested = true;
            } else {
                refuseJoin(w.subscriber(), ErrorCode.REV_UNAVAILABLE, ahead(w.fromRev()));
            }
        }
    }

    private static final String RELOADING = "the document is reloading after a storage failure; retry";

    private String ahead(long fromRev) {
        return "revision " + fromRev + " is ahead of the document, which is at revision " + durableRev;
    }

    private void refuseJoin(Subscriber subscriber, ErrorCode code, String message) {
        subscriber.connection.joinFailed(id, subscriber);
        subscriber.connection.sendError(code, message, id, null, null);
    }

    /** A batch holding some of our pending revisions failed: refuse them and reload the durable state. */
    void commitFailed(long failedEpoch) {
        if (recovering || failedEpoch != epoch) {
            return;
        }
        epoch = EPOCHS.incrementAndGet();
        recovering = true;
        for (Pending p : pending) {
            notifySubmitter(p.op(), ErrorCode.UNAVAILABLE, "storage failed; the operation was not applied, resend it");
        }
        pending.clear();
        reload();
    }

    private void reload() {
        log.load(id).onComplete(loaded -> execute(() -> {
            if (loaded.succeeded()) {
                long delivered = durableRev;
                reset(loaded.result());
                recovering = false;
                LOG.info("document " + id + " reloaded at revision " + durableRev + " after a storage failure");
                // The log may have moved on meanwhile (other nodes, or a commit whose answer was
                // lost): subscribers get those revisions in order, or resume if they are too many.
                if (delivered + 1 >= windowFirstRev()) {
                    for (long r = delivered + 1; r <= durableRev; r++) {
                        deliver(windowOp(r));
                    }
                } else {
                    for (Subscriber s : new ArrayList<>(subscribers.values())) {
                        s.connection.close(Connection.SLOW_CONSUMER, "the document moved on while storage was down: resume");
                    }
                }
            } else {
                LOG.log(Level.WARNING, "document " + id + " cannot reload yet", loaded.cause());
                context.owner().setTimer(1000, t -> reload());
            }
        }));
    }

    // ---- presence ------------------------------------------------------------------------

    void presence(Subscriber subscriber, ClientMessage.Presence msg) {
        Selection selection = msg.selection();
        if (msg.rev() > durableRev) {
            subscriber.connection.sendError(ErrorCode.BAD_MESSAGE, "presence at revision " + msg.rev()
                    + " but the document is at revision " + durableRev, id, null, null);
            return;
        }
        if (msg.rev() + 1 < windowFirstRev()) {
            return; // too old to place: the client sends a fresh one after catching up
        }
        if (selection != null) {
            int length = lengthAt(msg.rev());
            if (selection.anchor() > length || selection.head() > length) {
                subscriber.connection.sendError(ErrorCode.BAD_MESSAGE, "selection outside the text (length " + length
                        + " at revision " + msg.rev() + ")", id, null, null);
                return;
            }
            selection = transform(selection, msg.rev(), durableRev);
        }
        subscriber.selection = selection;
        subscriber.selectionRev = durableRev;
        OutboundFrame frame = new OutboundFrame(ServerMessages.presence(id, subscriber.client, subscriber.user, durableRev, selection));
        for (Subscriber other : subscribers.values()) {
            if (other != subscriber) {
                other.connection.send(frame);
            }
        }
        relay.publish(id, presenceEvent(subscriber, selection));
    }

    private Selection currentSelection(Subscriber s) {
        if (s.selection == null || s.selectionRev + 1 < windowFirstRev()) {
            return null;
        }
        return transform(s.selection, s.selectionRev, durableRev);
    }

    private Selection transform(Selection selection, long from, long to) {
        int anchor = selection.anchor();
        int head = selection.head();
        for (long r = from + 1; r <= to; r++) {
            TextOperation op = windowOp(r).op();
            anchor = op.transformPosition(anchor, Stickiness.AFTER);
            head = op.transformPosition(head, Stickiness.AFTER);
        }
        return new Selection(anchor, head);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private long windowFirstRev() {
        return window.isEmpty() ? rev + 1 : window.get(0).rev();
    }

    /** Operation number {@code r}, which must be in the window. */
    private StoredOperation windowOp(long r) {
        return window.get((int) (r - windowFirstRev()));
    }

    /** Length of the text at revision r (durable, within the window). */
    private int lengthAt(long r) {
        if (r == rev) {
            return text.length();
        }
        return windowOp(r + 1).op().baseLength();
    }

    /** The text at the durable revision: the buffer with the pending operations undone. */
    private String durableText() {
        String result = text.toString();
        Iterator<Pending> newestFirst = pending.descendingIterator();
        while (newestFirst.hasNext()) {
            result = newestFirst.next().inverse().apply(result);
        }
        return result;
    }

    private String opFrame(StoredOperation op) {
        return ServerMessages.op(id, op.rev(), op.op(), op.client(), op.seq(), op.authorId(), op.authorName());
    }

    private void trimWindow() {
        int excess = window.size() - WINDOW;
        if (excess > WINDOW / 4) {
            long keepFrom = Math.min(window.get(excess).rev(), durableRev + 1);
            int drop = (int) (keepFrom - window.get(0).rev());
            window.subList(0, Math.max(0, drop)).clear();
        }
    }

    /** True when nobody is subscribed, nothing is being written, and it has been so for {@code idleNanos}. */
    boolean evictable(long now, long idleNanos) {
        return subscribers.isEmpty() && pending.isEmpty() && !recovering && !catchingUp && held.isEmpty() && waitingJoins.isEmpty()
                && !readingHistory && behindHistory.isEmpty()
                && now - idleSince > idleNanos;
    }

    /** The document was archived or unarchived over REST: archived documents are read-only. */
    void archived(boolean archived) {
        this.archived = archived;
    }

    void markEvicted() {
        evicted = true;
    }
}
