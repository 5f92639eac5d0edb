package io.cahier.sync;

import java.util.List;
import java.util.Map;

/**
 * What loading a document from the log gives: its durable text and revision, the most recent
 * operations (for transforming late submissions and serving reconnects), for each client instance
 * the last submission it made, for deduplication, and the revision of the snapshot it started
 * from: submissions after it are not yet in the store's table of last submissions.
 */
public record DocumentState(String docId, String workspaceId, boolean archived, String text, long rev, List<StoredOperation> recent,
        Map<String, LastSubmission> lastSubmissions, long snapshotRev) {

    /** The last (seq, rev) a client instance submitted to a document. */
    public record LastSubmission(long seq, long rev) {

        /** Of two last submissions of one client instance, the later: a client's last never moves back. */
        public static LastSubmission later(LastSubmission a, LastSubmission b) {
            return a.seq() >= b.seq() ? a : b;
        }

        /** Keeps {@code op} as its client instance's last submission in {@code last} if it is the later (template ops have none). */
        static void keep(Map<String, LastSubmission> last, StoredOperation op) {
            if (op.client() != null) {
                last.merge(op.client(), new LastSubmission(op.seq(), op.rev()), LastSubmission::later);
            }
        }
    }
}
