-- Sections and topics the newsroom manages, and the stored redirects that keep old addresses
-- working.

-- Old addresses of the site (a section or topic whose slug changed, a merged topic, later the
-- pages of an imported site), each answered with a 301 to its new address when nothing else
-- lives there. The table is kept collapsed: no `to_path` is itself a `from_path`, so one lookup
-- finds the final address and a chain never grows. Paths are stored decoded (`/bn/topic/ঢাকা`).
CREATE TABLE redirects (
    from_path  TEXT   PRIMARY KEY,
    to_path    TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    created_by BIGINT NULL REFERENCES users (id) ON DELETE SET NULL
);
-- A redirect added to A rewrites the ones that led to A; deleting an address drops the ones
-- that led to it.
CREATE INDEX redirects_to ON redirects (to_path);

-- 1: the section stays reachable at its address and takes stories, but leaves the edition's
-- navigation and home page (BIGINT: the Any driver cannot decode SQLite booleans).
ALTER TABLE sections ADD COLUMN hidden BIGINT NOT NULL DEFAULT 0;

-- What a topic page says about its topic, and its photo from the media library.
ALTER TABLE topics ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE topics ADD COLUMN image_id BIGINT NULL REFERENCES media (id) ON DELETE SET NULL;
