package io.cahier.sync;

import io.cahier.protocol.ot.TextOperation;

/** Operation number {@code rev} of a document as the log keeps it. client/seq are null for template ops. */
public record StoredOperation(String docId, long rev, TextOperation op, String client, Long seq, String authorId,
        String authorName, long time) {
}
