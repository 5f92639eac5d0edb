package io.cahier.sync;

/** The text of a document at a revision. */
public record Snapshot(String docId, long rev, String text) {
}
