// GET, PUT and DELETE /storage/{collection}/{id} (sync.md §2.1). A PUT's
// precondition is on the BSO itself, so `X-If-Unmodified-Since: 0` creates
// only when absent: how Firefox writes meta/global and crypto/keys.
import type { Request, ResponseToolkit } from '@hapi/hapi';
import { formatTimestamp, tick } from './clock.js';
import { checkPut, parse } from './input.js';
import { checkRead, readPrecondition } from './params.js';
import { param, renderBso, storeCall, uidOf, type StorageDeps } from './context.js';
import { jsonBody, weave } from './weave.js';

export function bsoHandlers(d: StorageDeps) {
  const { syncStore: store } = d;
  const { limits, quota } = d.config.syncStorage;

  async function get(request: Request, h: ResponseToolkit) {
    const uid = uidOf(request);
    const precondition = readPrecondition(request);
    const bso = await store.getBso(
      uid,
      param(request, 'collection'),
      param(request, 'id'),
      tick(d.clock()),
    );
    checkRead(precondition, bso?.modified ?? 0);
    if (bso === undefined) throw weave.notFound();
    return jsonBody(h, renderBso(bso), bso.modified);
  }

  async function put(request: Request, h: ResponseToolkit) {
    const uid = uidOf(request);
    const collection = param(request, 'collection');
    const precondition = readPrecondition(request);
    // A PUT body is one JSON object, whichever of the accepted types it came as.
    const body = parse((request.payload as Buffer | null)?.toString('utf8') ?? '');
    const bso = checkPut(collection, param(request, 'id'), body, limits);
    const opts = { precondition, ...(quota.enabled ? { quotaBytes: quota.bytes } : {}) };
    const ts = await storeCall(() => store.putBso(uid, collection, bso, opts));
    return jsonBody(h, formatTimestamp(ts), ts);
  }

  async function remove(request: Request, h: ResponseToolkit) {
    const uid = uidOf(request);
    const precondition = readPrecondition(request);
    const ts = await storeCall(() =>
      store.deleteBso(uid, param(request, 'collection'), param(request, 'id'), { precondition }),
    );
    if (ts === undefined) throw weave.notFound();
    return jsonBody(h, `{"modified":${formatTimestamp(ts)}}`, ts);
  }

  return { get, put, remove };
}
