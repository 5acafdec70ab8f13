-- Patch 1: accounts and the five token tables, mirroring fxa-auth-db-mysql
-- (spec section 8.2). Ids and secrets are BLOBs, times integer milliseconds,
-- booleans 0/1. STRICT makes SQLite reject a value of the wrong type instead
-- of storing it, so a bug in the store cannot write text where bytes belong.

CREATE TABLE dbMetadata (
  name TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE accounts (
  uid BLOB NOT NULL PRIMARY KEY,
  normalizedEmail TEXT NOT NULL,
  email TEXT NOT NULL,
  emailCode BLOB NOT NULL,
  emailVerified INTEGER NOT NULL DEFAULT 0,
  kA BLOB NOT NULL,
  wrapWrapKb BLOB NOT NULL,
  authSalt BLOB NOT NULL,
  verifyHash BLOB NOT NULL,
  verifierVersion INTEGER NOT NULL,
  verifierSetAt INTEGER NOT NULL,
  createdAt INTEGER NOT NULL,
  locale TEXT
) STRICT;

-- SQLite compares TEXT byte for byte, like utf8mb4_bin in the MySQL schema.
CREATE UNIQUE INDEX accounts_normalizedEmail ON accounts (normalizedEmail);

CREATE TABLE sessionTokens (
  tokenId BLOB NOT NULL PRIMARY KEY,
  tokenData BLOB NOT NULL,
  uid BLOB NOT NULL,
  createdAt INTEGER NOT NULL,
  uaBrowser TEXT,
  uaBrowserVersion TEXT,
  uaOS TEXT,
  uaOSVersion TEXT,
  uaDeviceType TEXT,
  lastAccessTime INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX sessionTokens_uid ON sessionTokens (uid);

CREATE TABLE keyFetchTokens (
  tokenId BLOB NOT NULL PRIMARY KEY,
  authKey BLOB NOT NULL,
  uid BLOB NOT NULL,
  keyBundle BLOB NOT NULL,
  createdAt INTEGER NOT NULL
) STRICT;

CREATE INDEX keyFetchTokens_uid ON keyFetchTokens (uid);

-- The three short-lived token types are one per account and pruned by age.

CREATE TABLE accountResetTokens (
  tokenId BLOB NOT NULL PRIMARY KEY,
  tokenData BLOB NOT NULL,
  uid BLOB NOT NULL,
  createdAt INTEGER NOT NULL
) STRICT;

CREATE UNIQUE INDEX accountResetTokens_uid ON accountResetTokens (uid);
CREATE INDEX accountResetTokens_createdAt ON accountResetTokens (createdAt);

CREATE TABLE passwordForgotTokens (
  tokenId BLOB NOT NULL PRIMARY KEY,
  tokenData BLOB NOT NULL,
  uid BLOB NOT NULL,
  passCode BLOB NOT NULL,
  createdAt INTEGER NOT NULL,
  tries INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE UNIQUE INDEX passwordForgotTokens_uid ON passwordForgotTokens (uid);
CREATE INDEX passwordForgotTokens_createdAt ON passwordForgotTokens (createdAt);

CREATE TABLE passwordChangeTokens (
  tokenId BLOB NOT NULL PRIMARY KEY,
  tokenData BLOB NOT NULL,
  uid BLOB NOT NULL,
  createdAt INTEGER NOT NULL
) STRICT;

CREATE UNIQUE INDEX passwordChangeTokens_uid ON passwordChangeTokens (uid);
CREATE INDEX passwordChangeTokens_createdAt ON passwordChangeTokens (createdAt);
