-- Patch 5: SyncStorage 1.5 (sync.md §4, §6.5). Timestamps are milliseconds,
-- truncated to 10 ms; uid is the Sync uid the tokenserver hands out, not the
-- FxA uid.

-- Collection names map to small ids: 1-13 are the standard ones, fixed as
-- syncstorage-rs fixes them; 100 holds the place so that collections created
-- by clients start at 101. Its name cannot be a collection's (it has spaces).
CREATE TABLE sync_collections (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE
) STRICT;

INSERT INTO sync_collections (id, name) VALUES
  (1, 'clients'), (2, 'crypto'), (3, 'forms'), (4, 'history'), (5, 'keys'),
  (6, 'meta'), (7, 'bookmarks'), (8, 'prefs'), (9, 'tabs'), (10, 'passwords'),
  (11, 'addons'), (12, 'addresses'), (13, 'creditcards'),
  (100, 'reserved for standard collections');

-- The last write to each of a user's collections. The row of collection 0
-- holds the user's latest write to any collection: the storage timestamp,
-- which a collection delete cannot move backwards, and the row every write
-- locks first, so one user's writes are serialized across processes.
CREATE TABLE sync_user_collections (
  uid INTEGER NOT NULL,
  collection_id INTEGER NOT NULL,
  modified_ms INTEGER NOT NULL,
  PRIMARY KEY (uid, collection_id)
) STRICT, WITHOUT ROWID;

-- payload_size is the payload's UTF-8 length, kept so usage and quota sums
-- read no payloads.
CREATE TABLE sync_bso (
  uid INTEGER NOT NULL,
  collection_id INTEGER NOT NULL,
  id TEXT NOT NULL,
  sortindex INTEGER,
  payload TEXT NOT NULL,
  payload_size INTEGER NOT NULL,
  modified_ms INTEGER NOT NULL,
  expiry_ms INTEGER NOT NULL,
  PRIMARY KEY (uid, collection_id, id)
) STRICT;

CREATE INDEX sync_bso_modified ON sync_bso (uid, collection_id, modified_ms);
CREATE INDEX sync_bso_expiry ON sync_bso (expiry_ms);

CREATE TABLE sync_batches (
  id TEXT NOT NULL PRIMARY KEY,
  uid INTEGER NOT NULL,
  collection_id INTEGER NOT NULL,
  expiry_ms INTEGER NOT NULL
) STRICT;

CREATE INDEX sync_batches_uid ON sync_batches (uid);
CREATE INDEX sync_batches_expiry ON sync_batches (expiry_ms);

-- NULL means the field was not sent, so a commit changes only what was.
CREATE TABLE sync_batch_items (
  batch_id TEXT NOT NULL,
  id TEXT NOT NULL,
  sortindex INTEGER,
  payload TEXT,
  payload_size INTEGER,
  ttl INTEGER,
  PRIMARY KEY (batch_id, id)
) STRICT;

-- Sync uids that are dead for good: their account was deleted or their keys
-- replaced. Storage tokens are stateless and outlive the deletion, so every
-- write checks this table inside its transaction and refuses a uid found
-- here; the erase that follows then leaves nothing behind. Uids are never
-- handed out twice, so a row here never blocks a live user.
CREATE TABLE sync_retired_uids (
  uid INTEGER NOT NULL PRIMARY KEY,
  retired_ms INTEGER NOT NULL
) STRICT;
