-- Reverses the reserved patch 6, which did nothing.

UPDATE dbMetadata SET value = '5' WHERE name = 'schema-patch-level';
