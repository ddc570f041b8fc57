-- Invitations to join the newsroom: a single-use link, stored hashed, that expires.
CREATE TABLE staff_invites (
    token_hash TEXT   PRIMARY KEY,
    email      TEXT   NOT NULL,
    role       TEXT   NOT NULL CHECK (role IN ('reporter', 'editor', 'moderator', 'admin')),
    invited_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
