-- Hand-offs in the newsroom: notes on workflow steps, the desk's internal notes on a story,
-- notifications, and the durable queue every outgoing mail goes through.

-- A workflow step's note (the reason a story was returned to its reporter), kept with the
-- revision the step recorded; empty for steps without one.
ALTER TABLE article_revisions ADD COLUMN note TEXT NOT NULL DEFAULT '';

-- The desk's thread on a story: never public, gone with the story.
CREATE TABLE article_notes (
    id         INTEGER PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    -- Kept when the author's account goes, so the thread still reads in order.
    user_id    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body       TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
-- The editor page reads one story's thread in order.
CREATE INDEX article_notes_article ON article_notes (article_id, id);

-- What a staff member is told: a story submitted, returned, scheduled, published or corrected,
-- comments waiting. The text is made when shown, from the kind and its parameters (JSON), so it
-- can be shown in the reader's language.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL,
    article_id BIGINT REFERENCES articles (id) ON DELETE CASCADE,
    params     TEXT   NOT NULL DEFAULT '{}',
    -- Where the notification leads, a path of the newsroom.
    link       TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    read_at    BIGINT
);
-- Every newsroom page counts the unread of its viewer; the list pages through one person's.
CREATE INDEX notifications_user ON notifications (user_id, read_at, id);

-- Each person may turn notification mail off (1: mail them, 0: the newsroom only).
ALTER TABLE users ADD COLUMN notify_email BIGINT NOT NULL DEFAULT 1;

-- Mail leaves through this queue, written in the transaction of the change that causes it, so a
-- crash between the commit and the send loses nothing. A sender claims a row by moving
-- `claimed_until` forward (only one node's UPDATE can), sends, then sets `sent_at`.
CREATE TABLE mail_queue (
    id              INTEGER PRIMARY KEY,
    to_address      TEXT   NOT NULL,
    subject         TEXT   NOT NULL,
    body            TEXT   NOT NULL,
    created_at      BIGINT NOT NULL,
    -- Tries so far; a row that failed too often stays, with its last error, for the operator.
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_until   BIGINT NOT NULL DEFAULT 0,
    sent_at         BIGINT,
    last_error      TEXT
);
-- The sender looks for unsent rows that are due; sent ones no longer matter to it.
CREATE INDEX mail_queue_due ON mail_queue (next_attempt_at) WHERE sent_at IS NULL;

-- How far the alerts about waiting comments have gone: the newest held comment covered by the
-- last alert. Moving it is one guarded UPDATE, so of several nodes only one alerts per batch.
CREATE TABLE notice_marks (
    name TEXT   PRIMARY KEY,
    upto BIGINT NOT NULL
);
INSERT INTO notice_marks (name, upto) VALUES ('comments_waiting', 0);
