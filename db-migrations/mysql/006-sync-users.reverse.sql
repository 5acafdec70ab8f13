-- Reverses patch 6: drops the Sync tokenserver's users, leaving patch level 5.
-- Every client then gets a new Sync uid on its next token, and the storage
-- kept under the old uids is no longer reachable.

DROP TABLE IF EXISTS sync_users;

UPDATE dbMetadata SET value = '5' WHERE name = 'schema-patch-level';
