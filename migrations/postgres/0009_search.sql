-- Every node's search index follows the stories changed since its last sync; each write to a
-- story stamps updated_at, so this index makes that poll cheap however large the archive.
CREATE INDEX articles_changed ON articles (updated_at);
