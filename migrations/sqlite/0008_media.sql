-- Uploaded images. Files live under media/ in the data directory with server-made names; the
-- original is re-encoded (metadata dropped) and resized renditions sit beside it.
CREATE TABLE media (
    id          INTEGER PRIMARY KEY,
    -- Path below media/, e.g. 2026/11/3f9a…c2.jpg
    path        TEXT   NOT NULL UNIQUE,
    mime        TEXT   NOT NULL,
    width       BIGINT NOT NULL,
    height      BIGINT NOT NULL,
    -- Widths of the renditions, comma-separated; each is path with -{width} before the extension.
    renditions  TEXT   NOT NULL DEFAULT '',
    alt         TEXT   NOT NULL,
    caption     TEXT   NOT NULL DEFAULT '',
    credit      TEXT   NOT NULL DEFAULT '',
    uploaded_by BIGINT REFERENCES users (id),
    created_at  BIGINT NOT NULL
);
-- An article's featured image.
ALTER TABLE articles ADD COLUMN image_id BIGINT REFERENCES media (id);
