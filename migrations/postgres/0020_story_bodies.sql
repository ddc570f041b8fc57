-- A story's body in its one stored form, a sanitised HTML subset (see `src/body/mod.rs`).
-- Stories written before it keep their Markdown in `body_md` until the first start of this
-- version converts it (`newsroom::db::convert_legacy_bodies`), exactly as it was rendered;
-- new saves leave `body_md` empty.
ALTER TABLE articles ADD COLUMN body TEXT NOT NULL DEFAULT '';
ALTER TABLE article_revisions ADD COLUMN body TEXT NOT NULL DEFAULT '';

-- The newest unsaved state of a story in someone's editor, written every few seconds while
-- they type: apart from the story, its version and its revisions, restored when they open the
-- editor again. `article_id` 0 is a story not yet created.
CREATE TABLE article_autosaves (
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    article_id   BIGINT  NOT NULL,
    base_version BIGINT  NOT NULL,
    title        TEXT    NOT NULL,
    standfirst   TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    saved_at     BIGINT  NOT NULL,
    PRIMARY KEY (user_id, article_id)
);

-- Who has a story open in the editor, as last heard from their page: "Karim is also editing".
-- In the database so that every node sees everyone.
CREATE TABLE article_presence (
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seen_at    BIGINT  NOT NULL,
    PRIMARY KEY (article_id, user_id)
);

-- Links that show a draft as its public page to someone without an account, until they
-- expire. Only the token's SHA-256 is kept: the link itself is shown once, to the editor.
CREATE TABLE preview_links (
    token_hash TEXT    PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    expires_at BIGINT NOT NULL
);
