package io.cahier.glossary;

import io.cahier.documents.DocumentInfo;
import io.cahier.documents.DocumentRepository;
import io.cahier.http.Access;
import io.cahier.http.Access.Action;
import io.cahier.http.CahierException;
import io.cahier.http.ErrorCode;
import io.cahier.http.Principal;
import io.cahier.http.Rest;
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

    public GlossaryRoutes(GlossaryRepository glossaries, DocumentRepository documents, Access access, String publicUrl,
            GlossaryListener listener) {
        this.listener = listener;
        this.glossaries = glossaries;
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
    }

    // ---- glossaries -----------------------------------------------------------------------

    private void create(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        String name = Rest.requiredText(Rest.body(ctx), "name", MAX_NAME);
        String ws = ctx.pathParam("ws");
        Rest.reply(ctx, 201, access.check(principal, Action.EDIT, ws, WorkspaceStore.noWorkspace(ws))
                .compose(grant -> glossaries.create(ws, name)).map(Glossary::toJson));
    }

    private void list(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        String ws = ctx.pathParam("ws");
        Rest.reply(ctx, 200, access.check(principal, Action.READ, ws, WorkspaceStore.noWorkspace(ws))
                .compose(grant -> glossaries.ofWorkspace(ws)).map(list -> new JsonArray(list.stream().map(Glossary::toJson).toList())));
    }

    private void get(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        Rest.reply(ctx, 200, glossary(ctx.pathParam("id"), principal, Action.READ).compose(this::full));
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
        Rest.reply(ctx, 200, glossary(ctx.pathParam("id"), principal, Action.EDIT)
                .compose(g -> glossaries.rename(g.id(), name).compose(v -> glossary(g.id(), principal, Action.READ)))
                .compose(g -> announce(g.id(), null, "renamed").map(g))
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
        Rest.reply(ctx, 200, glossary(ctx.pathParam("id"), principal, Action.EDIT).compose(g -> document(docId, principal, Action.EDIT)
                .compose(doc -> {
                    if (!doc.workspaceId().equals(g.workspaceId())) {
                        throw CahierException.badRequest("a glossary is attached to documents of its own workspace");
                    }
                    return attach ? glossaries.attach(g.id(), doc.id()) : glossaries.detach(g.id(), doc.id());
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
        Rest.reply(ctx, 201, glossary(ctx.pathParam("id"), principal, Action.EDIT)
                .compose(g -> glossaries.createEntry(g.id(), fields, definitions, principal))
                .compose(e -> announce(e.glossaryId(), e.id(), "entry").map(e))
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
        Rest.reply(ctx, 200, entry(ctx.pathParam("id"), principal, Action.READ).map(Entry::toJson));
    }

    private void patchEntry(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        JsonObject body = Rest.body(ctx);
        long baseVersion = version(body, "version");
        Rest.reply(ctx, 200, entry(ctx.pathParam("id"), principal, Action.EDIT).compose(current -> {
            EntryFields fields = EntryFields.parse(body, current.fields(), Set.of("version"));
            return glossaries.updateEntry(current.id(), baseVersion, fields, principal);
        }).compose(e -> announce(e.glossaryId(), e.id(), "entry").map(e)).map(Entry::toJson));
    }

    private void entryHistory(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        Rest.reply(ctx, 200, entry(ctx.pathParam("id"), principal, Action.READ).compose(e -> glossaries.entryHistory(e.id())));
    }

    private void putDefinition(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        JsonObject body = Rest.body(ctx);
        String perspective = Perspectives.require(ctx.pathParam("perspective"));
        long baseVersion = version(body, "baseVersion");
        String text = Perspectives.definitionText(body.getValue("text"));
        Rest.reply(ctx, 200, entry(ctx.pathParam("id"), principal, Action.EDIT)
                .compose(e -> glossaries.putDefinition(e.id(), perspective, baseVersion, text, null, principal)
                        .compose(d -> announce(e.glossaryId(), e.id(), "definition").map(d)))
                .map(Definition::toJson));
    }

    private void definitionHistory(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        String perspective = Perspectives.require(ctx.pathParam("perspective"));
        Rest.reply(ctx, 200, entry(ctx.pathParam("id"), principal, Action.READ)
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
        Rest.reply(ctx, 200, entry(ctx.pathParam("id"), principal, Action.EDIT)
                .compose(e -> glossaries.definitionHistory(e.id(), perspective).compose(history -> {
                    Definition old = history.stream().filter(d -> d.version() == version).findFirst().orElseThrow(() ->
                            CahierException.notFound("the " + perspective + " definition has no version " + version));
                    return glossaries.putDefinition(e.id(), perspective, baseVersion, old.text(), version, principal)
                            .compose(d -> announce(e.glossaryId(), e.id(), "definition").map(d));
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
        glossary(ctx.pathParam("id"), principal, Action.READ)
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
        boolean dryRun = "true".equals(ctx.request().getParam("dryRun"));
        Rest.reply(ctx, dryRun ? 200 : 201, glossary(ctx.pathParam("id"), principal, Action.EDIT).compose(g -> glossaries.entries(g.id())
                .compose(existing -> {
                    Set<String> terms = new java.util.HashSet<>();
                    existing.forEach(e -> terms.add(e.fields().term().toLowerCase(java.util.Locale.ROOT)));
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
                    return glossaries.importEntries(g.id(), rows, principal)
                            .compose(n -> announce(g.id(), null, "entry").map(summary.put("imported", n)));
                })));
    }

    /**
     * Tells the documents the glossary is attached to that it changed. The change is already
     * stored: if the documents cannot be read now, the reply still succeeds and clients catch up
     * on their next read.
     */
    private Future<Void> announce(String glossaryId, String entryId, String change) {
        return glossaries.documents(glossaryId)
                .onSuccess(docs -> listener.changed(glossaryId, entryId, change, docs))
                .<Void>mapEmpty()
                .recover(e -> Future.succeededFuture());
    }

    // ---- lookups that check access --------------------------------------------------------

    private Future<Glossary> glossary(String id, Principal principal, Action action) {
        CahierException notFound = CahierException.notFound("no glossary \"" + id + "\"");
        return glossaries.find(id).compose(found -> {
            Glossary g = found.orElseThrow(() -> notFound);
            return access.check(principal, action, g.workspaceId(), notFound).map(g);
        });
    }

    /** The entry if the principal may do {@code action} in its glossary's workspace; else the entry's own "not found". */
    private Future<Entry> entry(String id, Principal principal, Action action) {
        return glossaries.entry(id).compose(found -> {
            Entry e = found.orElseThrow(() -> GlossaryRepository.notFound(id));
            return glossaries.find(e.glossaryId()).compose(g -> access.check(principal, action,
                    g.orElseThrow(() -> GlossaryRepository.notFound(id)).workspaceId(), GlossaryRepository.notFound(id))).map(e);
        });
    }

    private Future<DocumentInfo> document(String id, Principal principal, Action action) {
        return documents.requireDocument(id, principal, action, access);
    }
}
