-- Comment moderation: reader reports, bans, and the history of every moderation action.

-- One report per reader and comment; the "reported" queue lists comments with reports.
CREATE TABLE comment_reports (
    comment_id BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    -- Cleared when a moderator decides, so the queue only holds open reports.
    resolved_at BIGINT,
    PRIMARY KEY (comment_id, user_id)
);
CREATE INDEX comment_reports_open ON comment_reports (resolved_at, created_at);

-- A ban stops a reader from commenting until banned_until (far future: for good).
ALTER TABLE users ADD COLUMN banned_until BIGINT;
ALTER TABLE users ADD COLUMN ban_reason TEXT NOT NULL DEFAULT '';

-- Who did what to which comment or reader, and why: kept for good.
CREATE TABLE moderation_log (
    id           INTEGER PRIMARY KEY,
    moderator_id BIGINT NOT NULL REFERENCES users (id),
    action       TEXT   NOT NULL,
    comment_id   BIGINT REFERENCES comments (id) ON DELETE SET NULL,
    target_user  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    reason       TEXT   NOT NULL DEFAULT '',
    at           BIGINT NOT NULL
);
-- The held queue reads comments by status, newest first.
CREATE INDEX comments_status ON comments (status, created_at DESC);
