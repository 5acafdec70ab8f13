-- Reverses the placeholder patch 5: nothing to undo but the level.

UPDATE dbMetadata SET value = '4' WHERE name = 'schema-patch-level';
