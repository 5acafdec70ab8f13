-- Patch 6: the Sync tokenserver's users (sync.md §1.3). One row per Sync
-- uid; an FxA account gets a new row, and so a new uid, when its keys change
-- (a new client_state) or when its storage node changes. The columns follow
-- syncstorage-rs's `users` table in name and order, with `email` holding the
-- FxA uid itself and `nodeid` the node URL, since there is one service and
-- no table of nodes.
--
-- At most one row per account is current (replaced_at NULL): the generated
-- column is the FxA uid on that row and NULL on every replaced one, and its
-- unique key turns a second current row, which two token requests racing
-- for a new user would otherwise create, into a duplicate-key error.
-- AUTO_INCREMENT never hands out a uid twice (its counter survives restarts
-- on MariaDB 10.2+ and MySQL 8), so a deleted user's storage is never
-- reached through a uid given to someone else.

CREATE TABLE sync_users (
  uid BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  fxa_uid BINARY(16) NOT NULL,
  generation BIGINT UNSIGNED NOT NULL,
  client_state VARCHAR(32) CHARACTER SET ascii NOT NULL,
  created_at BIGINT UNSIGNED NOT NULL,
  replaced_at BIGINT UNSIGNED NULL,
  node VARCHAR(255) NOT NULL,
  keys_changed_at BIGINT UNSIGNED NULL,
  current_fxa_uid BINARY(16) AS (CASE WHEN replaced_at IS NULL THEN fxa_uid END) STORED,
  PRIMARY KEY (uid),
  UNIQUE KEY sync_users_current (current_fxa_uid),
  KEY sync_users_fxa_uid (fxa_uid, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A database that had this patch reversed and then applied again still
-- holds the storage of the uids it handed out before; counting on from the
-- highest uid storage has seen keeps that storage out of reach of every
-- new user (and of their tokens). AUTO_INCREMENT takes only a literal,
-- hence the prepared statement.
SET @sync_next_uid = (SELECT COALESCE(MAX(uid), 0) + 1 FROM (
  SELECT uid FROM sync_user_collections UNION ALL SELECT uid FROM sync_retired_uids
) AS seen);
SET @sync_raise_uid = CONCAT('ALTER TABLE sync_users AUTO_INCREMENT = ', @sync_next_uid);
PREPARE sync_raise_uid FROM @sync_raise_uid;
EXECUTE sync_raise_uid;
DEALLOCATE PREPARE sync_raise_uid;
