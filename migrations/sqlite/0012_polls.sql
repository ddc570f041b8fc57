-- Opinion polls: a question per edition with 2 to 6 options, open for a time, optionally shown
-- under one story; readers vote once each (an account, or a visitor cookie under a per-address cap).
CREATE TABLE polls (
    id          INTEGER PRIMARY KEY,
    lang        TEXT    NOT NULL CHECK (lang IN ('en', 'bn')),
    question    TEXT    NOT NULL,
    -- The story the poll is shown under; a story deleted later leaves the poll on the home page.
    article_id  BIGINT  REFERENCES articles (id) ON DELETE SET NULL,
    -- Votes count from opens_at (inclusive) until closes_at (exclusive). Closing a poll early
    -- moves closes_at to the moment it was closed, which may equal opens_at.
    opens_at    BIGINT  NOT NULL,
    closes_at   BIGINT  NOT NULL CHECK (closes_at >= opens_at),
    -- Optimistic concurrency: every change names the version it was based on (409 when stale).
    version     BIGINT  NOT NULL DEFAULT 1,
    created_by  BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL,
    -- Marks the bundled sample polls, so that loading the sample twice inserts them once.
    sample_key  TEXT    UNIQUE
);
-- The home page shows the newest open poll of its edition: by edition and opening time.
CREATE INDEX polls_lang_opens ON polls (lang, opens_at);
-- An article page shows the poll tied to it.
CREATE INDEX polls_article ON polls (article_id) WHERE article_id IS NOT NULL;
-- The per-node ticker re-renders an edition when a poll opens or closes: upcoming closings.
CREATE INDEX polls_closes ON polls (closes_at);

-- The 2 to 6 answers of a poll, numbered from 1 in the order shown.
CREATE TABLE poll_options (
    poll_id  BIGINT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    position BIGINT NOT NULL CHECK (position BETWEEN 1 AND 6),
    label    TEXT   NOT NULL,
    PRIMARY KEY (poll_id, position)
);

-- One row per counted vote; counts are COUNT(*) over these rows, so every node reads the same.
CREATE TABLE poll_votes (
    poll_id    BIGINT NOT NULL,
    position   BIGINT NOT NULL,
    -- `user:<id>` for a logged-in reader, `visitor:<cookie>` for anyone else.
    voter      TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    -- One vote per voter and poll, enforced by the database: two requests racing each other,
    -- on one node or on two, cannot both be counted.
    PRIMARY KEY (poll_id, voter),
    -- A vote is for an option of its own poll; deleting the poll deletes its votes.
    FOREIGN KEY (poll_id, position) REFERENCES poll_options (poll_id, position) ON DELETE CASCADE
);
-- The counts per option read this index alone.
CREATE INDEX poll_votes_option ON poll_votes (poll_id, position);

-- Votes from one address (by its hash) without an account, per poll, in the current window:
-- the per-address cap. A script that mints visitor cookies cannot stuff the ballot beyond it.
-- Updated in the vote's transaction with a conditional upsert, so that the cap holds under
-- concurrent votes on every node.
CREATE TABLE poll_address_votes (
    poll_id      BIGINT NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    address      TEXT   NOT NULL,
    window_start BIGINT NOT NULL,
    votes        BIGINT NOT NULL,
    PRIMARY KEY (poll_id, address)
);
