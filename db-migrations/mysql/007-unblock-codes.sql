-- Patch 7: sign-in unblock codes. A login that customs blocks can go
-- through with a code mailed to the account's address; each code is
-- single-use and expires. Only the SHA-256 of (uid, code) is stored, so a
-- leaked table yields no code to type in.

CREATE TABLE unblockCodes (
  uid BINARY(16) NOT NULL,
  codeHash BINARY(32) NOT NULL,
  createdAt BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (uid, codeHash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
