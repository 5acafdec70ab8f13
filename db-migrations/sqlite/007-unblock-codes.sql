-- Patch 7: sign-in unblock codes. A login that customs blocks can go
-- through with a code mailed to the account's address; each code is
-- single-use and expires. Only the SHA-256 of (uid, code) is stored, so a
-- leaked table yields no code to type in.

CREATE TABLE unblockCodes (
  uid BLOB NOT NULL,
  codeHash BLOB NOT NULL,
  createdAt INTEGER NOT NULL,
  PRIMARY KEY (uid, codeHash)
) STRICT;
