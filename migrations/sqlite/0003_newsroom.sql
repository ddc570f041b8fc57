-- The newsroom: article versions and revisions, scheduling, corrections, API tokens.

-- `version` grows with every save: a save that names an older version is refused (optimistic
-- locking), so two editors never overwrite each other silently.
ALTER TABLE articles ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
-- The staff member who created the article; reporters may edit only their own drafts.
ALTER TABLE articles ADD COLUMN created_by BIGINT REFERENCES users (id);
ALTER TABLE articles ADD COLUMN seo_title TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN seo_description TEXT NOT NULL DEFAULT '';
-- When a scheduled article publishes itself.
ALTER TABLE articles ADD COLUMN scheduled_at BIGINT;
-- The latest public correction note and its time.
ALTER TABLE articles ADD COLUMN correction_note TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN corrected_at BIGINT;

-- The scheduler looks for due articles every few seconds.
CREATE INDEX articles_due ON articles (scheduled_at) WHERE status = 'scheduled';
-- Newsroom lists filter by status, newest change first.
CREATE INDEX articles_by_status ON articles (status, updated_at DESC, id DESC);

-- Every save of an article: who, when, and the full text as saved.
CREATE TABLE article_revisions (
    id         INTEGER PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version    BIGINT NOT NULL,
    user_id    BIGINT REFERENCES users (id),
    saved_at   BIGINT NOT NULL,
    action     TEXT   NOT NULL,
    title      TEXT   NOT NULL,
    standfirst TEXT   NOT NULL,
    body_md    TEXT   NOT NULL,
    slug       TEXT   NOT NULL,
    section_id BIGINT NOT NULL,
    status     TEXT   NOT NULL,
    UNIQUE (article_id, version)
);

-- Personal API tokens of staff, stored hashed; revoking sets revoked_at.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT   NOT NULL UNIQUE,
    name         TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
