-- Reverses patch 9: drops the sign-in unblock codes, leaving patch level 8.

DROP TABLE IF EXISTS unblockCodes;

UPDATE dbMetadata SET value = '8' WHERE name = 'schema-patch-level';
