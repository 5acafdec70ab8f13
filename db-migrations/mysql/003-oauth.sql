-- Patch 3: OAuth codes, refresh tokens and access tokens, and the time an
-- account's kB last changed (keysChangedAt), which /account/scoped-key-data
-- reports as keyRotationTimestamp. Existing accounts take verifierSetAt: the
-- latest moment their kB could have changed.

ALTER TABLE accounts ADD COLUMN keysChangedAt BIGINT UNSIGNED NULL;
UPDATE accounts SET keysChangedAt = verifierSetAt;
ALTER TABLE accounts MODIFY keysChangedAt BIGINT UNSIGNED NOT NULL;

-- Codes and refresh tokens are looked up by the SHA-256 of the secret.
-- keysJwe is an opaque compact JWE, ASCII by construction.
CREATE TABLE oauthCodes (
  codeHash BINARY(32) NOT NULL,
  clientId BINARY(8) NOT NULL,
  uid BINARY(16) NOT NULL,
  scope VARCHAR(1024) NOT NULL,
  offline BOOLEAN NOT NULL,
  codeChallenge VARCHAR(128) NOT NULL,
  keysJwe TEXT CHARACTER SET ascii NULL,
  authAt BIGINT UNSIGNED NOT NULL,
  createdAt BIGINT UNSIGNED NOT NULL,
  expiresAt BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (codeHash),
  KEY oauthCodes_uid (uid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE oauthRefreshTokens (
  tokenHash BINARY(32) NOT NULL,
  clientId BINARY(8) NOT NULL,
  uid BINARY(16) NOT NULL,
  scope VARCHAR(1024) NOT NULL,
  authAt BIGINT UNSIGNED NOT NULL,
  createdAt BIGINT UNSIGNED NOT NULL,
  lastUsedAt BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (tokenHash),
  KEY oauthRefreshTokens_uid (uid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per issued access token (the JWT's jti), so it can be revoked.
CREATE TABLE oauthAccessTokens (
  jti BINARY(32) NOT NULL,
  clientId BINARY(8) NOT NULL,
  uid BINARY(16) NOT NULL,
  scope VARCHAR(1024) NOT NULL,
  createdAt BIGINT UNSIGNED NOT NULL,
  expiresAt BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (jti),
  KEY oauthAccessTokens_uid (uid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
