-- Reverses patch 7: drops the sign-in unblock codes, leaving patch level 6.

DROP TABLE IF EXISTS unblockCodes;

UPDATE dbMetadata SET value = '6' WHERE name = 'schema-patch-level';
