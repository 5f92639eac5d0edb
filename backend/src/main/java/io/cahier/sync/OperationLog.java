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
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
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
    /** A client instance's last submission to a document moves on (never back). */
    private static final String UPSERT_SUBMISSION = "INSERT INTO submissions (doc_id, client, seq, rev) "
            + "VALUES (#{doc}, #{client}, #{seq}, #{rev}) "
            + "ON CONFLICT (doc_id, client) DO UPDATE SET seq = excluded.seq, rev = excluded.rev WHERE submissions.seq < excluded.seq";
    // The same statements for the embedded store's writer connection (JDBC's positional parameters).
    private static final String INSERT_OP_JDBC = positional(INSERT_OP);
    private static final String INSERT_SNAPSHOT_JDBC = positional(INSERT_SNAPSHOT);
    private static final String UPDATE_HEAD_JDBC = positional(UPDATE_HEAD);
    private static final String UPSERT_SUBMISSION_JDBC = positional(UPSERT_SUBMISSION);
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
            return database.writeNow(conn -> appendBlocking(statements(conn), ops, snapshots)).map(v -> Set.of());
        }
        return appendArbitrated(ops, snapshots);
    }

    /** The channel on which a node announces, after each commit, the new head of each document it wrote. */
    public static final String OPS_CHANNEL = "cahier_ops";

    /**
     * A document's operations ride in its announcement up to this size (JSON), so that the other
     * nodes deliver them without reading the log; larger ones (a paste) are only announced.
     */
    static final int ANNOUNCED_OPS_MAX_BYTES = 2000;
    /**
     * Lines go into one NOTIFY while their running total stays under a multiple of this: a payload
     * then holds less than this plus one line (~2,050 bytes), under PostgreSQL's 8,000-byte limit.
     */
    static final int ANNOUNCEMENT_PART_BYTES = 5000;

    /**
     * The whole append on a shared store, as one statement: PostgreSQL runs it as one transaction
     * and answers once, after its commit. (As BEGIN, the claims, the rest and COMMIT it took four
     * round trips, each a wake-up of this node and of a database backend on busy cores.)
     * <ol>
     * <li>{@code batch}: the operations, from arrays (one parameter per column).
     * <li>{@code claims}: each document's first operation, in document order on every node (two
     * nodes claiming the same two documents in opposite orders would each wait for the other's row
     * until PostgreSQL's deadlock timeout). A claim that finds its revision taken inserts nothing.
     * <li>{@code rest}, {@code snapshots_taken}, {@code submitted}, {@code heads}, {@code moved}:
     * only for the documents whose claim took ({@code submitted}: the last submissions the
     * snapshots carry).
     * <li>{@code written}, {@code lines}, {@code announced}: NOTIFY, delivered only if and when
     * the transaction commits: "node\ndoc rev ops\ndoc rev\n…", a line per document with its new
     * head and, when they are small, the operations just written (a JSON array of
     * {@code [rev, op, client, seq, authorId, authorName, time]}); split to stay under
     * PostgreSQL's 8,000-byte payload limit; none when nobody listens (node null).
     * </ol>
     * It answers the documents whose claim took, and how many notifications it sent: nothing
     * reads that count, but a CTE the final query does not use would not run.
     */
    private static final String APPEND_ARBITRATED = """
            WITH batch AS (
                SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::bigint[])
                    AS b (doc_id, rev, op, client, seq, author_id, author_name, created_at)
            ), claims AS (
                INSERT INTO operations (doc_id, rev, op, client, seq, author_id, author_name, created_at)
                SELECT DISTINCT ON (doc_id) * FROM batch ORDER BY doc_id, rev
                ON CONFLICT (doc_id, rev) DO NOTHING
                RETURNING doc_id, rev
            ), rest AS (
                INSERT INTO operations (doc_id, rev, op, client, seq, author_id, author_name, created_at)
                SELECT b.* FROM batch b JOIN claims c ON b.doc_id = c.doc_id AND b.rev > c.rev
            ), snapshots_taken AS (
                INSERT INTO snapshots (doc_id, rev, text)
                SELECT s.* FROM unnest($9::text[], $10::bigint[], $11::text[]) AS s (doc_id, rev, text)
                WHERE s.doc_id IN (SELECT doc_id FROM claims)
            ), submitted AS (
                INSERT INTO submissions (doc_id, client, seq, rev)
                SELECT s.* FROM unnest($13::text[], $14::text[], $15::bigint[], $16::bigint[]) AS s (doc_id, client, seq, rev)
                WHERE s.doc_id IN (SELECT doc_id FROM claims)
                ON CONFLICT (doc_id, client) DO UPDATE SET seq = excluded.seq, rev = excluded.rev WHERE submissions.seq < excluded.seq
            ), heads AS (
                SELECT DISTINCT ON (doc_id) doc_id, rev, created_at FROM batch
                WHERE doc_id IN (SELECT doc_id FROM claims) ORDER BY doc_id, rev DESC
            ), moved AS (
                UPDATE documents d SET rev = h.rev, updated_at = h.created_at FROM heads h WHERE d.id = h.doc_id AND d.rev < h.rev
            ), written AS (
                SELECT doc_id, max(rev) AS head,
                    json_agg(json_build_array(rev, op::json, client, seq, author_id, author_name, created_at) ORDER BY rev)::text AS ops
                FROM batch WHERE doc_id IN (SELECT doc_id FROM claims) GROUP BY doc_id
            ), lines AS (
                SELECT doc_id, doc_id || ' ' || head || CASE WHEN octet_length(ops) <= %d THEN ' ' || ops ELSE '' END AS line
                FROM written
            ), announced AS (
                SELECT pg_notify('%s', $12::text || string_agg(E'\\n' || line, '' ORDER BY doc_id))
                FROM (SELECT doc_id, line, sum(octet_length(line) + 1) OVER (ORDER BY doc_id) / %d AS part FROM lines) l
                WHERE $12::text IS NOT NULL
                GROUP BY part
            )
            SELECT ARRAY(SELECT doc_id FROM claims) AS claimed, (SELECT count(*) FROM announced) AS announcements"""
            .formatted(ANNOUNCED_OPS_MAX_BYTES, OPS_CHANNEL, ANNOUNCEMENT_PART_BYTES);

    private Future<Set<String>> appendArbitrated(List<StoredOperation> ops, List<Snapshot> snapshots) {
        int n = ops.size();
        String[] docs = new String[n];
        Long[] revs = new Long[n];
        String[] texts = new String[n];
        String[] clients = new String[n];
        Long[] seqs = new Long[n];
        String[] authorIds = new String[n];
        String[] authorNames = new String[n];
        Long[] times = new Long[n];
        Set<String> lost = new HashSet<>();
        for (int i = 0; i < n; i++) {
            StoredOperation op = ops.get(i);
            docs[i] = op.docId();
            revs[i] = op.rev();
            texts[i] = TextOperationJson.toJson(op.op());
            clients[i] = op.client();
            seqs[i] = op.seq();
            authorIds[i] = op.authorId();
            authorNames[i] = op.authorName();
            times[i] = op.time();
            lost.add(op.docId());
        }
        String[] snapshotDocs = new String[snapshots.size()];
        Long[] snapshotRevs = new Long[snapshots.size()];
        String[] snapshotTexts = new String[snapshots.size()];
        for (int i = 0; i < snapshots.size(); i++) {
            snapshotDocs[i] = snapshots.get(i).docId();
            snapshotRevs[i] = snapshots.get(i).rev();
            snapshotTexts[i] = snapshots.get(i).text();
        }
        List<SubmissionRow> submitted = submissionRows(snapshots);
        String[] submittedDocs = new String[submitted.size()];
        String[] submittedClients = new String[submitted.size()];
        Long[] submittedSeqs = new Long[submitted.size()];
        Long[] submittedRevs = new Long[submitted.size()];
        for (int i = 0; i < submitted.size(); i++) {
            submittedDocs[i] = submitted.get(i).docId();
            submittedClients[i] = submitted.get(i).client();
            submittedSeqs[i] = submitted.get(i).last().seq();
            submittedRevs[i] = submitted.get(i).last().rev();
        }
        return pool.preparedQuery(APPEND_ARBITRATED)
                .execute(Tuple.from(new Object[] {docs, revs, texts, clients, seqs, authorIds, authorNames, times, snapshotDocs,
                        snapshotRevs, snapshotTexts, nodeId, submittedDocs, submittedClients, submittedSeqs, submittedRevs}))
                .map(rows -> {
                    lost.removeAll(Arrays.asList(rows.iterator().next().getArrayOfStrings("claimed")));
                    return lost;
                });
    }

    /**
     * The operations of document {@code docId} as an announcement carries them (see
     * {@link #APPEND_ARBITRATED}): a JSON array of {@code [rev, op, client, seq, authorId,
     * authorName, time]}.
     */
    static List<StoredOperation> announcedOps(String docId, String json) throws IOException {
        com.fasterxml.jackson.databind.JsonNode array = JSON.readTree(json);
        List<StoredOperation> ops = new ArrayList<>(array.size());
        for (com.fasterxml.jackson.databind.JsonNode op : array) {
            ops.add(new StoredOperation(docId, op.get(0).asLong(), TextOperationJson.fromJson(op.get(1)), text(op.get(2)),
                    op.get(3).isNull() ? null : op.get(3).asLong(), text(op.get(4)), text(op.get(5)), op.get(6).asLong()));
        }
        return ops;
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode node) {
        return node.isNull() ? null : node.asText();
    }

    private static Future<Void> insertOperations(SqlClient conn, List<StoredOperation> ops) {
        if (ops.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Map<String, Object>> rows = new ArrayList<>(ops.size());
        for (StoredOperation op : ops) {
            rows.add(row(op));
        }
        return SqlTemplate.forUpdate(conn, INSERT_OP).executeBatch(rows).mapEmpty();
    }

    /**
     * The embedded store's append statements, prepared once per writer connection: preparing
     * them for every transaction made SQLite compile three statements a thousand times a second.
     * Only the committer writes, one transaction at a time, so one set serves.
     */
    private record WriterStatements(java.sql.Connection connection, java.sql.PreparedStatement insertOp,
            java.sql.PreparedStatement upsertSubmission, java.sql.PreparedStatement insertSnapshot,
            java.sql.PreparedStatement updateHead) {
    }

    private WriterStatements writerStatements;

    private WriterStatements statements(java.sql.Connection conn) throws java.sql.SQLException {
        WriterStatements current = writerStatements;
        if (current == null || current.connection() != conn || current.insertOp().isClosed()) {
            current = new WriterStatements(conn, conn.prepareStatement(INSERT_OP_JDBC), conn.prepareStatement(UPSERT_SUBMISSION_JDBC),
                    conn.prepareStatement(INSERT_SNAPSHOT_JDBC), conn.prepareStatement(UPDATE_HEAD_JDBC));
            writerStatements = current;
        }
        return current;
    }

    /** The same statements as {@link #append(SqlClient, List, List)}, for the embedded store's writer. */
    private static void appendBlocking(WriterStatements statements, List<StoredOperation> ops, List<Snapshot> snapshots)
            throws java.sql.SQLException {
        Map<String, StoredOperation> heads = new LinkedHashMap<>();
        java.sql.PreparedStatement insert = statements.insertOp();
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
        if (!snapshots.isEmpty()) {
            java.sql.PreparedStatement snapshot = statements.insertSnapshot();
            for (Snapshot taken : snapshots) {
                snapshot.setString(1, taken.docId());
                snapshot.setLong(2, taken.rev());
                snapshot.setString(3, taken.text());
                snapshot.addBatch();
            }
            snapshot.executeBatch();
            java.sql.PreparedStatement submission = statements.upsertSubmission();
            for (SubmissionRow row : submissionRows(snapshots)) {
                submission.setString(1, row.docId());
                submission.setString(2, row.client());
                submission.setLong(3, row.last().seq());
                submission.setLong(4, row.last().rev());
                submission.addBatch();
            }
            submission.executeBatch();
        }
        java.sql.PreparedStatement update = statements.updateHead();
        for (StoredOperation head : heads.values()) {
            update.setLong(1, head.rev());
            update.setLong(2, head.time());
            update.setString(3, head.docId());
            update.setLong(4, head.rev());
            update.addBatch();
        }
        update.executeBatch();
    }

    /**
     * The last submissions the snapshots carry, one per document and client instance (the latest,
     * should two snapshots of a document carry the same client): one statement may not upsert a
     * row twice.
     */
    private static List<SubmissionRow> submissionRows(List<Snapshot> snapshots) {
        Map<List<String>, DocumentState.LastSubmission> latest = new LinkedHashMap<>(); // by (document, client)
        for (Snapshot snapshot : snapshots) {
            snapshot.submissions().forEach((client, last) -> latest.merge(List.of(snapshot.docId(), client), last,
                    DocumentState.LastSubmission::later));
        }
        List<SubmissionRow> rows = new ArrayList<>(latest.size());
        latest.forEach((docAndClient, last) -> rows.add(new SubmissionRow(docAndClient.get(0), docAndClient.get(1), last)));
        return rows;
    }

    /** A row of the table of last submissions. */
    private record SubmissionRow(String docId, String client, DocumentState.LastSubmission last) {
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

    /**
     * Appends within a transaction the caller holds (a new document's template): operations,
     * snapshots (and the last submissions they carry) and heads.
     */
    public Future<Void> append(SqlClient conn, List<StoredOperation> ops, List<Snapshot> snapshots) {
        return insertOperations(conn, ops).compose(v -> writeSnapshotsAndHeads(conn, ops, snapshots));
    }

    private static Future<Void> writeSnapshotsAndHeads(SqlClient conn, List<StoredOperation> ops, List<Snapshot> snapshots) {
        Map<String, Map<String, Object>> heads = new java.util.TreeMap<>(); // rows locked in document order (see the claims)
        for (StoredOperation op : ops) {
            heads.put(op.docId(), Map.of("doc", op.docId(), "rev", op.rev(), "time", op.time(), "before", op.rev()));
        }
        List<Future<?>> written = new ArrayList<>();
        List<Map<String, Object>> submitted = new ArrayList<>();
        for (SubmissionRow row : submissionRows(snapshots)) {
            submitted.add(Map.of("doc", row.docId(), "client", row.client(), "seq", row.last().seq(), "rev", row.last().rev()));
        }
        if (!submitted.isEmpty()) {
            written.add(SqlTemplate.forUpdate(conn, UPSERT_SUBMISSION).executeBatch(submitted));
        }
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

    /**
     * Loads a document's durable state; fails with {@code unknown-doc} when it does not exist. It
     * starts from the latest snapshot: its text, and the table of last submissions as the
     * snapshots left it; the operations after it give the rest of both.
     */
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
                    return fromSnapshot(docId, head).compose(start -> {
                        long recentFrom = Math.max(1, head - RECENT + 1);
                        Future<List<StoredOperation>> recent = recentFrom > start.rev()
                                ? Future.succeededFuture(start.after().subList((int) (recentFrom - start.rev() - 1), start.after().size()))
                                : range(docId, recentFrom, start.rev()).map(before -> {
                                    List<StoredOperation> all = new ArrayList<>(before);
                                    all.addAll(start.after());
                                    return all;
                                });
                        return recent.compose(ops -> lastSubmissions(docId).map(last -> {
                            start.after().forEach(op -> DocumentState.LastSubmission.keep(last, op));
                            return new DocumentState(docId, workspaceId, archived, start.text(), head, ops, last, start.rev());
                        }));
                    });
                });
    }

    /** The text at revision {@code rev}: the latest snapshot at or before it, plus the ops after. */
    public Future<String> loadText(String docId, long rev) {
        return fromSnapshot(docId, rev).map(TextAt::text);
    }

    /** The text at a revision, the snapshot it was rebuilt from, and the operations applied to it. */
    private record TextAt(String text, long rev, List<StoredOperation> after) {
    }

    private Future<TextAt> fromSnapshot(String docId, long rev) {
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
                    return range(docId, base + 1, rev).map(ops -> {
                        if (ops.size() != rev - snapshotRev) {
                            throw new IllegalStateException("operation log of " + docId + " has a gap");
                        }
                        String result = start;
                        for (StoredOperation op : ops) {
                            result = op.op().apply(result);
                        }
                        return new TextAt(result, snapshotRev, ops);
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

    /**
     * The revision submission {@code (doc, client, seq)} was given, or null if the log does not
     * hold it. Only for a submission older than its client's last one (a client has one operation
     * outstanding, so that is rare): on the embedded store this reads the document's operations.
     */
    public Future<Long> findSubmission(String docId, String client, long seq) {
        return SqlTemplate.forQuery(pool, "SELECT rev FROM operations WHERE doc_id = #{doc} AND client = #{client} AND seq = #{seq}")
                .execute(Map.of("doc", docId, "client", client, "seq", seq))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("rev"));
    }

    private Future<Map<String, DocumentState.LastSubmission>> lastSubmissions(String docId) {
        return SqlTemplate.forQuery(pool, "SELECT client, seq, rev FROM submissions WHERE doc_id = #{doc}")
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
