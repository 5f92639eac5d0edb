package io.cahier.client;

import io.cahier.protocol.ot.TextOperation;

/**
 * What a {@link SyncClient} reports to its observers, beyond the server's own frames. Times are
 * {@link System#nanoTime()} values, comparable within one JVM.
 */
public final class SyncEvents {

    private SyncEvents() {
    }

    /**
     * Another participant's operation {@code rev}, applied to the local text. {@code op} is the
     * operation as the server sent it (based on revision {@code rev - 1}); {@code client} and
     * {@code seq} are null for template or import operations.
     */
    public record RemoteOp(String doc, long rev, String client, Long seq, ServerMessage.User author,
                           TextOperation op, long arrivalNanos) {
    }

    /**
     * This client's submission {@code seq} was sequenced as revision {@code rev}. {@code firstEditNanos}
     * is when the oldest local edit composed into it was made; {@code inCatchUp} is true when the
     * acknowledgement was the operation itself met during a resuming join's catch-up.
     */
    public record Acknowledged(String doc, long rev, long seq, long firstEditNanos, long arrivalNanos,
                               boolean inCatchUp) {
    }

    /** Submission {@code seq} is being written to the socket, based on {@code rev}; {@code resend} after a reconnect or a retry. */
    public record Sent(String doc, long seq, long rev, TextOperation op, long firstEditNanos, boolean resend) {
    }

    /**
     * The server broke a rule of the protocol as this client sees it (a gap in revisions, an
     * acknowledgement out of order, an operation that does not fit the text). The client resumes
     * from its last good revision when it can; a document it cannot repair is failed.
     */
    public record Violation(String doc, String description) {
    }

    /** The socket opened ({@code connected} true) or closed, with the close code when there was one. */
    public record ConnectionChange(boolean connected, Short closeCode, String closeReason) {
    }
}
