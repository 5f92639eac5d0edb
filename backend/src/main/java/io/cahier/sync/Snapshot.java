package io.cahier.sync;

import java.util.Map;

/**
 * The text of a document at a revision, and the last submission of each client instance whose
 * last submission moved since the document's previous snapshot (it may hold more): with the
 * operations after it, what loading the document starts from.
 */
public record Snapshot(String docId, long rev, String text, Map<String, DocumentState.LastSubmission> submissions) {

    public Snapshot(String docId, long rev, String text) {
        this(docId, rev, text, Map.of());
    }
}
