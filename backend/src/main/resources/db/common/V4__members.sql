-- Workspace members, roles, disciplines, invitations, guests and the activity journal. Portable SQL.

-- Guests: participants without an account, who joined from an invitation link with a name.
CREATE TABLE guests (
    id          TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);

-- A browser session now belongs to a user or to a guest (exactly one of the two).
ALTER TABLE sessions RENAME TO sessions_v3;

CREATE TABLE sessions (
    id          TEXT    PRIMARY KEY,
    user_id     TEXT    REFERENCES users (id),
    guest_id    TEXT    REFERENCES guests (id),
    csrf_token  TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    revoked_at  BIGINT
);

INSERT INTO sessions (id, user_id, guest_id, csrf_token, created_at, expires_at, revoked_at)
    SELECT id, user_id, NULL, csrf_token, created_at, expires_at, revoked_at FROM sessions_v3;

DROP TABLE sessions_v3;

CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE INDEX sessions_by_guest ON sessions (guest_id);

-- participant_id is a users.id (kind 'account') or a guests.id (kind 'guest').
-- role: facilitator, editor, annotator or observer. A removed member's row is deleted (the
-- activity journal keeps the history).
CREATE TABLE members (
    workspace_id    TEXT    NOT NULL REFERENCES workspaces (id),
    participant_id  TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    role            TEXT    NOT NULL,
    discipline      TEXT,
    joined_at       BIGINT  NOT NULL,
    PRIMARY KEY (workspace_id, participant_id)
);

CREATE INDEX members_by_participant ON members (participant_id);

-- Workspaces made before members existed belong to every facilitator account: nothing is orphaned.
INSERT INTO members (workspace_id, participant_id, kind, role, discipline, joined_at)
    SELECT w.id, u.id, 'account', 'facilitator', NULL, w.created_at FROM workspaces w CROSS JOIN users u
    WHERE u.facilitator = 1;

-- Disciplines a workspace adds to the built-in ones.
CREATE TABLE workspace_disciplines (
    workspace_id  TEXT    NOT NULL REFERENCES workspaces (id),
    name          TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    PRIMARY KEY (workspace_id, name)
);

-- Invitation links: the token is shown once; token_hash is its SHA-256.
CREATE TABLE invitations (
    id               TEXT    PRIMARY KEY,
    workspace_id     TEXT    NOT NULL REFERENCES workspaces (id),
    token_hash       TEXT    NOT NULL,
    role             TEXT    NOT NULL,
    label            TEXT,
    expires_at       BIGINT  NOT NULL,
    max_uses         BIGINT  NOT NULL,
    uses             BIGINT  NOT NULL DEFAULT 0,
    created_by_id    TEXT    NOT NULL,
    created_by_name  TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL,
    revoked_at       BIGINT
);

CREATE UNIQUE INDEX invitations_by_token ON invitations (token_hash);

CREATE INDEX invitations_by_workspace ON invitations (workspace_id, created_at);

-- The workspace's activity journal: who changed membership, roles and invitations, when. Never rewritten.
CREATE TABLE activity (
    id            TEXT    PRIMARY KEY,
    workspace_id  TEXT    NOT NULL REFERENCES workspaces (id),
    at            BIGINT  NOT NULL,
    actor_id      TEXT    NOT NULL,
    actor_name    TEXT    NOT NULL,
    action        TEXT    NOT NULL,
    subject       TEXT,
    details       TEXT    NOT NULL
);

CREATE INDEX activity_by_workspace ON activity (workspace_id, at, id);
