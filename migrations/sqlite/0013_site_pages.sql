-- The site's own pages (editor's note, editorial policy, about us…): one edition each, written in
-- the newsroom like stories, served at /{lang}/{slug} and listed in that edition's footer.
CREATE TABLE site_pages (
    id             INTEGER PRIMARY KEY,
    lang           TEXT   NOT NULL,
    -- The address under /{lang}/: a page's slug names it in its edition only, so the same slug
    -- may serve both editions; the constraint also turns a race of two creates into a refusal.
    slug           TEXT   NOT NULL,
    title          TEXT   NOT NULL,
    body_md        TEXT   NOT NULL,
    -- Written only from the sanitiser's output.
    body_html      TEXT   NOT NULL,
    -- 1 while readers can see it (BIGINT: the Any driver cannot decode SQLite booleans).
    published      BIGINT NOT NULL DEFAULT 0,
    -- Place in the edition's footer, smallest first; set by admins.
    position       BIGINT NOT NULL DEFAULT 0,
    -- Grows with every change: a change based on an older version is refused (409).
    version        BIGINT NOT NULL DEFAULT 1,
    -- The same page in the other edition; linked both ways, unlinked when that page goes.
    translation_id BIGINT REFERENCES site_pages (id) ON DELETE SET NULL,
    created_by     BIGINT REFERENCES users (id),
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    published_at   BIGINT,
    -- Set on pages of the bundled sample, so loading it twice inserts nothing twice.
    sample_key     TEXT   UNIQUE,
    CONSTRAINT site_pages_lang_slug UNIQUE (lang, slug)
);
-- Every page render reads the footer from memory, reloaded with the site settings: that reload
-- lists an edition's published pages in footer order.
CREATE INDEX site_pages_footer ON site_pages (lang, published, position, id);

-- Every save of a page: who, when, and the full text as saved, for the history, the comparison
-- of two versions and restoring an earlier one.
CREATE TABLE site_page_revisions (
    id        INTEGER PRIMARY KEY,
    page_id   BIGINT NOT NULL REFERENCES site_pages (id) ON DELETE CASCADE,
    version   BIGINT NOT NULL,
    user_id   BIGINT REFERENCES users (id),
    saved_at  BIGINT NOT NULL,
    action    TEXT   NOT NULL,
    title     TEXT   NOT NULL,
    body_md   TEXT   NOT NULL,
    slug      TEXT   NOT NULL,
    published BIGINT NOT NULL,
    -- One revision per version; also the index the history and comparison read.
    UNIQUE (page_id, version)
);
