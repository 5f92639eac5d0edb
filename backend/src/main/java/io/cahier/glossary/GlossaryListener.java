package io.cahier.glossary;

import java.util.List;

/** Hears every change of a glossary, with the documents it is attached to (the live documents tell their subscribers). */
@FunctionalInterface
public interface GlossaryListener {

    GlossaryListener NONE = (glossary, entry, change, documents) -> { };

    /**
     * {@code change}: entry, definition, attached, detached, renamed, proposal, round; {@code entry}
     * null when no entry changed.
     */
    void changed(String glossary, String entry, String change, List<String> documents);
}
