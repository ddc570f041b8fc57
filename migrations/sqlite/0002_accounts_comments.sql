-- Reader accounts and comments: sessions, throttling, password resets, comments.

-- A login session. Only a SHA-256 of the cookie value is stored, so a copy of the database
-- cannot be used to log in. Every app node reads the same table, so a session works on all.
CREATE TABLE sessions (
    id_hash      TEXT   PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    -- Absolute expiry; idle expiry is last_seen_at plus the idle window.
    expires_at   BIGINT NOT NULL
);
-- Logout everywhere and password changes delete a user's sessions.
CREATE INDEX sessions_user ON sessions (user_id);

-- Events counted by the throttles (failed logins per address and account, reset requests).
-- Kept in the database so every node sees the same counts; old rows are pruned.
CREATE TABLE throttle_events (
    bucket TEXT   NOT NULL,
    at     BIGINT NOT NULL
);
CREATE INDEX throttle_events_bucket ON throttle_events (bucket, at);

-- A password reset link: single use, stored hashed, short-lived.
CREATE TABLE password_resets (
    token_hash TEXT   PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Replies are one level deep: a parent is always a top-level comment.
    parent_id  BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    body       TEXT   NOT NULL,
    -- Held comments are seen by their author only, until a moderator decides.
    status     TEXT   NOT NULL CHECK (status IN ('approved', 'held', 'rejected', 'deleted')),
    -- SHA-256 of the normalised text: the same text twice in ten minutes is refused.
    body_hash  TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
-- The article page reads its comments in order.
CREATE INDEX comments_article ON comments (article_id, created_at, id);
-- Rate limits and duplicate checks look at one author's recent comments.
CREATE INDEX comments_user_recent ON comments (user_id, created_at);
