-- Shared-vocabulary glossaries: one term, every discipline's meaning side by side. Nothing is
-- overwritten: a definition's versions and an entry's versions are all kept.
CREATE TABLE glossaries (
    id            TEXT    PRIMARY KEY,
    workspace_id  TEXT    NOT NULL REFERENCES workspaces (id),
    name          TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);

CREATE INDEX glossaries_by_workspace ON glossaries (workspace_id, created_at);

-- A glossary is attached to any number of documents, a document to any number of glossaries.
CREATE TABLE glossary_documents (
    glossary_id  TEXT    NOT NULL REFERENCES glossaries (id),
    document_id  TEXT    NOT NULL REFERENCES documents (id),
    attached_at  BIGINT  NOT NULL,
    PRIMARY KEY (glossary_id, document_id)
);

CREATE INDEX glossary_documents_by_document ON glossary_documents (document_id);

-- An entry's current fields; version grows by one with each change (a change names the version
-- it was made on: a stale one is refused with the current entry).
CREATE TABLE glossary_entries (
    id           TEXT    PRIMARY KEY,
    glossary_id  TEXT    NOT NULL REFERENCES glossaries (id),
    term         TEXT    NOT NULL,
    lang         TEXT    NOT NULL,
    aliases      TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    gap_note     TEXT    NOT NULL,
    examples     TEXT    NOT NULL,
    sources      TEXT    NOT NULL,
    version      BIGINT  NOT NULL,
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL
);

CREATE INDEX glossary_entries_by_glossary ON glossary_entries (glossary_id, term);

-- Every version of an entry's fields (aliases, examples, sources as JSON), with who and when.
CREATE TABLE glossary_entry_versions (
    entry_id     TEXT    NOT NULL REFERENCES glossary_entries (id),
    version      BIGINT  NOT NULL,
    fields       TEXT    NOT NULL,
    author_id    TEXT    NOT NULL,
    author_name  TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (entry_id, version)
);

-- Every version of each perspective's definition; the highest is the current one.
CREATE TABLE glossary_definitions (
    entry_id       TEXT    NOT NULL REFERENCES glossary_entries (id),
    perspective    TEXT    NOT NULL,
    version        BIGINT  NOT NULL,
    text           TEXT    NOT NULL,
    restored_from  BIGINT,
    author_id      TEXT    NOT NULL,
    author_name    TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    PRIMARY KEY (entry_id, perspective, version)
);
