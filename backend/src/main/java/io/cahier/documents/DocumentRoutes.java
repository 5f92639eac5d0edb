package io.cahier.documents;

import io.cahier.http.Access;
import io.cahier.http.Access.Action;
import io.cahier.http.CahierException;
import io.cahier.http.ErrorCode;
import io.cahier.http.Principal;
import io.cahier.http.Rest;
import io.cahier.protocol.ot.TextOperationJson;
import io.cahier.sync.LiveDocuments;
import io.cahier.sync.OperationLog;
import io.cahier.workspaces.WorkspaceStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** REST: a workspace's documents, their text at any revision and their operation log. */
public final class DocumentRoutes {

    static final int MAX_TITLE = 200;
    static final int MAX_OPS_PAGE = 1000;

    private final DocumentRepository documents;
    private final OperationLog log;
    private final Access access;
    private final LiveDocuments live;

    public DocumentRoutes(DocumentRepository documents, OperationLog log, Access access, LiveDocuments live) {
        this.documents = documents;
        this.log = log;
        this.access = access;
        this.live = live;
    }

    public void mount(Router router) {
        router.post("/api/workspaces/:ws/documents").handler(this::createDocument);
        router.get("/api/workspaces/:ws/documents").handler(this::listDocuments);
        router.get("/api/documents/:id").handler(this::getDocument);
        router.patch("/api/documents/:id").handler(this::patchDocument);
        router.get("/api/documents/:id/text").handler(this::getText);
        router.get("/api/documents/:id/ops").handler(this::getOps);
    }

    private void createDocument(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        JsonObject body = Rest.body(ctx);
        String title = Rest.requiredText(body, "title", MAX_TITLE);
        String kindCode = body.getValue("kind") instanceof String s ? s : null;
        DocumentKind kind = DocumentKind.fromCode(kindCode).orElseThrow(() ->
                CahierException.badRequest("kind must be one of paper, experiment-spec, note"));
        String ws = ctx.pathParam("ws");
        Rest.reply(ctx, 201, access.check(principal, Action.EDIT, ws, WorkspaceStore.noWorkspace(ws))
                .compose(grant -> documents.createDocument(ws, title, kind, principal))
                .map(DocumentInfo::toJson));
    }

    private void listDocuments(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        String ws = ctx.pathParam("ws");
        Rest.reply(ctx, 200, access.check(principal, Action.READ, ws, WorkspaceStore.noWorkspace(ws))
                .compose(grant -> documents.documents(ws))
                .map(list -> new JsonArray(list.stream().map(DocumentInfo::toJson).toList())));
    }

    private void getDocument(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        Rest.reply(ctx, 200, document(ctx.pathParam("id"), principal, Action.READ).map(DocumentInfo::toJson));
    }

    private void patchDocument(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        JsonObject body = Rest.body(ctx);
        for (String field : body.fieldNames()) {
            if (!field.equals("title") && !field.equals("archived")) {
                throw CahierException.badRequest("only title and archived can be changed, not " + field);
            }
        }
        String title = body.containsKey("title") ? Rest.requiredText(body, "title", MAX_TITLE) : null;
        Object archivedValue = body.getValue("archived");
        if (body.containsKey("archived") && !(archivedValue instanceof Boolean)) {
            throw CahierException.badRequest("archived must be true or false");
        }
        Boolean archived = (Boolean) archivedValue;
        String id = ctx.pathParam("id");
        Rest.reply(ctx, 200, document(id, principal, Action.EDIT)
                .compose(doc -> documents.update(doc, title, archived, principal))
                .onSuccess(v -> {
                    if (archived != null) {
                        live.archived(id, archived);
                    }
                })
                .compose(v -> documents.document(id))
                .map(doc -> doc.orElseThrow().toJson()));
    }

    private void getText(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        Long requested = Rest.optionalLong(ctx, "rev");
        String id = ctx.pathParam("id");
        Rest.reply(ctx, 200, document(id, principal, Action.READ).compose(doc -> {
            long rev = requested == null ? doc.rev() : requested;
            if (rev > doc.rev()) {
                throw new CahierException(ErrorCode.REV_UNAVAILABLE,
                        "revision " + rev + " does not exist yet; the document is at revision " + doc.rev());
            }
            return log.loadText(id, rev).map(text -> new JsonObject().put("id", id).put("rev", rev).put("text", text));
        }));
    }

    private void getOps(RoutingContext ctx) {
        Principal principal = Rest.principal(ctx);
        Long fromParam = Rest.optionalLong(ctx, "from");
        Long toParam = Rest.optionalLong(ctx, "to");
        String id = ctx.pathParam("id");
        Rest.reply(ctx, 200, document(id, principal, Action.READ).compose(doc -> {
            long from = fromParam == null ? 1 : Math.max(1, fromParam);
            long end = Math.min(doc.rev(), toParam == null ? doc.rev() : toParam);
            // end - from cannot overflow (both non-negative); from + MAX_OPS_PAGE could
            long last = end - from < MAX_OPS_PAGE ? end : from + MAX_OPS_PAGE - 1;
            return log.range(id, from, last).map(ops -> {
                JsonArray array = new JsonArray();
                ops.forEach(op -> array.add(new JsonObject()
                        .put("rev", op.rev())
                        .put("op", new JsonArray(TextOperationJson.toJson(op.op())))
                        .put("client", op.client())
                        .put("seq", op.seq())
                        .put("author", new JsonObject().put("id", op.authorId()).put("name", op.authorName()))
                        .put("time", op.time())));
                JsonObject page = new JsonObject().put("id", id).put("rev", doc.rev()).put("ops", array);
                if (last < end) {
                    page.put("next", "/api/documents/" + id + "/ops?from=" + (last + 1) + (toParam == null ? "" : "&to=" + toParam));
                }
                return page;
            });
        }));
    }

    private Future<DocumentInfo> document(String id, Principal principal, Action action) {
        return documents.requireDocument(id, principal, action, access);
    }
}
