-- Reverses the placeholder patch 4: nothing to undo but the level.

UPDATE dbMetadata SET value = '3' WHERE name = 'schema-patch-level';
