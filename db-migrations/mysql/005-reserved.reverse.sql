-- Reverses the reserved patch 5, which did nothing.

UPDATE dbMetadata SET value = '4' WHERE name = 'schema-patch-level';
