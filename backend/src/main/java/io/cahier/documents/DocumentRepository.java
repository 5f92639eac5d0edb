package io.cahier.documents;

import io.cahier.http.Access;
import io.cahier.http.CahierException;
import io.cahier.http.ErrorCode;
import io.cahier.http.Principal;
import io.cahier.protocol.ot.TextOperation;
import io.cahier.storage.Database;
import io.cahier.storage.Ids;
import io.cahier.sync.OperationLog;
import io.cahier.sync.StoredOperation;
import io.cahier.workspaces.Journal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Document metadata. A new document's template is its operation 1. */
public final class DocumentRepository {

    private static final String DOCUMENT_COLUMNS = "id, workspace_id, title, kind, archived, rev, created_at, updated_at";

    private final Database database;
    private final Pool pool;
    private final OperationLog log;

    public DocumentRepository(Database database, OperationLog log) {
        this.database = database;
        this.pool = database.pool();
        this.log = log;
    }

    /** Creates a document from its kind's template; the template insert is revision 1, by the creator. */
    public Future<DocumentInfo> createDocument(String workspaceId, String title, DocumentKind kind, Principal creator) {
        long now = System.currentTimeMillis();
        String template = kind.template();
        long rev = template.isEmpty() ? 0 : 1;
        DocumentInfo doc = new DocumentInfo(Ids.newId(), workspaceId, title, kind.code(), false, rev, now, now);
        return database.inTransaction(conn -> SqlTemplate.forUpdate(conn,
                        "INSERT INTO documents (" + DOCUMENT_COLUMNS + ") VALUES (#{id}, #{ws}, #{title}, #{kind}, 0, #{rev}, #{time}, #{time})")
                .execute(Map.of("id", doc.id(), "ws", workspaceId, "title", title, "kind", kind.code(), "rev", rev, "time", now))
                .compose(v -> template.isEmpty() ? Future.succeededFuture() : log.append(conn,
                        List.of(new StoredOperation(doc.id(), 1, TextOperation.builder().insert(template).build(), null, null,
                                creator.id(), creator.name(), now)),
                        List.of()))
                .compose(v -> Journal.write(conn, new Journal.Note(workspaceId, creator, "document.created", doc.id(),
                        new JsonObject().put("title", title).put("kind", kind.code())))))
                .map(doc);
    }

    /** The document, or an {@code unknown-doc} failure. */
    public Future<DocumentInfo> requireDocument(String id) {
        return document(id).map(found -> found.orElseThrow(() -> noDocument(id)));
    }

    /**
     * The document if the principal may do {@code action} in its workspace; a non-member is told,
     * exactly as for a document that does not exist, {@code unknown-doc}.
     */
    public Future<DocumentInfo> requireDocument(String id, Principal principal, Access.Action action, Access access) {
        return requireDocument(id).compose(doc -> access.check(principal, action, doc.workspaceId(), noDocument(id)).map(doc));
    }

    public static CahierException noDocument(String id) {
        return new CahierException(ErrorCode.UNKNOWN_DOC, "no document \"" + id + "\"");
    }

    public Future<List<DocumentInfo>> documents(String workspaceId) {
        return SqlTemplate.forQuery(pool, "SELECT " + DOCUMENT_COLUMNS + " FROM documents WHERE workspace_id = #{ws} ORDER BY updated_at DESC, id")
                .execute(Map.of("ws", workspaceId))
                .map(rows -> {
                    List<DocumentInfo> list = new ArrayList<>();
                    rows.forEach(row -> list.add(toDocument(row)));
                    return list;
                });
    }

    public Future<Optional<DocumentInfo>> document(String id) {
        return SqlTemplate.forQuery(pool, "SELECT " + DOCUMENT_COLUMNS + " FROM documents WHERE id = #{id}")
                .execute(Map.of("id", id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toDocument(rows.iterator().next())));
    }

    /** Changes the title and/or archived flag (null leaves it as it is). */
    public Future<Void> update(DocumentInfo doc, String title, Boolean archived, Principal actor) {
        String id = doc.id();
        Map<String, Object> params = new HashMap<>();
        params.put("id", id);
        params.put("title", title);
        params.put("archived", archived == null ? null : (archived ? 1 : 0));
        params.put("time", System.currentTimeMillis());
        JsonObject details = new JsonObject();
        if (title != null) {
            details.put("title", title).put("before", doc.title());
        }
        if (archived != null) {
            details.put("archived", archived);
        }
        return database.inTransaction(conn -> SqlTemplate.forUpdate(conn, "UPDATE documents SET title = COALESCE(#{title}, title), "
                        + "archived = COALESCE(#{archived}, archived), updated_at = #{time} WHERE id = #{id}")
                .execute(params)
                .compose(v -> details.isEmpty() ? Future.succeededFuture()
                        : Journal.write(conn, new Journal.Note(doc.workspaceId(), actor, "document.changed", id, details))));
    }

    private static DocumentInfo toDocument(Row row) {
        return new DocumentInfo(row.getString("id"), row.getString("workspace_id"), row.getString("title"),
                row.getString("kind"), row.getLong("archived") != 0, row.getLong("rev"), row.getLong("created_at"),
                row.getLong("updated_at"));
    }
}
