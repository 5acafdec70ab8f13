-- Patch 3: OAuth codes, refresh tokens and access tokens, and the time an
-- account's kB last changed (keysChangedAt), which /account/scoped-key-data
-- reports as keyRotationTimestamp. Existing accounts take verifierSetAt: the
-- latest moment their kB could have changed.

ALTER TABLE accounts ADD COLUMN keysChangedAt INTEGER NOT NULL DEFAULT 0;
UPDATE accounts SET keysChangedAt = verifierSetAt;

-- Codes and refresh tokens are looked up by the SHA-256 of the secret.
CREATE TABLE oauthCodes (
  codeHash BLOB NOT NULL PRIMARY KEY,
  clientId BLOB NOT NULL,
  uid BLOB NOT NULL,
  scope TEXT NOT NULL,
  offline INTEGER NOT NULL,
  codeChallenge TEXT NOT NULL,
  keysJwe TEXT,
  authAt INTEGER NOT NULL,
  createdAt INTEGER NOT NULL,
  expiresAt INTEGER NOT NULL
) STRICT;

CREATE INDEX oauthCodes_uid ON oauthCodes (uid);

CREATE TABLE oauthRefreshTokens (
  tokenHash BLOB NOT NULL PRIMARY KEY,
  clientId BLOB NOT NULL,
  uid BLOB NOT NULL,
  scope TEXT NOT NULL,
  authAt INTEGER NOT NULL,
  createdAt INTEGER NOT NULL,
  lastUsedAt INTEGER NOT NULL
) STRICT;

CREATE INDEX oauthRefreshTokens_uid ON oauthRefreshTokens (uid);

-- One row per issued access token (the JWT's jti), so it can be revoked.
CREATE TABLE oauthAccessTokens (
  jti BLOB NOT NULL PRIMARY KEY,
  clientId BLOB NOT NULL,
  uid BLOB NOT NULL,
  scope TEXT NOT NULL,
  createdAt INTEGER NOT NULL,
  expiresAt INTEGER NOT NULL
) STRICT;

CREATE INDEX oauthAccessTokens_uid ON oauthAccessTokens (uid);
