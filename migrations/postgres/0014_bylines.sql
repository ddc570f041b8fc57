-- Bylines become people's and desks' own profiles: every staff account that writes has one,
-- created with the account; desks, guest contributors and wire agencies are kept by editors.
-- What a byline credits, as the API names it, follows from three columns: `kind` 'desk' is a
-- desk, or a wire agency when `agency` is 1; `kind` 'person' is a staff member when `user_id`
-- is set and a guest contributor otherwise. (The original CHECK on `kind` stays as it is:
-- SQLite cannot change a CHECK without rebuilding a table that stories reference.)
ALTER TABLE bylines ADD COLUMN user_id BIGINT REFERENCES users (id);
ALTER TABLE bylines ADD COLUMN agency BIGINT NOT NULL DEFAULT 0;
-- "Staff Correspondent" / "নিজস্ব প্রতিবেদক": each edition's words.
ALTER TABLE bylines ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE bylines ADD COLUMN title_bn TEXT NOT NULL DEFAULT '';
-- `bio` (from the first schema) is the English edition's; this is the Bangla edition's.
ALTER TABLE bylines ADD COLUMN bio_bn TEXT NOT NULL DEFAULT '';
ALTER TABLE bylines ADD COLUMN photo_id BIGINT REFERENCES media (id);
-- Social and web links, one http(s) address per line, checked when saved.
ALTER TABLE bylines ADD COLUMN links TEXT NOT NULL DEFAULT '';
-- "Joined": when the account or byline began.
ALTER TABLE bylines ADD COLUMN joined_at BIGINT NOT NULL DEFAULT 0;
-- A retired byline stays on its old stories and is offered for no new one.
ALTER TABLE bylines ADD COLUMN retired_at BIGINT;
-- A byline merged into another: its stories moved there, and its page answers 301 to the other's.
ALTER TABLE bylines ADD COLUMN merged_into BIGINT REFERENCES bylines (id);
-- Grows with every change: a change based on an older version is refused (409).
ALTER TABLE bylines ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- One byline per account: the constraint also turns two racing creations into one.
CREATE UNIQUE INDEX bylines_user ON bylines (user_id) WHERE user_id IS NOT NULL;
