-- Reverses patch 2: drops the device tables (their indexes go with them) and
-- leaves the database at patch level 1.

DROP TABLE IF EXISTS deviceCommandIndex;
DROP TABLE IF EXISTS deviceCommands;
DROP TABLE IF EXISTS devices;
UPDATE dbMetadata SET value = '1' WHERE name = 'schema-patch-level';
