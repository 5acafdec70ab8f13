-- Reverses patch 4: drops accounts.displayName, leaving patch level 3.

ALTER TABLE accounts DROP COLUMN displayName;

UPDATE dbMetadata SET value = '3' WHERE name = 'schema-patch-level';
