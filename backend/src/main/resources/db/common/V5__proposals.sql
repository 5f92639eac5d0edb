-- Proposals: an annotator proposes a definition for an entry's perspective, or a new term; an
-- editor or facilitator accepts (it becomes a version, attributed to its proposer) or declines it.
CREATE TABLE glossary_proposals (
    id               TEXT    PRIMARY KEY,
    glossary_id      TEXT    NOT NULL REFERENCES glossaries (id),
    entry_id         TEXT,
    kind             TEXT    NOT NULL,
    perspective      TEXT    NOT NULL,
    term             TEXT,
    text             TEXT    NOT NULL,
    note             TEXT,
    state            TEXT    NOT NULL,
    author_id        TEXT    NOT NULL,
    author_name      TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL,
    decided_by_id    TEXT,
    decided_by_name  TEXT,
    decided_at       BIGINT,
    decision_note    TEXT
);

CREATE INDEX glossary_proposals_by_glossary ON glossary_proposals (glossary_id, created_at);
