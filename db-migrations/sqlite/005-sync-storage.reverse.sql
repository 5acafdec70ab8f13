-- Reverses patch 5: drops the Sync storage tables, leaving patch level 4.

DROP TABLE IF EXISTS sync_retired_uids;
DROP TABLE IF EXISTS sync_batch_items;
DROP TABLE IF EXISTS sync_batches;
DROP TABLE IF EXISTS sync_bso;
DROP TABLE IF EXISTS sync_user_collections;
DROP TABLE IF EXISTS sync_collections;

UPDATE dbMetadata SET value = '4' WHERE name = 'schema-patch-level';
