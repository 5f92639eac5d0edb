package io.cahier.glossary;

import io.cahier.documents.DocumentInfo;
import io.cahier.documents.DocumentRepository;
import io.cahier.http.Access;
import io.cahier.http.Access.Action;
import io.cahier.http.CahierException;
import io.cahier.http.ErrorCode;
import io.cahier.http.Principal;
import io.cahier.http.Rest;
import io.cahier.workspaces.Journal;
import io.cahier.workspaces.WorkspaceStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * REST: glossaries of a workspace, attached to documents; entries with one definition per
 * perspective, their histories and restores; Markdown and SKOS export; CSV import with a preview.
 * Every handler asks {@link Access} about the glossary's workspace.
 */
public final class GlossaryRoutes {

    static final int MAX_NAME = 200;
    private static final int MAX_CSV = 1 << 20;

    private final GlossaryRepository glossaries;
    private final DocumentRepository documents;
    private final Access access;
    private final String publicUrl;
    private final GlossaryListener listener;
    private final Proposals proposals;
    private final GlossaryAccess scope;
    private final RoundRoutes rounds;

    public GlossaryRoutes(GlossaryRepository glossaries, DocumentRepository documents, Access access, String publicUrl,
            GlossaryListener listener) {
        this.listener = listener;
        this.glossaries = glossaries;
        this.proposals = new Proposals(glossaries.database(), glossaries);
        this.scope = new GlossaryAccess(glossaries, access, listener);
        this.rounds = new RoundRoutes(new Rounds(glossaries.database(), glossaries), scope, access);
        this.documents = documents;
        this.access = access;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
    }

    public void mount(Router router) {
        router.post("/api/workspaces/:ws/glossaries").handler(this::create);
        router.get("/api/workspaces/:ws/glossaries").handler(this::list);
        router.get("/api/glossaries/:id").handler(this::get);
        router.patch("/api/glossaries/:id").handler(this::rename);
        router.put("/api/glossaries/:id/documents/:doc").handler(this::attach);
        router.delete("/api/glossaries/:id/documents/:doc").handler(this::detach);
        router.get("/api/documents/:id/glossaries").handler(this::ofDocument);
        router.post("/api/glossaries/:id/entries").handler(this::createEntry);
        router.get("/api/glossaries/:id/export").handler(this::export);
        router.post("/api/glossaries/:id/import").handler(this::importCsv);
        router.get("/api/entries/:id").handler(this::getEntry);
        router.patch("/api/entries/:id").handler(this::patchEntry);
        router.get("/api/entries/:id/history").handler(this::entryHistory);
        router.put("/api/entries/:id/definitions/:perspective").handler(this::putDefinition);
        router.get("/api/entries/:id/definitions/:perspective/history").handler(this::definitionHistory);
        router.post("/api/entries/:id/definitions/:perspective/restore").handler(this::restoreDefinition);
        router.post("/api/glossaries/:id/proposals").handler(this::propose);
        router.get("/api/glossaries/:id/proposals").handler(this::proposals);
        router.post("/api/proposals/:id/accept").handler(ctx -> decide(ctx, true));
        router.post("/api/proposals/:id/decline").handler(ctx -> decide(ctx, false));
        rounds.mount(router);
    }

    // ---- glossaries -----------------------------------------------------------------------

    private void create(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        String name = Rest.requiredText(Rest.body(ctx), "name", MAX_NAME);
        String ws = ctx.pathParam("ws");
        Rest.reply(ctx, 201, access.check(principal, Action.EDIT, ws, WorkspaceStore.noWorkspace(ws))
                .compose(grant -> glossaries.create(ws, name, principal)).map(Glossary::toJson));
    }

    private void list(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        String ws = ctx.pathParam("ws");
        Rest.reply(ctx, 200, access.check(principal, Action.READ, ws, WorkspaceStore.noWorkspace(ws))
                .compose(grant -> glossaries.ofWorkspace(ws)).map(list -> new JsonArray(list.stream().map(Glossary::toJson).toList())));
    }

    private void get(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        Rest.reply(ctx, 200, scope.glossary(ctx.pathParam("id"), principal, Action.READ).compose(this::full));
    }

    /** The glossary with its entries and the documents it is attached to. */
    private Future<JsonObject> full(Glossary glossary) {
        return glossaries.entries(glossary.id()).compose(entries -> glossaries.documents(glossary.id()).map(docs ->
                glossary.toJson().put("documents", new JsonArray(docs))
                        .put("entries", new JsonArray(entries.stream().map(Entry::toJson).toList()))));
    }

    private void rename(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        JsonObject body = Rest.body(ctx);
        for (String field : body.fieldNames()) {
            if (!field.equals("name")) {
                throw CahierException.badRequest("only name can be changed, not " + field);
            }
        }
        String name = Rest.requiredText(body, "name", MAX_NAME);
        Rest.reply(ctx, 200, scope.glossary(ctx.pathParam("id"), principal, Action.EDIT)
                .compose(g -> glossaries.rename(g, name, principal).compose(v -> scope.glossary(g.id(), principal, Action.READ)))
                .compose(g -> scope.announce(g.id(), null, "renamed").map(g))
                .map(Glossary::toJson));
    }

    private void attach(RoutingContext ctx) {
        attachment(ctx, true);
    }

    private void detach(RoutingContext ctx) {
        attachment(ctx, false);
    }

    /** Attaching needs edit rights on the glossary's workspace, which must be the document's. */
    private void attachment(RoutingContext ctx, boolean attach) {
        Principal principal = Rest.principal(ctx);
        String docId = ctx.pathParam("doc");
        Rest.reply(ctx, 200, scope.glossary(ctx.pathParam("id"), principal, Action.EDIT).compose(g -> document(docId, principal, Action.EDIT)
                .compose(doc -> {
                    if (!doc.workspaceId().equals(g.workspaceId())) {
                        throw CahierException.badRequest("a glossary is attached to documents of its own workspace");
                    }
                    return attach ? glossaries.attach(g, doc.id(), principal) : glossaries.detach(g, doc.id(), principal);
                })
                .compose(v -> glossaries.documents(g.id()))
                .onSuccess(docs -> {
                    List<String> told = new java.util.ArrayList<>(docs);
                    if (!attach) {
                        told.add(docId); // the document it left hears it too
                    }
                    listener.changed(g.id(), null, attach ? "attached" : "detached", told);
                })
                .map(docs -> new JsonObject().put("glossary", g.id()).put("documents", new JsonArray(docs)))));
    }

    private void ofDocument(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        Rest.reply(ctx, 200, document(ctx.pathParam("id"), principal, Action.READ)
                .compose(doc -> glossaries.attachedTo(doc.id()))
                .compose(list -> Future.all(list.stream().map(this::full).toList()))
                .map(all -> new JsonArray(all.list())));
    }

    // ---- entries --------------------------------------------------------------------------

    private void createEntry(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        JsonObject body = Rest.body(ctx);
        EntryFields fields = EntryFields.parse(body);
        Map<String, String> definitions = definitions(body.getValue("definitions"));
        Rest.reply(ctx, 201, scope.glossary(ctx.pathParam("id"), principal, Action.EDIT)
                .compose(g -> glossaries.createEntry(g, fields, definitions, principal))
                .compose(e -> scope.announce(e.glossaryId(), e.id(), "entry").map(e))
                .map(Entry::toJson));
    }

    /** {@code {"jurist": "…", "designer": "…"}}: the first version of each perspective's definition. */
    private static Map<String, String> definitions(Object value) {
        Map<String, String> definitions = new LinkedHashMap<>();
        if (value == null) {
            return definitions;
        }
        if (!(value instanceof JsonObject object)) {
            throw CahierException.badRequest("definitions must be an object: {\"perspective\": \"text\", …}");
        }
        for (String perspective : object.fieldNames()) {
            String text = Perspectives.definitionText(object.getValue(perspective));
            if (!text.isEmpty()) {
                definitions.put(Perspectives.require(perspective), text);
            }
        }
        return definitions;
    }

    private void getEntry(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        Rest.reply(ctx, 200, scope.entry(ctx.pathParam("id"), principal, Action.READ).map(Entry::toJson));
    }

    private void patchEntry(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        JsonObject body = Rest.body(ctx);
        long baseVersion = version(body, "version");
        Rest.reply(ctx, 200, scope.entryIn(ctx.pathParam("id"), principal, Action.EDIT).compose(found -> {
            EntryFields fields = EntryFields.parse(body, found.entry().fields(), Set.of("version"));
            return glossaries.updateEntry(found.entry().id(), baseVersion, fields, principal, found.glossary().workspaceId());
        }).compose(e -> scope.announce(e.glossaryId(), e.id(), "entry").map(e)).map(Entry::toJson));
    }

    private void entryHistory(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        Rest.reply(ctx, 200, scope.entry(ctx.pathParam("id"), principal, Action.READ).compose(e -> glossaries.entryHistory(e.id())));
    }

    private void putDefinition(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        JsonObject body = Rest.body(ctx);
        String perspective = Perspectives.require(ctx.pathParam("perspective"));
        long baseVersion = version(body, "baseVersion");
        String text = Perspectives.definitionText(body.getValue("text"));
        Rest.reply(ctx, 200, scope.entryIn(ctx.pathParam("id"), principal, Action.EDIT)
                .compose(found -> glossaries.putDefinition(found.entry().id(), perspective, baseVersion, text, null, principal,
                                definitionNote(found, perspective, principal, "glossary.definition-changed"))
                        .compose(d -> scope.announce(found.glossary().id(), found.entry().id(), "definition").map(d)))
                .map(Definition::toJson));
    }

    private void definitionHistory(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        String perspective = Perspectives.require(ctx.pathParam("perspective"));
        Rest.reply(ctx, 200, scope.entry(ctx.pathParam("id"), principal, Action.READ)
                .compose(e -> glossaries.definitionHistory(e.id(), perspective))
                .map(list -> new JsonArray(list.stream().map(Definition::toJson).toList())));
    }

    /** Restoring adds a new version with an old text: the versions in between stay in the history. */
    private void restoreDefinition(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        JsonObject body = Rest.body(ctx);
        String perspective = Perspectives.require(ctx.pathParam("perspective"));
        long version = version(body, "version");
        long baseVersion = version(body, "baseVersion");
        Rest.reply(ctx, 200, scope.entryIn(ctx.pathParam("id"), principal, Action.EDIT)
                .compose(found -> glossaries.definitionHistory(found.entry().id(), perspective).compose(history -> {
                    Definition old = history.stream().filter(d -> d.version() == version).findFirst().orElseThrow(() ->
                            CahierException.notFound("the " + perspective + " definition has no version " + version));
                    return glossaries.putDefinition(found.entry().id(), perspective, baseVersion, old.text(), version, principal,
                                    definitionNote(found, perspective, principal, "glossary.definition-restored"))
                            .compose(d -> scope.announce(found.glossary().id(), found.entry().id(), "definition").map(d));
                }))
                .map(Definition::toJson));
    }

    private static long version(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (!(value instanceof Number number) || number.doubleValue() != number.longValue() || number.longValue() < 0) {
            throw CahierException.badRequest(field + " is required: the version the change was made on (a non-negative integer)");
        }
        return number.longValue();
    }

    // ---- export and import ----------------------------------------------------------------

    private void export(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        String format = ctx.request().getParam("format", "markdown");
        if (!format.equals("markdown") && !format.equals("skos")) {
            throw CahierException.badRequest("format must be markdown or skos, not \"" + format + "\"");
        }
        scope.glossary(ctx.pathParam("id"), principal, Action.READ)
                .compose(g -> glossaries.entries(g.id()).map(entries -> format.equals("markdown")
                        ? GlossaryExport.markdown(g, entries) : GlossaryExport.skos(g, entries, publicUrl)))
                .onSuccess(text -> ctx.response()
                        .putHeader("content-type", format.equals("markdown") ? "text/markdown; charset=utf-8" : "text/turtle; charset=utf-8")
                        .end(text))
                .onFailure(ctx::fail);
    }

    /**
     * {@code dryRun=true}: every row checked, nothing written (the preview). Otherwise every row is
     * checked and, if all are good, all are imported in one transaction; else nothing is, and the
     * answer lists the bad rows.
     */
    private void importCsv(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        String csv = ctx.body().asString();
        if (csv == null || csv.isBlank()) {
            throw CahierException.badRequest("the request body is the CSV file (text/csv, UTF-8)");
        }
        if (csv.length() > MAX_CSV) {
            throw new CahierException(ErrorCode.TOO_LARGE, "a CSV file is at most " + MAX_CSV + " characters");
        }
        boolean dryRun = Rest.optionalBoolean(ctx, "dryRun");
        Rest.reply(ctx, dryRun ? 200 : 201, scope.glossary(ctx.pathParam("id"), principal, Action.EDIT).compose(g -> glossaries.entries(g.id())
                .compose(existing -> {
                    Set<String> terms = new java.util.HashSet<>();
                    existing.forEach(e -> terms.add(EntryFields.termKey(e.fields().term())));
                    List<GlossaryCsv.Row> rows = GlossaryCsv.check(csv, terms);
                    JsonArray report = new JsonArray(rows.stream().map(GlossaryCsv.Row::toJson).toList());
                    long bad = rows.stream().filter(r -> !r.errors().isEmpty()).count();
                    JsonObject summary = new JsonObject().put("rows", report).put("valid", rows.size() - bad).put("invalid", bad);
                    if (dryRun) {
                        return Future.succeededFuture(summary.put("imported", 0));
                    }
                    if (bad > 0 || rows.isEmpty()) {
                        throw CahierException.withExtensions(ErrorCode.BAD_REQUEST, rows.isEmpty() ? "the file has no entries"
                                : bad + " row(s) are not valid: nothing was imported", summary);
                    }
                    return glossaries.importEntries(g, rows, principal)
                            .compose(n -> scope.announce(g.id(), null, "entry").map(summary.put("imported", n)));
                })));
    }


    // ---- proposals: annotators propose, editors decide --------------------------------------

    /**
     * {@code {"entry": id, "perspective", "text", "note"?}} proposes a definition for an entry's
     * perspective; {@code {"term", "perspective", "text", "note"?}} a new term.
     */
    private void propose(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        JsonObject body = Rest.body(ctx);
        for (String field : body.fieldNames()) {
            if (!Set.of("entry", "term", "perspective", "text", "note").contains(field)) {
                throw CahierException.badRequest("a proposal has entry or term, perspective, text and note, not " + field);
            }
        }
        String entryId = body.getValue("entry") instanceof String s ? s : null;
        String term = body.containsKey("term") ? Rest.requiredText(body, "term", EntryFields.MAX_TERM) : null;
        if ((entryId == null) == (term == null)) {
            throw CahierException.badRequest("propose either a definition for an entry (entry) or a new term (term)");
        }
        String perspective = Perspectives.require(body.getValue("perspective") instanceof String s ? s : "");
        String text = Perspectives.definitionText(body.getValue("text"));
        if (text.isEmpty()) {
            throw CahierException.badRequest("text is required: the definition proposed");
        }
        String note = body.getValue("note") == null ? null : Rest.requiredText(body, "note", 2000);
        Rest.reply(ctx, 201, scope.glossary(ctx.pathParam("id"), principal, Action.ANNOTATE).compose(g -> (entryId == null
                        ? Future.succeededFuture()
                        : glossaries.entry(entryId).map(found -> {
                            if (found.isEmpty() || !found.get().glossaryId().equals(g.id())) {
                                throw CahierException.badRequest("the entry " + entryId + " is not in this glossary");
                            }
                            return null;
                        }))
                .compose(v -> proposals.propose(g, entryId, perspective, term, text, note, principal))
                .compose(p -> scope.announce(g.id(), entryId, "proposal").map(p)))
                .map(Proposal::toJson));
    }

    private void proposals(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        String state = ctx.request().getParam("state", "open");
        if (!Set.of("open", "accepted", "declined", "all").contains(state)) {
            throw CahierException.badRequest("state must be open, accepted, declined or all");
        }
        Rest.reply(ctx, 200, scope.glossary(ctx.pathParam("id"), principal, Action.READ)
                .compose(g -> proposals.ofGlossary(g.id(), state.equals("all") ? null : state))
                .map(list -> new JsonArray(list.stream().map(Proposal::toJson).toList())));
    }

    private void decide(RoutingContext ctx, boolean accept) {
        Principal principal = Rest.principal(ctx);
        String id = ctx.pathParam("id");
        String body = ctx.body().asString();
        JsonObject decision = body == null || body.isBlank() ? new JsonObject() : Rest.body(ctx);
        String note = decision.getValue("note") == null ? null : Rest.requiredText(decision, "note", 2000);
        CahierException notFound = CahierException.notFound("no proposal \"" + id + "\"");
        Rest.reply(ctx, 200, proposals.find(id).compose(found -> {
            Proposal proposal = found.orElseThrow(() -> notFound);
            return scope.glossary(proposal.glossaryId(), principal, Action.EDIT, notFound)
                    .compose(g -> (accept ? proposals.accept(proposal, g, principal, note) : proposals.decline(proposal, g, principal, note))
                            .compose(decided -> (accept ? scope.announce(g.id(), decided.entryId(), "entry") : Future.<Void>succeededFuture())
                                    .compose(v -> scope.announce(g.id(), decided.entryId(), "proposal")).map(decided)));
        }).map(Proposal::toJson));
    }
    private static Journal.Note definitionNote(GlossaryAccess.EntryIn found, String perspective, Principal actor, String action) {
        return new Journal.Note(found.glossary().workspaceId(), actor, action, found.entry().id(), new JsonObject()
                .put("term", found.entry().fields().term()).put("perspective", perspective));
    }

    private Future<DocumentInfo> document(String id, Principal principal, Action action) {
        return documents.requireDocument(id, principal, action, access);
    }
}
