-- The front of the paper, chosen by editors: each edition's home page and each section front
-- has a lead and up to 8 top stories. A row exists once an editor has set the front; its
-- version makes a second editor's save on a stale copy fail instead of overwriting.
CREATE TABLE fronts (
    lang       TEXT   NOT NULL CHECK (lang IN ('en', 'bn')),
    -- 0 is the edition's home page; otherwise the section whose front this is.
    section_id BIGINT NOT NULL,
    version    BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users (id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (lang, section_id)
);

-- The stories placed on a front: position 0 is the lead, 1 to 8 the top stories in order.
CREATE TABLE front_slots (
    lang       TEXT   NOT NULL,
    section_id BIGINT NOT NULL,
    position   BIGINT NOT NULL CHECK (position BETWEEN 0 AND 8),
    -- A deleted story leaves the front with it.
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (lang, section_id, position),
    FOREIGN KEY (lang, section_id) REFERENCES fronts (lang, section_id) ON DELETE CASCADE
);

-- The record of every change to a front or a breaking-news banner: who, when, what.
CREATE TABLE front_changes (
    id         INTEGER PRIMARY KEY,
    lang       TEXT   NOT NULL,
    -- 0: the home page (and every breaking-news change, which is per edition).
    section_id BIGINT NOT NULL,
    -- 'front', 'breaking' or 'breaking-removed'.
    kind       TEXT   NOT NULL,
    -- What was set, as JSON (the ids in order; the banner's text, link and end).
    detail     TEXT   NOT NULL,
    changed_by BIGINT REFERENCES users (id),
    changed_at BIGINT NOT NULL
);
-- The history of one front, newest first.
CREATE INDEX front_changes_by_front ON front_changes (lang, section_id, id DESC);

-- The breaking-news banner of an edition, at most one, shown at the top of its every page
-- until it is removed or `until` passes.
CREATE TABLE breaking_news (
    lang       TEXT   PRIMARY KEY CHECK (lang IN ('en', 'bn')),
    text       TEXT   NOT NULL,
    -- Where the banner leads: a path on this site or an http(s) address; empty for none.
    url        TEXT   NOT NULL DEFAULT '',
    -- NULL: until an editor takes it down.
    until      BIGINT,
    set_by     BIGINT REFERENCES users (id),
    set_at     BIGINT NOT NULL
);
