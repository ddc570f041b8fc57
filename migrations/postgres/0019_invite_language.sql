-- The language an invitation is written in, chosen by the admin who sends it: the mail speaks
-- it, and so does the newsroom of the account made on acceptance. NULL for invitations sent
-- before the choice existed, when the site's main edition decides.
ALTER TABLE staff_invites ADD COLUMN lang TEXT CHECK (lang IN ('en', 'bn'));
