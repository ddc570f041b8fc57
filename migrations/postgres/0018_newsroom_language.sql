-- The language each person's newsroom speaks (screens, messages, notifications, mail): 'en'
-- or 'bn', chosen by the person; NULL until they choose, when the site's main edition decides.
ALTER TABLE users ADD COLUMN newsroom_lang TEXT CHECK (newsroom_lang IN ('en', 'bn'));
