-- Patch 6: the Sync tokenserver's users (sync.md §1.3). One row per Sync
-- uid; an FxA account gets a new row, and so a new uid, when its keys change
-- (a new client_state) or when its storage node changes. The columns follow
-- syncstorage-rs's `users` table in name and order, with `email` holding the
-- FxA uid itself and `nodeid` the node URL, since there is one service and
-- no table of nodes.
--
-- At most one row per account is current (replaced_at NULL), which the
-- partial unique index enforces: two token requests racing for a new user
-- cannot both insert one. AUTOINCREMENT never hands out a uid twice, so a
-- deleted user's storage is never reached through a uid given to someone
-- else.

CREATE TABLE sync_users (
  uid INTEGER PRIMARY KEY AUTOINCREMENT,
  fxa_uid BLOB NOT NULL,
  generation INTEGER NOT NULL,
  client_state TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  replaced_at INTEGER,
  node TEXT NOT NULL,
  keys_changed_at INTEGER
) STRICT;

CREATE UNIQUE INDEX sync_users_current ON sync_users (fxa_uid) WHERE replaced_at IS NULL;
CREATE INDEX sync_users_fxa_uid ON sync_users (fxa_uid, created_at);

-- A database that had this patch reversed and then applied again still
-- holds the storage of the uids it handed out before; counting on from the
-- highest uid storage has seen keeps that storage out of reach of every
-- new user (and of their tokens).
INSERT INTO sqlite_sequence (name, seq)
  SELECT 'sync_users', MAX(uid) FROM (
    SELECT uid FROM sync_user_collections UNION ALL SELECT uid FROM sync_retired_uids
  ) AS seen HAVING MAX(uid) IS NOT NULL;
