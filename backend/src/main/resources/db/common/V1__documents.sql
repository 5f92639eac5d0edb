-- Workspaces, documents and the operation log. Portable SQL: PostgreSQL gets its own copy
-- only where the dialects differ.
CREATE TABLE workspaces (
    id          TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE documents (
    id            TEXT    PRIMARY KEY,
    workspace_id  TEXT    NOT NULL REFERENCES workspaces (id),
    title         TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    archived      INTEGER NOT NULL DEFAULT 0,
    rev           BIGINT  NOT NULL DEFAULT 0,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);

CREATE INDEX documents_by_workspace ON documents (workspace_id, updated_at);

-- The history: never rewritten. (doc_id, rev) is the sequencing arbiter.
CREATE TABLE operations (
    doc_id       TEXT    NOT NULL REFERENCES documents (id),
    rev          BIGINT  NOT NULL,
    op           TEXT    NOT NULL,
    client       TEXT,
    seq          BIGINT,
    author_id    TEXT    NOT NULL,
    author_name  TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (doc_id, rev)
);

-- A submission (doc, client, seq) is applied at most once.
CREATE UNIQUE INDEX operations_by_submission ON operations (doc_id, client, seq);

-- The text at some revisions, so that loading replays only the operations after the last one.
CREATE TABLE snapshots (
    doc_id  TEXT    NOT NULL REFERENCES documents (id),
    rev     BIGINT  NOT NULL,
    text    TEXT    NOT NULL,
    PRIMARY KEY (doc_id, rev)
);
