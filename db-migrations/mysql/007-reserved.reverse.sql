-- Reverses the reserved patch 7, which did nothing.

UPDATE dbMetadata SET value = '6' WHERE name = 'schema-patch-level';
