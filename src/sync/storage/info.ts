// The info views and whole-storage delete (sync.md §2.1): what Firefox asks
// on every sync (info/collections), what it reads once (info/configuration),
// and DELETE /storage, which a fresh start begins with.
import type { Request, ResponseToolkit } from '@hapi/hapi';
import { jsonBody } from './weave.js';
import { checkRead, readPrecondition } from './params.js';
import { renderTimestamps, storeCall, uidOf, type StorageDeps } from './context.js';
import { tick } from './clock.js';

const KB = 1024;

export function infoHandlers(d: StorageDeps) {
  const { syncStore: store } = d;
  const { limits, quota } = d.config.syncStorage;
  // No database access: these are the limits this server enforces (§2.5).
  const configuration = JSON.stringify({
    max_post_bytes: limits.maxPostBytes,
    max_post_records: limits.maxPostRecords,
    max_record_payload_bytes: limits.maxRecordPayloadBytes,
    max_request_bytes: limits.maxRequestBytes,
    max_total_bytes: limits.maxTotalBytes,
    max_total_records: limits.maxTotalRecords,
    max_quota_limit: quota.bytes,
  });

  /** Reads the storage timestamp first: every info view answers preconditions against it. */
  async function storageRead(request: Request) {
    const uid = uidOf(request);
    const { storage, collections } = await store.timestamps(uid);
    checkRead(readPrecondition(request), storage);
    return { uid, storage, collections, now: tick(d.clock()) };
  }

  function numbers(map: Map<string, number>, scale = 1): string {
    return JSON.stringify(Object.fromEntries([...map].map(([k, v]) => [k, v / scale])));
  }

  return {
    collections: async (request: Request, h: ResponseToolkit) => {
      const { storage, collections } = await storageRead(request);
      return jsonBody(h, renderTimestamps(collections), storage).header(
        'X-Weave-Records',
        String(collections.size),
      );
    },

    counts: async (request: Request, h: ResponseToolkit) => {
      const { uid, storage, now } = await storageRead(request);
      return jsonBody(h, numbers(await store.collectionCounts(uid, now)), storage);
    },

    usage: async (request: Request, h: ResponseToolkit) => {
      const { uid, storage, now } = await storageRead(request);
      return jsonBody(h, numbers(await store.collectionUsage(uid, now), KB), storage);
    },

    quota: async (request: Request, h: ResponseToolkit) => {
      const { uid, storage, now } = await storageRead(request);
      let bytes = 0;
      for (const size of (await store.collectionUsage(uid, now)).values()) bytes += size;
      const limit = quota.enabled ? quota.bytes / KB : null;
      return jsonBody(h, JSON.stringify([bytes / KB, limit]), storage);
    },

    configuration: (_request: Request, h: ResponseToolkit) => {
      return jsonBody(h, configuration, 0);
    },

    deleteStorage: async (request: Request, h: ResponseToolkit) => {
      const precondition = readPrecondition(request);
      await storeCall(() => store.deleteStorage(uidOf(request), { precondition }));
      // Firefox reads only X-Weave-Timestamp, as the time of the wipe.
      return jsonBody(h, 'null');
    },
  };
}
