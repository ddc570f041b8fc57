-- What an import brought in, by the old site's own identity, so that running the same export
-- again finds what is already here and fills in only what an interrupted run left out. Each
-- row is written in the same transaction as what it records: a story is either here with its
-- row or not here at all.
CREATE TABLE import_items (
    -- The old site, as its export names it (`wp:base_site_url`, or the channel's link).
    source      TEXT   NOT NULL,
    -- post, page, attachment, file (an image found by its path), comment, section, topic, byline.
    kind        TEXT   NOT NULL,
    -- The old site's id (a post's `wp:post_id`, a term's slug with its edition, an author's login).
    old_id      TEXT   NOT NULL,
    -- The row it became (articles, site_pages, media, comments, sections, topics, bylines).
    new_id      BIGINT NOT NULL,
    -- A post's GUID: the same post exported again after the site moved to another address has
    -- another `source` but the same GUID.
    guid        TEXT,
    imported_at BIGINT NOT NULL,
    -- 0 while a story's body still links to old addresses of the site: the end of an import
    -- (this one's, or a later run's when this one was cut short) re-points them.
    links_done  BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (source, kind, old_id)
);
CREATE INDEX import_items_guid ON import_items (kind, guid);
-- The search index of every node reads the stories imported since its last sync (imported
-- stories keep their old dates, so their `updated_at` does not tell it).
CREATE INDEX import_items_imported ON import_items (imported_at);
-- The end of an import walks the stories whose links are still to re-point, in id order.
CREATE INDEX import_items_links ON import_items (source, new_id) WHERE links_done = 0;
-- Which row an import made: the newsroom's redirect list names where a story came from.
CREATE INDEX import_items_new ON import_items (kind, new_id);

-- An imported comment keeps its author's name as text: its writer has no account here. The
-- comment belongs to the one placeholder account of imported comments, which cannot log in.
ALTER TABLE comments ADD COLUMN author_name TEXT;
