-- Reverses the reserved patch 8, which did nothing.

UPDATE dbMetadata SET value = '7' WHERE name = 'schema-patch-level';
