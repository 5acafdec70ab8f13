-- Patch 2: devices, the commands queued between them, and the per-account
-- counter that numbers those commands.
--
-- A device belongs to an account and, while it is signed in, to one session:
-- (uid, sessionTokenId) is unique, so a session registers at most one device
-- (errno 124), and the index on sessionTokenId finds the device a session
-- takes with it when it ends. availableCommands is a JSON object of command
-- name to string, which the server writes and parses whole.

CREATE TABLE devices (
  uid BLOB NOT NULL,
  id BLOB NOT NULL,
  sessionTokenId BLOB,
  name TEXT,
  type TEXT,
  createdAt INTEGER NOT NULL,
  pushCallback TEXT,
  pushPublicKey TEXT,
  pushAuthKey TEXT,
  pushEndpointExpired INTEGER NOT NULL DEFAULT 0,
  availableCommands TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (uid, id)
) STRICT;

CREATE UNIQUE INDEX devices_uid_sessionTokenId ON devices (uid, sessionTokenId);
CREATE INDEX devices_sessionTokenId ON devices (sessionTokenId);

-- Commands are numbered per account by deviceCommandIndex, never per device:
-- Firefox remembers the last index it handled and asks for the ones above
-- it, so an index must never be handed out twice, not even after the
-- commands, the device or the device's session are gone.
CREATE TABLE deviceCommands (
  uid BLOB NOT NULL,
  idx INTEGER NOT NULL,
  targetDeviceId BLOB NOT NULL,
  senderDeviceId BLOB,
  command TEXT NOT NULL,
  payload TEXT NOT NULL,
  createdAt INTEGER NOT NULL,
  expiresAt INTEGER NOT NULL,
  PRIMARY KEY (uid, idx)
) STRICT;

CREATE INDEX deviceCommands_target ON deviceCommands (uid, targetDeviceId, idx);
CREATE INDEX deviceCommands_expiresAt ON deviceCommands (expiresAt);

CREATE TABLE deviceCommandIndex (
  uid BLOB NOT NULL PRIMARY KEY,
  lastIdx INTEGER NOT NULL
) STRICT;
