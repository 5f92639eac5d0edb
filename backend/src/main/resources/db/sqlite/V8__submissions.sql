-- Each client instance's last submission to a document, (seq, rev), for deduplication, as of the
-- document's latest snapshot: a document loads it and the operations after the snapshot, which
-- give the rest (as they give the text). A snapshot writes the last submissions that moved since
-- the one before, so a commit writes no page for them in between.
-- It replaces the unique index on operations (doc_id, client, seq), which a document loaded its
-- last submissions from: its entries sat at one place per client instance, so with many typists
-- each operation wrote one more page (10.4 WAL frames per commit against 6.6 now, under
-- scripts/bench append). The embedded store has one writer and a document applies a submission
-- once; a resubmission older than its client's last one is looked up in the document's
-- operations (rare: a client has one operation outstanding).
-- PostgreSQL keeps the index: there several nodes sequence, and it refuses a duplicate outright.
CREATE TABLE submissions (
    doc_id  TEXT    NOT NULL REFERENCES documents (id),
    client  TEXT    NOT NULL,
    seq     BIGINT  NOT NULL,
    rev     BIGINT  NOT NULL,
    PRIMARY KEY (doc_id, client)
) WITHOUT ROWID;

INSERT INTO submissions (doc_id, client, seq, rev)
SELECT o.doc_id, o.client, o.seq, o.rev
FROM operations o
JOIN (SELECT doc_id, client, MAX(seq) AS seq FROM operations WHERE client IS NOT NULL GROUP BY doc_id, client) m
    ON o.doc_id = m.doc_id AND o.client = m.client AND o.seq = m.seq;

DROP INDEX operations_by_submission;
