-- Reverses patch 1: drops every table, dbMetadata last, leaving patch level 0.
-- Dropping a table drops its indexes with it.

DROP TABLE IF EXISTS passwordChangeTokens;
DROP TABLE IF EXISTS passwordForgotTokens;
DROP TABLE IF EXISTS accountResetTokens;
DROP TABLE IF EXISTS keyFetchTokens;
DROP TABLE IF EXISTS sessionTokens;
DROP TABLE IF EXISTS accounts;
DROP TABLE IF EXISTS dbMetadata;
