-- The reading site: sections, topics, bylines, articles, view counts, users, site settings.
-- Timestamps are BIGINT seconds since the Unix epoch (UTC) in both engines: the sqlx `Any`
-- driver decodes integers the same way everywhere, and the edition decides how to show them.

-- A section belongs to one edition; each edition orders its own navigation.
CREATE TABLE sections (
    id       INTEGER PRIMARY KEY,
    lang     TEXT    NOT NULL CHECK (lang IN ('en', 'bn')),
    slug     TEXT    NOT NULL,
    name     TEXT    NOT NULL,
    position BIGINT  NOT NULL DEFAULT 0,
    UNIQUE (lang, slug)
);

-- Topics (tags) are per edition: a Bangla topic has a Bangla slug.
CREATE TABLE topics (
    id   INTEGER PRIMARY KEY,
    lang TEXT NOT NULL CHECK (lang IN ('en', 'bn')),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (lang, slug)
);

-- A byline is a desk ("VB Desk") or a named reporter; one person writes for both editions,
-- so the Bangla spelling of the name sits beside the English one.
CREATE TABLE bylines (
    id      INTEGER PRIMARY KEY,
    slug    TEXT NOT NULL UNIQUE,
    kind    TEXT NOT NULL CHECK (kind IN ('desk', 'person')),
    name    TEXT NOT NULL,
    name_bn TEXT NOT NULL,
    bio     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE articles (
    id             INTEGER PRIMARY KEY,
    lang           TEXT    NOT NULL CHECK (lang IN ('en', 'bn')),
    section_id     BIGINT  NOT NULL REFERENCES sections (id),
    slug           TEXT    NOT NULL,
    title          TEXT    NOT NULL,
    standfirst     TEXT    NOT NULL DEFAULT '',
    body_md        TEXT    NOT NULL,
    -- Rendered and sanitised once when saved, so a page view never parses Markdown.
    body_html      TEXT    NOT NULL,
    status         TEXT    NOT NULL DEFAULT 'draft'
                   CHECK (status IN ('draft', 'review', 'scheduled', 'published', 'unpublished')),
    published_at   BIGINT,
    updated_at     BIGINT  NOT NULL,
    created_at     BIGINT  NOT NULL,
    -- The same story in the other edition, if it has been translated.
    translation_id BIGINT  REFERENCES articles (id) ON DELETE SET NULL,
    view_count     BIGINT  NOT NULL DEFAULT 0,
    -- Trending: a view score decayed to `trend_at`, and log2(score) + trend_at / half-life,
    -- which orders articles by their decayed score at any later moment without rewriting rows.
    trend_score    DOUBLE PRECISION NOT NULL DEFAULT 0,
    trend_at       BIGINT  NOT NULL DEFAULT 0,
    trend_key      DOUBLE PRECISION,
    -- Set only on bundled sample articles, so loading them twice finds them again.
    sample_key     TEXT    UNIQUE
);

-- Edition home and the article API list the latest published stories by keyset
-- (published_at, id); the partial index keeps drafts out of the way.
CREATE INDEX articles_latest ON articles (lang, published_at DESC, id DESC)
    WHERE status = 'published';
-- Section fronts page through one section the same way.
CREATE INDEX articles_section_latest ON articles (section_id, published_at DESC, id DESC)
    WHERE status = 'published';
-- Trending reads the highest keys of one edition.
CREATE INDEX articles_trending ON articles (lang, trend_key DESC)
    WHERE status = 'published' AND trend_key IS NOT NULL;

-- Link tables carry the article's publication time (NULL unless published) so that a topic or
-- author page is one index range scan, whatever the size of the archive.
CREATE TABLE article_bylines (
    article_id   BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    byline_id    BIGINT NOT NULL REFERENCES bylines (id),
    position     BIGINT NOT NULL DEFAULT 0,
    published_at BIGINT,
    PRIMARY KEY (article_id, byline_id)
);
CREATE INDEX article_bylines_latest ON article_bylines (byline_id, published_at DESC, article_id DESC)
    WHERE published_at IS NOT NULL;

CREATE TABLE article_topics (
    article_id   BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    topic_id     BIGINT NOT NULL REFERENCES topics (id),
    position     BIGINT NOT NULL DEFAULT 0,
    published_at BIGINT,
    PRIMARY KEY (article_id, topic_id)
);
CREATE INDEX article_topics_latest ON article_topics (topic_id, published_at DESC, article_id DESC)
    WHERE published_at IS NOT NULL;

-- Readers and staff share one table; the role decides what the newsroom allows.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT   NOT NULL UNIQUE,
    display_name  TEXT   NOT NULL,
    password_hash TEXT   NOT NULL,
    role          TEXT   NOT NULL DEFAULT 'reader'
                  CHECK (role IN ('reader', 'reporter', 'editor', 'moderator', 'admin')),
    created_at    BIGINT NOT NULL
);

-- Site-wide settings edited by admins (name, tagline); read at start and on change.
CREATE TABLE site_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
