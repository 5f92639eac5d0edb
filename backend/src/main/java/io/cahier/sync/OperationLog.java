package io.cahier.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cahier.http.CahierException;
import io.cahier.http.ErrorCode;
import io.cahier.protocol.ot.TextOperation;
import io.cahier.protocol.ot.TextOperationJson;
import io.cahier.storage.Database;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operation log and its snapshots: the history of every document, never rewritten. The insert
 * of {@code (doc, rev)} under its primary key is what makes a revision exist.
 */
public final class OperationLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String INSERT_OP = "INSERT INTO operations (doc_id, rev, op, client, seq, author_id, author_name, created_at) "
            + "VALUES (#{doc}, #{rev}, #{op}, #{client}, #{seq}, #{authorId}, #{authorName}, #{time})";
    private static final String INSERT_SNAPSHOT = "INSERT INTO snapshots (doc_id, rev, text) VALUES (#{doc}, #{rev}, #{text})";
    private static final String UPDATE_HEAD =
            "UPDATE documents SET rev = #{rev}, updated_at = #{time} WHERE id = #{doc} AND rev < #{before}";
    // The same statements for the embedded store's writer connection (JDBC's positional parameters).
    private static final String INSERT_OP_JDBC = positional(INSERT_OP);
    private static final String INSERT_SNAPSHOT_JDBC = positional(INSERT_SNAPSHOT);
    private static final String UPDATE_HEAD_JDBC = positional(UPDATE_HEAD);
    private static final String SELECT_OPS = "SELECT doc_id, rev, op, client, seq, author_id, author_name, created_at "
            + "FROM operations WHERE doc_id = #{doc} AND rev >= #{from} AND rev <= #{to} ORDER BY rev";

    /** How many recent operations a load brings into memory at least. */
    static final int RECENT = LiveDocument.WINDOW;

    private final Database database;
    private final Pool pool;
    private final String nodeId;

    /** {@code nodeId} signs the commit announcements of a shared store; null when nobody listens. */
    public OperationLog(Database database, String nodeId) {
        this.database = database;
        this.pool = database.pool();
        this.nodeId = nodeId;
    }

    /** True on a store shared by several nodes: the log may be ahead of what this node has read. */
    boolean shared() {
        return nodeId != null;
    }

    /**
     * Appends operations and snapshots of any number of documents in one transaction, and answers
     * the documents that lost a race: on a shared store another node may have written the
     * revision a document's first operation claims. That insert is the arbiter
     * ({@code ON CONFLICT (doc_id, rev) DO NOTHING}); a document that lost writes nothing in this
     * transaction, the others commit. After the commit the other nodes hear which heads moved
     * ({@link #OPS_CHANNEL}). The embedded store has one writer, so nothing can race it there.
     */
    public Future<Set<String>> append(List<StoredOperation> ops, List<Snapshot> snapshots) {
        if (database.dialect().equals(Database.SQLITE)) {
            return database.writeNow(conn -> appendBlocking(conn, ops, snapshots)).map(v -> Set.of());
        }
        return database.inTransaction(conn -> appendArbitrated(conn, ops, snapshots));
    }

    /** The channel on which a node announces, after each commit, the new head of each document it wrote. */
    public static final String OPS_CHANNEL = "cahier_ops";

    private Future<Set<String>> appendArbitrated(SqlConnection conn, List<StoredOperation> ops, List<Snapshot> snapshots) {
        Map<String, List<StoredOperation>> byDoc = new LinkedHashMap<>();
        for (StoredOperation op : ops) {
            byDoc.computeIfAbsent(op.docId(), d -> new ArrayList<>()).add(op);
        }
        // Claims in document order on every node: two nodes claiming the same two documents in
        // opposite orders would each wait for the other's row until PostgreSQL's deadlock timeout.
        List<String> docs = new ArrayList<>(byDoc.keySet());
        java.util.Collections.sort(docs);
        List<Map<String, Object>> firsts = new ArrayList<>(docs.size());
        for (String doc : docs) {
            firsts.add(row(byDoc.get(doc).get(0)));
        }
        return SqlTemplate.forQuery(conn, INSERT_OP + " ON CONFLICT (doc_id, rev) DO NOTHING RETURNING doc_id")
                .executeBatch(firsts)
                .compose(claimed -> {
                    // Each claim that took returns its document; the others found the revision taken.
                    Set<String> claimedDocs = new HashSet<>();
                    for (RowSet<Row> result = claimed; result != null; result = result.next()) {
                        for (Row row : result) {
                            claimedDocs.add(row.getString("doc_id"));
                        }
                    }
                    Set<String> lost = new HashSet<>(docs);
                    lost.removeAll(claimedDocs);
                    List<StoredOperation> rest = new ArrayList<>();
                    for (String doc : docs) {
                        List<StoredOperation> docOps = byDoc.get(doc);
                        if (!lost.contains(doc)) {
                            rest.addAll(docOps.subList(1, docOps.size()));
                        }
                    }
                    List<StoredOperation> won = new ArrayList<>();
                    for (StoredOperation op : ops) {
                        if (!lost.contains(op.docId())) {
                            won.add(op);
                        }
                    }
                    List<Snapshot> wonSnapshots = new ArrayList<>();
                    for (Snapshot snapshot : snapshots) {
                        if (!lost.contains(snapshot.docId())) {
                            wonSnapshots.add(snapshot);
                        }
                    }
                    // Sent together: the client pipelines them on the connection, one round trip.
                    return Future.all(insertRest(conn, rest), writeSnapshotsAndHeads(conn, won, wonSnapshots), announce(conn, won))
                            .map(v -> lost);
                });
    }

    private static Future<Void> insertRest(SqlClient conn, List<StoredOperation> rest) {
        if (rest.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Map<String, Object>> rows = new ArrayList<>(rest.size());
        for (StoredOperation op : rest) {
            rows.add(row(op));
        }
        return SqlTemplate.forUpdate(conn, INSERT_OP).executeBatch(rows).mapEmpty();
    }

    /** NOTIFY, delivered by PostgreSQL only if and when this transaction commits: "node\ndoc rev\n…". */
    private Future<Void> announce(SqlClient conn, List<StoredOperation> won) {
        if (won.isEmpty() || nodeId == null) {
            return Future.succeededFuture();
        }
        Map<String, Long> heads = new LinkedHashMap<>();
        for (StoredOperation op : won) {
            heads.merge(op.docId(), op.rev(), Math::max);
        }
        List<Map<String, Object>> payloads = new ArrayList<>();
        StringBuilder payload = new StringBuilder(nodeId);
        for (Map.Entry<String, Long> head : heads.entrySet()) {
            String line = "\n" + head.getKey() + " " + head.getValue();
            if (payload.length() + line.length() > 7000) { // PostgreSQL's payload limit is 8000 bytes
                payloads.add(Map.of("channel", OPS_CHANNEL, "payload", payload.toString()));
                payload = new StringBuilder(nodeId);
            }
            payload.append(line);
        }
        payloads.add(Map.of("channel", OPS_CHANNEL, "payload", payload.toString()));
        return SqlTemplate.forQuery(conn, "SELECT pg_notify(#{channel}, #{payload})").executeBatch(payloads).mapEmpty();
    }

    /** The same statements as {@link #append(SqlClient, List, List)}, for the embedded store's writer. */
    private static void appendBlocking(java.sql.Connection conn, List<StoredOperation> ops, List<Snapshot> snapshots)
            throws java.sql.SQLException {
        Map<String, StoredOperation> heads = new LinkedHashMap<>();
        try (java.sql.PreparedStatement insert = conn.prepareStatement(INSERT_OP_JDBC)) {
            for (StoredOperation op : ops) {
                insert.setString(1, op.docId());
                insert.setLong(2, op.rev());
                insert.setString(3, TextOperationJson.toJson(op.op()));
                insert.setString(4, op.client());
                if (op.seq() == null) {
                    insert.setNull(5, java.sql.Types.BIGINT);
                } else {
                    insert.setLong(5, op.seq());
                }
                insert.setString(6, op.authorId());
                insert.setString(7, op.authorName());
                insert.setLong(8, op.time());
                insert.addBatch();
                heads.put(op.docId(), op);
            }
            insert.executeBatch();
        }
        if (!snapshots.isEmpty()) {
            try (java.sql.PreparedStatement insert = conn.prepareStatement(INSERT_SNAPSHOT_JDBC)) {
                for (Snapshot snapshot : snapshots) {
                    insert.setString(1, snapshot.docId());
                    insert.setLong(2, snapshot.rev());
                    insert.setString(3, snapshot.text());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        try (java.sql.PreparedStatement update = conn.prepareStatement(UPDATE_HEAD_JDBC)) {
            for (StoredOperation head : heads.values()) {
                update.setLong(1, head.rev());
                update.setLong(2, head.time());
                update.setString(3, head.docId());
                update.setLong(4, head.rev());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** A template's #{name} placeholders as JDBC's positional ones (names used once each, in order). */
    private static String positional(String template) {
        return template.replaceAll("#\\{\\w+}", "?");
    }

    private static Map<String, Object> row(StoredOperation op) {
        Map<String, Object> row = new HashMap<>();
        row.put("doc", op.docId());
        row.put("rev", op.rev());
        row.put("op", TextOperationJson.toJson(op.op()));
        row.put("client", op.client());
        row.put("seq", op.seq());
        row.put("authorId", op.authorId());
        row.put("authorName", op.authorName());
        row.put("time", op.time());
        return row;
    }

    /** Appends within a transaction the caller holds (a new document's template), and moves each document's head. */
    public Future<Void> append(SqlClient conn, List<StoredOperation> ops, List<Snapshot> snapshots) {
        return insertRest(conn, ops).compose(v -> writeSnapshotsAndHeads(conn, ops, snapshots));
    }

    private static Future<Void> writeSnapshotsAndHeads(SqlClient conn, List<StoredOperation> ops, List<Snapshot> snapshots) {
        Map<String, Map<String, Object>> heads = new java.util.TreeMap<>(); // rows locked in document order (see the claims)
        for (StoredOperation op : ops) {
            heads.put(op.docId(), Map.of("doc", op.docId(), "rev", op.rev(), "time", op.time(), "before", op.rev()));
        }
        List<Future<?>> written = new ArrayList<>();
        if (!snapshots.isEmpty()) {
            List<Map<String, Object>> snapshotRows = new ArrayList<>();
            for (Snapshot s : snapshots) {
                snapshotRows.add(Map.of("doc", s.docId(), "rev", s.rev(), "text", s.text()));
            }
            written.add(SqlTemplate.forUpdate(conn, INSERT_SNAPSHOT).executeBatch(snapshotRows));
        }
        if (!heads.isEmpty()) {
            written.add(SqlTemplate.forUpdate(conn, UPDATE_HEAD).executeBatch(new ArrayList<>(heads.values())));
        }
        return Future.all(written).mapEmpty();
    }

    /** Loads a document's durable state; fails with {@code unknown-doc} when it does not exist. */
    public Future<DocumentState> load(String docId) {
        return SqlTemplate.forQuery(pool, "SELECT workspace_id, archived, rev FROM documents WHERE id = #{doc}")
                .execute(Map.of("doc", docId))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.failedFuture(new CahierException(ErrorCode.UNKNOWN_DOC, "no document \"" + docId + "\""));
                    }
                    Row row = rows.iterator().next();
                    String workspaceId = row.getString("workspace_id");
                    boolean archived = row.getLong("archived") != 0;
                    long head = row.getLong("rev");
                    return loadText(docId, head).compose(text -> range(docId, Math.max(1, head - RECENT + 1), head)
                            .compose(recent -> lastSubmissions(docId)
                                    .map(last -> new DocumentState(docId, workspaceId, archived, text, head, recent, last))));
                });
    }

    /** The text at revision {@code rev}: the latest snapshot at or before it, plus the ops after. */
    public Future<String> loadText(String docId, long rev) {
        return SqlTemplate.forQuery(pool,
                        "SELECT rev, text FROM snapshots WHERE doc_id = #{doc} AND rev <= #{rev} ORDER BY rev DESC LIMIT 1")
                .execute(Map.of("doc", docId, "rev", rev))
                .compose(rows -> {
                    long base = 0;
                    String text = "";
                    if (rows.size() > 0) {
                        Row row = rows.iterator().next();
                        base = row.getLong("rev");
                        text = row.getString("text");
                    }
                    String start = text;
                    long snapshotRev = base;
                    if (base == rev) {
                        return Future.succeededFuture(start);
                    }
                    return range(docId, base + 1, rev).map(ops -> {
                        if (ops.size() != rev - snapshotRev) {
                            throw new IllegalStateException("operation log of " + docId + " has a gap");
                        }
                        String result = start;
                        for (StoredOperation op : ops) {
                            result = op.op().apply(result);
                        }
                        return result;
                    });
                });
    }

    /** Operations {@code from..to} (inclusive) in revision order. */
    public Future<List<StoredOperation>> range(String docId, long from, long to) {
        if (from > to) {
            return Future.succeededFuture(List.of());
        }
        return SqlTemplate.forQuery(pool, SELECT_OPS)
                .execute(Map.of("doc", docId, "from", from, "to", to))
                .map(rows -> {
                    List<StoredOperation> ops = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        ops.add(toOperation(row));
                    }
                    long expected = from;
                    for (StoredOperation op : ops) {
                        if (op.rev() != expected++) {
                            throw new IllegalStateException("operation log of " + docId + " has a gap at " + (expected - 1));
                        }
                    }
                    return ops;
                });
    }

    /** The revision submission {@code (doc, client, seq)} was given, or null if the log does not hold it. */
    public Future<Long> findSubmission(String docId, String client, long seq) {
        return SqlTemplate.forQuery(pool, "SELECT rev FROM operations WHERE doc_id = #{doc} AND client = #{client} AND seq = #{seq}")
                .execute(Map.of("doc", docId, "client", client, "seq", seq))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("rev"));
    }

    private Future<Map<String, DocumentState.LastSubmission>> lastSubmissions(String docId) {
        return SqlTemplate.forQuery(pool, "SELECT o.client, o.seq, o.rev FROM operations o "
                        + "JOIN (SELECT client, MAX(seq) AS seq FROM operations WHERE doc_id = #{doc} AND client IS NOT NULL GROUP BY client) m "
                        + "ON o.client = m.client AND o.seq = m.seq WHERE o.doc_id = #{doc}")
                .execute(Map.of("doc", docId))
                .map(rows -> {
                    Map<String, DocumentState.LastSubmission> last = new HashMap<>();
                    for (Row row : rows) {
                        last.put(row.getString("client"), new DocumentState.LastSubmission(row.getLong("seq"), row.getLong("rev")));
                    }
                    return last;
                });
    }

    private static StoredOperation toOperation(Row row) {
        TextOperation op;
        try {
            op = TextOperationJson.fromJson(JSON.readTree(row.getString("op")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new StoredOperation(row.getString("doc_id"), row.getLong("rev"), op, row.getString("client"),
                row.getLong("seq"), row.getString("author_id"), row.getString("author_name"), row.getLong("created_at"));
    }
}
