-- Patch 1: accounts and the five token tables of fxa-auth-db-mysql v0.51.0
-- (spec section 8.2), without the features this server does not carry
-- (account locking, event log, OpenID). Ids and secrets are BINARY, times
-- BIGINT UNSIGNED milliseconds.

CREATE TABLE dbMetadata (
  name VARCHAR(255) NOT NULL,
  value VARCHAR(255) NOT NULL,
  PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- normalizedEmail is compared byte for byte (utf8mb4_bin): the server
-- lower-cases it, and a collation that folds accents or case would let two
-- distinct addresses collide on the unique key.
CREATE TABLE accounts (
  uid BINARY(16) NOT NULL,
  normalizedEmail VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  email VARCHAR(255) NOT NULL,
  emailCode BINARY(16) NOT NULL,
  emailVerified BOOLEAN NOT NULL DEFAULT FALSE,
  kA BINARY(32) NOT NULL,
  wrapWrapKb BINARY(32) NOT NULL,
  authSalt BINARY(32) NOT NULL,
  verifyHash BINARY(32) NOT NULL,
  verifierVersion TINYINT UNSIGNED NOT NULL,
  verifierSetAt BIGINT UNSIGNED NOT NULL,
  createdAt BIGINT UNSIGNED NOT NULL,
  locale VARCHAR(255) NULL,
  PRIMARY KEY (uid),
  UNIQUE KEY accounts_normalizedEmail (normalizedEmail)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE sessionTokens (
  tokenId BINARY(32) NOT NULL,
  tokenData BINARY(32) NOT NULL,
  uid BINARY(16) NOT NULL,
  createdAt BIGINT UNSIGNED NOT NULL,
  uaBrowser VARCHAR(255) NULL,
  uaBrowserVersion VARCHAR(255) NULL,
  uaOS VARCHAR(255) NULL,
  uaOSVersion VARCHAR(255) NULL,
  uaDeviceType VARCHAR(255) NULL,
  lastAccessTime BIGINT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (tokenId),
  KEY sessionTokens_uid (uid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE keyFetchTokens (
  tokenId BINARY(32) NOT NULL,
  authKey BINARY(32) NOT NULL,
  uid BINARY(16) NOT NULL,
  keyBundle BINARY(96) NOT NULL,
  createdAt BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (tokenId),
  KEY keyFetchTokens_uid (uid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The three short-lived token types are one per account and pruned by age.

CREATE TABLE accountResetTokens (
  tokenId BINARY(32) NOT NULL,
  tokenData BINARY(32) NOT NULL,
  uid BINARY(16) NOT NULL,
  createdAt BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (tokenId),
  UNIQUE KEY accountResetTokens_uid (uid),
  KEY accountResetTokens_createdAt (createdAt)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE passwordForgotTokens (
  tokenId BINARY(32) NOT NULL,
  tokenData BINARY(32) NOT NULL,
  uid BINARY(16) NOT NULL,
  passCode BINARY(16) NOT NULL,
  createdAt BIGINT UNSIGNED NOT NULL,
  tries SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (tokenId),
  UNIQUE KEY passwordForgotTokens_uid (uid),
  KEY passwordForgotTokens_createdAt (createdAt)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE passwordChangeTokens (
  tokenId BINARY(32) NOT NULL,
  tokenData BINARY(32) NOT NULL,
  uid BINARY(16) NOT NULL,
  createdAt BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (tokenId),
  UNIQUE KEY passwordChangeTokens_uid (uid),
  KEY passwordChangeTokens_createdAt (createdAt)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
