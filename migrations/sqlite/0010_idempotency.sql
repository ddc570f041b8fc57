-- An API client's Idempotency-Key, recorded in the same transaction as what its request created,
-- so that a retry after a lost answer (or a crash) finds the first result instead of creating a
-- second article, comment or image.
CREATE TABLE idempotency_keys (
    user_id      BIGINT NOT NULL REFERENCES users (id),
    key          TEXT   NOT NULL,
    request_hash TEXT   NOT NULL,
    resource     TEXT   NOT NULL CHECK (resource IN ('article', 'comment', 'media')),
    resource_id  BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
