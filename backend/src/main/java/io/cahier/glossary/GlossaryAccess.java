package io.cahier.glossary;

import io.cahier.http.Access;
import io.cahier.http.Access.Action;
import io.cahier.http.CahierException;
import io.cahier.http.Principal;
import io.vertx.core.Future;

/**
 * What every glossary handler shares: finding a glossary or an entry for a principal who may act
 * on it (a non-member is told it does not exist), and telling the attached documents that a
 * glossary changed.
 */
final class GlossaryAccess {

    private final GlossaryRepository glossaries;
    private final Access access;
    private final GlossaryListener listener;

    GlossaryAccess(GlossaryRepository glossaries, Access access, GlossaryListener listener) {
        this.glossaries = glossaries;
        this.access = access;
        this.listener = listener;
    }

    Future<Glossary> glossary(String id, Principal principal, Action action) {
        return glossary(id, principal, action, CahierException.notFound("no glossary \"" + id + "\""));
    }

    /** The glossary if the principal may do {@code action}; else {@code notFound} (a non-member) or {@code 403}. */
    Future<Glossary> glossary(String id, Principal principal, Action action, CahierException notFound) {
        return granted(id, principal, action, notFound).map(Granted::glossary);
    }

    /** A glossary and what the principal holds in its workspace. */
    record Granted(Glossary glossary, Access.Grant grant) {
    }

    Future<Granted> granted(String id, Principal principal, Action action, CahierException notFound) {
        return glossaries.find(id).compose(found -> {
            Glossary g = found.orElseThrow(() -> notFound);
            return access.check(principal, action, g.workspaceId(), notFound).map(grant -> new Granted(g, grant));
        });
    }

    /** An entry and the glossary it belongs to. */
    record EntryIn(Entry entry, Glossary glossary) {
    }

    /** The entry if the principal may do {@code action} in its glossary's workspace; else the entry's own "not found". */
    Future<Entry> entry(String id, Principal principal, Action action) {
        return entryIn(id, principal, action).map(EntryIn::entry);
    }

    Future<EntryIn> entryIn(String id, Principal principal, Action action) {
        return glossaries.entry(id).compose(found -> {
            Entry e = found.orElseThrow(() -> GlossaryRepository.notFound(id));
            return glossaries.find(e.glossaryId()).compose(g -> {
                Glossary glossary = g.orElseThrow(() -> GlossaryRepository.notFound(id));
                return access.check(principal, action, glossary.workspaceId(), GlossaryRepository.notFound(id))
                        .map(new EntryIn(e, glossary));
            });
        });
    }

    /**
     * Tells the documents the glossary is attached to that it changed. The change is already
     * stored: if the documents cannot be read now, the reply still succeeds and clients catch up
     * on their next read.
     */
    Future<Void> announce(String glossaryId, String entryId, String change) {
        return glossaries.documents(glossaryId)
                .onSuccess(docs -> listener.changed(glossaryId, entryId, change, docs))
                .<Void>mapEmpty()
                .recover(e -> Future.succeededFuture());
    }
}
