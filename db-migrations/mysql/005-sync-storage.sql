-- Patch 5: SyncStorage 1.5 (sync.md §4, §6.5). Timestamps are milliseconds,
-- truncated to 10 ms; uid is the Sync uid the tokenserver hands out, not the
-- FxA uid. Ids and names are ASCII with a binary collation: Sync ids are
-- case-sensitive, and the default collation would make "a" and "A" collide.

-- Collection names map to small ids: 1-13 are the standard ones, fixed as
-- syncstorage-rs fixes them; 100 holds the place so that collections created
-- by clients start at 101. Its name cannot be a collection's (it has spaces).
CREATE TABLE sync_collections (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  name VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY sync_collections_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO sync_collections (id, name) VALUES
  (1, 'clients'), (2, 'crypto'), (3, 'forms'), (4, 'history'), (5, 'keys'),
  (6, 'meta'), (7, 'bookmarks'), (8, 'prefs'), (9, 'tabs'), (10, 'passwords'),
  (11, 'addons'), (12, 'addresses'), (13, 'creditcards'),
  (100, 'reserved for standard collections');

-- The last write to each of a user's collections. The row of collection 0
-- holds the user's latest write to any collection: the storage timestamp,
-- which a collection delete cannot move backwards, and the row every write
-- locks first (SELECT ... FOR UPDATE), so one user's writes are serialized
-- across processes.
CREATE TABLE sync_user_collections (
  uid BIGINT UNSIGNED NOT NULL,
  collection_id INT UNSIGNED NOT NULL,
  modified_ms BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (uid, collection_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- payload_size is the payload's UTF-8 length, kept so usage and quota sums
-- read no payloads. Payloads reach 2.5 MiB, past TEXT's 64 KiB.
CREATE TABLE sync_bso (
  uid BIGINT UNSIGNED NOT NULL,
  collection_id INT UNSIGNED NOT NULL,
  id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  sortindex INT NULL,
  payload MEDIUMTEXT NOT NULL,
  payload_size INT UNSIGNED NOT NULL,
  modified_ms BIGINT UNSIGNED NOT NULL,
  expiry_ms BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (uid, collection_id, id),
  KEY sync_bso_modified (uid, collection_id, modified_ms),
  KEY sync_bso_expiry (expiry_ms)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE sync_batches (
  id CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  uid BIGINT UNSIGNED NOT NULL,
  collection_id INT UNSIGNED NOT NULL,
  expiry_ms BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (id),
  KEY sync_batches_uid (uid),
  KEY sync_batches_expiry (expiry_ms)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- NULL means the field was not sent, so a commit changes only what was.
CREATE TABLE sync_batch_items (
  batch_id CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  sortindex INT NULL,
  payload MEDIUMTEXT NULL,
  payload_size INT UNSIGNED NULL,
  ttl INT UNSIGNED NULL,
  PRIMARY KEY (batch_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Sync uids that are dead for good: their account was deleted or their keys
-- replaced. Storage tokens are stateless and outlive the deletion, so every
-- write checks this table inside its transaction and refuses a uid found
-- here; the erase that follows then leaves nothing behind. Uids are never
-- handed out twice, so a row here never blocks a live user.
CREATE TABLE sync_retired_uids (
  uid BIGINT UNSIGNED NOT NULL,
  retired_ms BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (uid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
