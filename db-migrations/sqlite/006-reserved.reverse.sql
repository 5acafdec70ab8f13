-- Reverses the placeholder patch 6: nothing to undo but the level.

UPDATE dbMetadata SET value = '5' WHERE name = 'schema-patch-level';
