-- Each client instance's last submission to a document, (seq, rev), for deduplication, as of the
-- document's latest snapshot (see db/sqlite/V8__submissions.sql). Unlike the embedded store,
-- PostgreSQL keeps the unique index on operations (doc_id, client, seq): several nodes sequence
-- there, and it refuses a duplicate outright.
CREATE TABLE submissions (
    doc_id  TEXT    NOT NULL REFERENCES documents (id),
    client  TEXT    NOT NULL,
    seq     BIGINT  NOT NULL,
    rev     BIGINT  NOT NULL,
    PRIMARY KEY (doc_id, client)
);

INSERT INTO submissions (doc_id, client, seq, rev)
SELECT o.doc_id, o.client, o.seq, o.rev
FROM operations o
JOIN (SELECT doc_id, client, MAX(seq) AS seq FROM operations WHERE client IS NOT NULL GROUP BY doc_id, client) m
    ON o.doc_id = m.doc_id AND o.client = m.client AND o.seq = m.seq;
