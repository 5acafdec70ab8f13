-- Patch 2: devices, the commands queued between them, and the per-account
-- counter that numbers those commands.
--
-- A device belongs to an account and, while it is signed in, to one session:
-- (uid, sessionTokenId) is unique, so a session registers at most one device
-- (errno 124), and the index on sessionTokenId finds the device a session
-- takes with it when it ends. availableCommands is a JSON object of command
-- name to string, which the server writes and parses whole.

CREATE TABLE devices (
  uid BINARY(16) NOT NULL,
  id BINARY(16) NOT NULL,
  sessionTokenId BINARY(32) NULL,
  name VARCHAR(255) NULL,
  type VARCHAR(16) NULL,
  createdAt BIGINT UNSIGNED NOT NULL,
  pushCallback VARCHAR(255) NULL,
  pushPublicKey VARCHAR(88) NULL,
  pushAuthKey VARCHAR(24) NULL,
  pushEndpointExpired BOOLEAN NOT NULL DEFAULT FALSE,
  availableCommands TEXT NOT NULL,
  PRIMARY KEY (uid, id),
  UNIQUE KEY devices_uid_sessionTokenId (uid, sessionTokenId),
  KEY devices_sessionTokenId (sessionTokenId)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Commands are numbered per account by deviceCommandIndex, never per device:
-- Firefox remembers the last index it handled and asks for the ones above
-- it, so an index must never be handed out twice, not even after the
-- commands, the device or the device's session are gone.
CREATE TABLE deviceCommands (
  uid BINARY(16) NOT NULL,
  idx BIGINT UNSIGNED NOT NULL,
  targetDeviceId BINARY(16) NOT NULL,
  senderDeviceId BINARY(16) NULL,
  command VARCHAR(255) NOT NULL,
  payload TEXT NOT NULL,
  createdAt BIGINT UNSIGNED NOT NULL,
  expiresAt BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (uid, idx),
  KEY deviceCommands_target (uid, targetDeviceId, idx),
  KEY deviceCommands_expiresAt (expiresAt)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE deviceCommandIndex (
  uid BINARY(16) NOT NULL,
  lastIdx BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (uid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
