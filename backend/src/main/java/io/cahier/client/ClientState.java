package io.cahier.client;

import io.cahier.protocol.ot.TextOperation;
import java.util.function.LongSupplier;

/**
 * The ot.js {@code Client} state machine for one document (PROTOCOL.md §8), as immutable values.
 *
 * <p>Invariant, in every state: the client's local text is the server text at the client's revision
 * with {@code outstanding} then {@code buffer} applied; {@code outstanding} is based on that
 * revision, {@code buffer} on the text after {@code outstanding}.
 */
sealed interface ClientState {

    /** An operation sent (or to be sent) to the server under {@code seq}, not yet acknowledged. */
    record Submission(TextOperation op, long seq, long firstEditNanos) {
    }

    /** Local edits composed while an operation is outstanding; not yet given a seq. */
    record Buffer(TextOperation op, long firstEditNanos) {
    }

    /** What {@link #applyServer} yields: the next state and the operation to apply to the local text. */
    record ServerStep(ClientState next, TextOperation toApply) {
    }

    ClientState SYNCHRONIZED = new Synchronized();

    /** The outstanding submission, or null when synchronized. */
    Submission outstanding();

    /** A local edit, already applied to the local text; {@code seqs} numbers a new submission. */
    ClientState applyClient(TextOperation op, long nanos, LongSupplier seqs);

    /** A concurrent operation from the server, based on the client's revision. */
    ServerStep applyServer(TextOperation op);

    /** The outstanding operation was sequenced; the buffer, if any, becomes the new outstanding one. */
    ClientState serverAck(LongSupplier seqs);

    /** Nothing outstanding: the local text is the server's text at the client's revision. */
    record Synchronized() implements ClientState {
        @Override
        public Submission outstanding() {
            return null;
        }

        @Override
        public ClientState applyClient(TextOperation op, long nanos, LongSupplier seqs) {
            return new AwaitingConfirm(new Submission(op, seqs.getAsLong(), nanos));
        }

        @Override
        public ServerStep applyServer(TextOperation op) {
            return new ServerStep(this, op);
        }

        @Override
        public ClientState serverAck(LongSupplier seqs) {
            throw new IllegalStateException("an acknowledgement with nothing outstanding");
        }
    }

    /** One operation sent, awaiting its acknowledgement. */
    record AwaitingConfirm(Submission outstanding) implements ClientState {
        @Override
        public ClientState applyClient(TextOperation op, long nanos, LongSupplier seqs) {
            return new AwaitingWithBuffer(outstanding, new Buffer(op, nanos));
        }

        @Override
        public ServerStep applyServer(TextOperation op) {
            TextOperation.Transformed t = TextOperation.transform(outstanding.op(), op);
            return new ServerStep(new AwaitingConfirm(
                    new Submission(t.aPrime(), outstanding.seq(), outstanding.firstEditNanos())), t.bPrime());
        }

        @Override
        public ClientState serverAck(LongSupplier seqs) {
            return SYNCHRONIZED;
        }
    }

    /** One operation sent and later local edits composed into a buffer. */
    record AwaitingWithBuffer(Submission outstanding, Buffer buffer) implements ClientState {
        @Override
        public ClientState applyClient(TextOperation op, long nanos, LongSupplier seqs) {
            return new AwaitingWithBuffer(outstanding, new Buffer(buffer.op().compose(op), buffer.firstEditNanos()));
        }

        @Override
        public ServerStep applyServer(TextOperation op) {
            TextOperation.Transformed first = TextOperation.transform(outstanding.op(), op);
            TextOperation.Transformed second = TextOperation.transform(buffer.op(), first.bPrime());
            return new ServerStep(new AwaitingWithBuffer(
                    new Submission(first.aPrime(), outstanding.seq(), outstanding.firstEditNanos()),
                    new Buffer(second.aPrime(), buffer.firstEditNanos())), second.bPrime());
        }

        @Override
        public ClientState serverAck(LongSupplier seqs) {
            return new AwaitingConfirm(new Submission(buffer.op(), seqs.getAsLong(), buffer.firstEditNanos()));
        }
    }
}
