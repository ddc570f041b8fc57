-- The newsroom as a place to work: pending invitations that can be resent and revoked, and a
-- readers page separate from the staff.

-- An invitation gets a number of its own: resending it gives it a new token (so its hash, the
-- primary key, changes) and the staff page must still name it. A revoked invitation is kept,
-- told apart from one that merely expired.
ALTER TABLE staff_invites ADD COLUMN id BIGSERIAL;
ALTER TABLE staff_invites ADD COLUMN revoked_at BIGINT;
CREATE UNIQUE INDEX staff_invites_id ON staff_invites (id);

-- The staff page lists the accounts that are not readers, the readers page the readers newest
-- first, a page at a time (keyset on id).
CREATE INDEX users_role_id ON users (role, id);
