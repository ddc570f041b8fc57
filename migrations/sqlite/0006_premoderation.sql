-- Pre-moderation for one article (1: every new comment is held until a moderator approves it).
-- The site-wide switch is the `premoderation` site setting.
ALTER TABLE articles ADD COLUMN premoderate BIGINT NOT NULL DEFAULT 0;
