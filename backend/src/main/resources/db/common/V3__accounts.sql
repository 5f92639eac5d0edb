-- Accounts: users, their browser sessions, their API tokens, and the one-time token that creates
-- the first facilitator. Portable SQL. Secrets are never stored: sessions and tokens keep the
-- SHA-256 of their secret, users a PBKDF2 hash of their password.

-- email is stored lower-cased, so the unique index makes it unique whatever its case.
CREATE TABLE users (
    id             TEXT    PRIMARY KEY,
    email          TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    password_hash  TEXT    NOT NULL,
    facilitator    INTEGER NOT NULL DEFAULT 0,
    created_at     BIGINT  NOT NULL
);

CREATE UNIQUE INDEX users_by_email ON users (email);

-- id is the SHA-256 (hex) of the cookie's secret.
CREATE TABLE sessions (
    id          TEXT    PRIMARY KEY,
    user_id     TEXT    NOT NULL REFERENCES users (id),
    csrf_token  TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    revoked_at  BIGINT
);

CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id            TEXT    PRIMARY KEY,
    user_id       TEXT    NOT NULL REFERENCES users (id),
    secret_hash   TEXT    NOT NULL,
    label         TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    last_used_at  BIGINT,
    revoked_at    BIGINT
);

CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created_at);

CREATE TABLE setup_tokens (
    id          TEXT    PRIMARY KEY,
    token_hash  TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    used_at     BIGINT
);

CREATE UNIQUE INDEX setup_tokens_by_hash ON setup_tokens (token_hash);
