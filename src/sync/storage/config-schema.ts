// Settings of SyncStorage, plugged into the server's schema as
// `syncStorage`. The limits are advertised by info/configuration and
// enforced as advertised (sync.md §2.5); the defaults are syncstorage-rs's.
const limit = (doc: string, def: number, env: string) => ({
  doc,
  format: 'nat',
  default: def,
  env,
});

export const syncStorageSchema = {
  limits: {
    maxPostBytes: limit(
      'The most payload bytes one POST may carry in total; items past it fail with "retry bytes".',
      2_621_440,
      'SYNC_MAX_POST_BYTES',
    ),
    maxPostRecords: limit(
      'The most BSOs one POST may carry; items past it fail with "retry bso".',
      100,
      'SYNC_MAX_POST_RECORDS',
    ),
    maxRecordPayloadBytes: limit(
      'The largest payload of one BSO, in bytes.',
      2_621_440,
      'SYNC_MAX_RECORD_PAYLOAD_BYTES',
    ),
    maxRequestBytes: limit(
      'The largest request body, in bytes; a larger one is refused with 413 and body 17.',
      2_625_536,
      'SYNC_MAX_REQUEST_BYTES',
    ),
    maxTotalBytes: limit(
      'The most payload bytes a batch may declare in X-Weave-Total-Bytes.',
      262_144_000,
      'SYNC_MAX_TOTAL_BYTES',
    ),
    maxTotalRecords: limit(
      'The most BSOs a batch may declare in X-Weave-Total-Records, and the largest page a GET returns.',
      10_000,
      'SYNC_MAX_TOTAL_RECORDS',
    ),
  },
  quota: {
    enabled: {
      doc: 'Refuse writes (403, body 14) that would take a user past quota.bytes of payloads.',
      format: Boolean,
      default: false,
      env: 'SYNC_QUOTA_ENABLED',
    },
    bytes: limit(
      'The per-user quota, in payload bytes, when the quota is on; advertised as max_quota_limit.',
      2_097_152_000,
      'SYNC_QUOTA_BYTES',
    ),
  },
  maxPageBytes: limit(
    'The most payload bytes one page of a full GET holds (beyond its first BSO); the rest follows through X-Weave-Next-Offset, so no response grows without bound.',
    64 * 1024 * 1024,
    'SYNC_MAX_PAGE_BYTES',
  ),
  batchLifetimeSec: limit(
    'How long an uncommitted batch upload stays usable, in seconds.',
    7200,
    'SYNC_BATCH_LIFETIME_SEC',
  ),
  purgeIntervalMs: limit(
    'How often expired BSOs (ttl) and batches are deleted, in ms; 0 turns the purge off (reads hide them regardless).',
    60 * 60 * 1000,
    'SYNC_PURGE_INTERVAL_MS',
  ),
};
