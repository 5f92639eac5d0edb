-- Vocabulary rounds: a facilitator asks a few terms; each participant writes their own definition
-- without seeing the others'; at the reveal all appear side by side, grouped by discipline, and
-- the facilitator settles each term's perspectives into the glossary.
CREATE TABLE vocabulary_rounds (
    id               TEXT    PRIMARY KEY,
    glossary_id      TEXT    NOT NULL REFERENCES glossaries (id),
    prompt           TEXT,
    state            TEXT    NOT NULL,
    created_by_id    TEXT    NOT NULL,
    created_by_name  TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL,
    revealed_at      BIGINT,
    closed_at        BIGINT
);

CREATE INDEX vocabulary_rounds_by_glossary ON vocabulary_rounds (glossary_id, created_at);

CREATE TABLE round_terms (
    id          TEXT    PRIMARY KEY,
    round_id    TEXT    NOT NULL REFERENCES vocabulary_rounds (id),
    position    INTEGER NOT NULL,
    term        TEXT    NOT NULL,
    entry_id    TEXT,
    settled_at  BIGINT
);

CREATE INDEX round_terms_by_round ON round_terms (round_id, position);

-- One answer per participant and term; rewritten until the reveal.
CREATE TABLE round_answers (
    term_id           TEXT    NOT NULL REFERENCES round_terms (id),
    participant_id    TEXT    NOT NULL,
    participant_name  TEXT    NOT NULL,
    discipline        TEXT    NOT NULL,
    text              TEXT    NOT NULL,
    answered_at       BIGINT  NOT NULL,
    PRIMARY KEY (term_id, participant_id)
);
