// GET, POST and DELETE /storage/{collection} (sync.md §2.3, §2.4): listing
// with filters and paging, uploads plain or batched, and deletes.
import type { Request, ResponseToolkit } from '@hapi/hapi';
import { formatTimestamp } from './clock.js';
import { checkPost, parseBody } from './input.js';
import {
  checkDeclaredSizes,
  checkRead,
  chooseFormat,
  readIds,
  readList,
  readPrecondition,
} from './params.js';
import { param, renderBso, storeCall, uidOf, type StorageDeps } from './context.js';
import type { BsoQuery } from './store.js';
import { jsonBody, weave } from './weave.js';
import { tick } from './clock.js';

const BATCH_ID = /^[0-9a-f]{32}$/;

export function collectionHandlers(d: StorageDeps) {
  const { syncStore: store } = d;
  const { limits, quota, batchLifetimeSec } = d.config.syncStorage;
  const quotaBytes = quota.enabled ? { quotaBytes: quota.bytes } : {};

  async function list(request: Request, h: ResponseToolkit) {
    const uid = uidOf(request);
    const collection = param(request, 'collection');
    const format = chooseFormat(request.headers.accept as string | undefined);
    const p = readList(request.query as Record<string, string>);
    if (p.newer === undefined && request.query.newer !== undefined) throw weave.badRequest();
    if (p.older === undefined && request.query.older !== undefined) throw weave.badRequest();
    const modified = await store.collectionModified(uid, collection);
    checkRead(readPrecondition(request), modified);
    const query: BsoQuery = {
      full: p.full,
      // Without a sort, ids come in the same order as full BSOs: newest first.
      sort: p.sort ?? 'newest',
      limit: Math.min(p.limit ?? limits.maxTotalRecords, limits.maxTotalRecords),
      ...(p.ids ? { ids: p.ids } : {}),
      ...(p.newer !== undefined ? { newer: p.newer } : {}),
      ...(p.older !== undefined ? { older: p.older } : {}),
      ...(p.offset !== undefined ? { offset: p.offset } : {}),
    };
    const page = await storeCall(() => store.listBsos(uid, collection, query, tick(d.clock())));
    const values = page.items.map((b) => (p.full ? renderBso(b) : JSON.stringify(b.id)));
    // JSON.stringify escapes newlines inside strings, so each value is one line.
    const body =
      format === 'newlines' ? values.map((v) => v + '\n').join('') : `[${values.join(',')}]`;
    const response = jsonBody(h, body, modified).header('X-Weave-Records', String(values.length));
    if (format === 'newlines') response.type('application/newlines');
    if (page.nextOffset !== undefined) response.header('X-Weave-Next-Offset', page.nextOffset);
    return response;
  }

  async function post(request: Request, h: ResponseToolkit) {
    const uid = uidOf(request);
    const collection = param(request, 'collection');
    const { batch, commit } = request.query as { batch?: string; commit?: string };
    // §2.4: commit only with a batch, and only as "true".
    if (commit !== undefined && (batch === undefined || commit.toLowerCase() !== 'true')) {
      throw weave.badRequest();
    }
    const newBatch = batch !== undefined && (batch === '' || batch.toLowerCase() === 'true');
    if (batch !== undefined && !newBatch && !BATCH_ID.test(batch)) throw weave.badRequest();
    checkDeclaredSizes(request, limits);
    const precondition = readPrecondition(request);
    const contentType = (request.headers['content-type'] as string | undefined) ?? '';
    const items = parseBody(contentType, request.payload as Buffer | null);
    const { valid, failed } = checkPost(collection, items, limits);
    const opts = { precondition, ...quotaBytes };
    const outcome = (extra: string) =>
      `{${extra},"success":${JSON.stringify(valid.map((b) => b.id))},` +
      `"failed":${JSON.stringify(Object.fromEntries(failed))}}`;

    // batch=true&commit=true is what Firefox sends when all fits in one
    // request: a plain POST.
    if (batch === undefined || (newBatch && commit !== undefined)) {
      const ts = await storeCall(() => store.postBsos(uid, collection, valid, opts));
      return jsonBody(h, outcome(`"modified":${formatTimestamp(ts)}`), ts);
    }
    if (commit !== undefined) {
      const ts = await storeCall(() => store.commitBatch(uid, collection, batch, valid, opts));
      return jsonBody(h, outcome(`"modified":${formatTimestamp(ts)}`), ts);
    }
    const id = newBatch
      ? await storeCall(() =>
          store.createBatch(uid, collection, valid, {
            ...opts,
            lifetimeMs: batchLifetimeSec * 1000,
          }),
        )
      : (await storeCall(() => store.appendBatch(uid, collection, batch, valid, opts)), batch);
    // Nothing is visible yet: X-Last-Modified keeps the collection's old timestamp.
    const modified = await store.collectionModified(uid, collection);
    return jsonBody(h, outcome(`"batch":${JSON.stringify(id)}`), modified).code(202);
  }

  async function remove(request: Request, h: ResponseToolkit) {
    const uid = uidOf(request);
    const collection = param(request, 'collection');
    const precondition = readPrecondition(request);
    const ids = readIds((request.query as { ids?: string }).ids);
    const ts =
      ids === undefined
        ? await storeCall(() => store.deleteCollection(uid, collection, { precondition }))
        : await storeCall(() => store.deleteBsos(uid, collection, ids, { precondition }));
    return jsonBody(h, formatTimestamp(ts), ts);
  }

  return { list, post, remove };
}
