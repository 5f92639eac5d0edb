package io.cahier.protocol.wire;

import io.cahier.protocol.ot.TextOperation;

/** A frame a client sends (PROTOCOL.md §4), decoded and validated by {@link ClientMessages}. */
public sealed interface ClientMessage {

    /** Subscribe to {@code doc}; {@code rev} null asks for a snapshot, otherwise resume after it. */
    record Join(String doc, Long rev, String client) implements ClientMessage {
    }

    /** Submission {@code (doc, client, seq)} of {@code op}, based on revision {@code rev}. */
    record Op(String doc, long rev, TextOperation op, String client, long seq) implements ClientMessage {
    }

    /** My caret or selection at revision {@code rev}; {@code selection} null when I have none. */
    record Presence(String doc, long rev, Selection selection) implements ClientMessage {
    }

    record Leave(String doc) implements ClientMessage {
    }

    record Ping() implements ClientMessage {
    }

    /** Hear every change of {@code glossary} (a glossary screen), whether or not a document it is attached to is open. */
    record Watch(String glossary) implements ClientMessage {
    }

    record Unwatch(String glossary) implements ClientMessage {
    }

    /** A selection from {@code anchor} to {@code head}; a caret when they are equal. */
    record Selection(int anchor, int head) {
    }
}
