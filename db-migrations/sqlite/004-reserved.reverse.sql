-- Reverses the reserved patch 4, which did nothing.

UPDATE dbMetadata SET value = '3' WHERE name = 'schema-patch-level';
