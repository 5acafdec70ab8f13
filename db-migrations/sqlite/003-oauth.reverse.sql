-- Reverses patch 3: drops the OAuth tables and accounts.keysChangedAt,
-- leaving patch level 2.

DROP TABLE IF EXISTS oauthAccessTokens;
DROP TABLE IF EXISTS oauthRefreshTokens;
DROP TABLE IF EXISTS oauthCodes;
ALTER TABLE accounts DROP COLUMN keysChangedAt;

UPDATE dbMetadata SET value = '2' WHERE name = 'schema-patch-level';
