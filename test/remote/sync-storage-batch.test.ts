// Batch uploads (sync.md §2.4) as Firefox's PostQueue drives them, and the
// quota when an operator turns it on.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../helpers/databases.js';
import type { SyncClient } from '../client/sync.js';
import { assertOk, assertWeaveError, lastModified, ms, useSyncServer } from './sync-support.js';

interface BatchResult {
  batch?: string;
  modified?: number;
  success: string[];
  failed: Record<string, string>;
}
interface WireBso {
  id: string;
  modified: number;
  payload: string;
  sortindex?: number;
}

const full = async (c: SyncClient, collection: string) =>
  (await c.get(`/storage/${collection}?full=1&sort=oldest`)).json<WireBso[]>();

describeEachDatabase('Sync storage: batch uploads', (db) => {
  const { user } = useSyncServer(db);

  it('stages across requests, shows nothing until the commit, then all at one timestamp', async () => {
    const c = user();
    const before = ms((await c.put('/storage/bookmarks/old', { payload: 'o' })).json<number>());
    const guard = { headers: { 'x-if-unmodified-since': (before / 1000).toFixed(2) } };
    const opened = await c.post(
      '/storage/bookmarks?batch=true',
      [
        { id: 'a', payload: 'a1' },
        { id: 'bad', ttl: 'x' },
      ],
      guard,
    );
    assertOk(opened, 202);
    const { batch, success, failed } = opened.json<BatchResult>();
    assert.match(batch ?? '', /.+/);
    assert.deepEqual(success, ['a']);
    assert.deepEqual(Object.keys(failed), ['bad']);
    assert.equal(lastModified(opened), before, 'nothing visible yet');
    const id = encodeURIComponent(batch!);
    const appended = await c.post(
      `/storage/bookmarks?batch=${id}`,
      [{ id: 'b', payload: 'b1' }],
      guard,
    );
    assertOk(appended, 202);
    assert.equal(appended.json<BatchResult>().batch, batch, 'the same batch id on every append');
    assert.deepEqual(
      (await full(c, 'bookmarks')).map((b) => b.id),
      ['old'],
    );
    const committed = await c.post(
      `/storage/bookmarks?batch=${id}&commit=true`,
      [{ id: 'c', payload: 'c1' }],
      guard,
    );
    assertOk(committed);
    const result = committed.json<BatchResult>();
    assert.deepEqual(result.success, ['c'], 'success lists this request only');
    const ts = ms(result.modified!);
    assert.equal(lastModified(committed), ts);
    assert.ok(ts > before);
    const after = await full(c, 'bookmarks');
    assert.deepEqual(
      after.map((b) => [b.id, ms(b.modified)]),
      [
        ['old', before],
        ['a', ts],
        ['b', ts],
        ['c', ts],
      ],
    );
  });

  it('takes the last value of an id appended twice, and touches no other staged item', async () => {
    const c = user();
    const opened = await c.post('/storage/history?batch=true', [
      { id: 'x', payload: 'x1', sortindex: 1 },
      { id: 'y', payload: 'y1', sortindex: 2 },
    ]);
    const id = encodeURIComponent(opened.json<BatchResult>().batch!);
    await c.post(`/storage/history?batch=${id}`, [{ id: 'x', payload: 'x2' }]);
    await c.post(`/storage/history?batch=${id}`, [{ id: 'x', sortindex: 9 }]);
    // A commit body's items win over staged ones.
    await c.post(`/storage/history?batch=${id}&commit=true`, [{ id: 'y', payload: 'y3' }]);
    const rows = await full(c, 'history');
    const byId = Object.fromEntries(rows.map((b) => [b.id, [b.payload, b.sortindex]]));
    assert.deepEqual(byId, { x: ['x2', 9], y: ['y3', 2] });
  });

  it('treats batch=true&commit=true as a plain POST', async () => {
    const c = user();
    const res = await c.post('/storage/tabs?batch=true&commit=true', [{ id: 't', payload: 'x' }]);
    assertOk(res);
    const result = res.json<BatchResult>();
    assert.equal(result.batch, undefined);
    assert.deepEqual(result.success, ['t']);
    assert.equal((await full(c, 'tabs'))[0]?.modified, result.modified);
  });

  it('commits an empty final request, in JSON or in newlines', async () => {
    for (const [contentType, empty] of [
      ['application/json', '[]'],
      ['text/plain', '[]'],
      ['application/newlines', ''],
    ] as const) {
      const c = user();
      const opened = await c.post('/storage/forms?batch=true', [{ id: 'f', payload: contentType }]);
      const id = encodeURIComponent(opened.json<BatchResult>().batch!);
      const res = await c.post(`/storage/forms?batch=${id}&commit=true`, empty, { contentType });
      assertOk(res);
      assert.deepEqual(
        (await full(c, 'forms')).map((b) => b.payload),
        [contentType],
      );
    }
  });

  it('refuses a bad, unknown, foreign or finished batch id with 400 0', async () => {
    const [c, other] = [user(), user()];
    const opened = await c.post('/storage/clients?batch=true', [{ id: 'a', payload: 'x' }]);
    const batch = encodeURIComponent(opened.json<BatchResult>().batch!);
    assertWeaveError(await c.post('/storage/clients?batch=not-a-batch', []), 400, 0);
    assertWeaveError(await c.post(`/storage/clients?batch=${'0'.repeat(32)}`, []), 400, 0);
    assertWeaveError(await other.post(`/storage/clients?batch=${batch}&commit=true`, []), 400, 0);
    assertWeaveError(await c.post(`/storage/tabs?batch=${batch}&commit=true`, []), 400, 0);
    assertWeaveError(await c.post('/storage/clients?commit=true', []), 400, 0);
    assertWeaveError(await c.post(`/storage/clients?batch=${batch}&commit=yes`, []), 400, 0);
    assertOk(await c.post(`/storage/clients?batch=${batch}&commit=true`, []));
    // A committed batch cannot be resurrected.
    assertWeaveError(await c.post(`/storage/clients?batch=${batch}`, [{ id: 'b' }]), 400, 0);
    assertWeaveError(await c.post(`/storage/clients?batch=${batch}&commit=true`, []), 400, 0);
    assert.deepEqual((await c.get('/storage/clients')).json(), ['a']);
    assert.deepEqual((await other.get('/storage/clients')).json(), []);
  });

  it('aborts an upload on a stale X-If-Unmodified-Since, leaving the batch unapplied', async () => {
    const c = user();
    const t0 = ms((await c.put('/storage/passwords/p', { payload: 'v1' })).json<number>());
    const guard = { headers: { 'x-if-unmodified-since': (t0 / 1000).toFixed(2) } };
    const opened = await c.post(
      '/storage/passwords?batch=true',
      [{ id: 'q', payload: 'x' }],
      guard,
    );
    const id = encodeURIComponent(opened.json<BatchResult>().batch!);
    await c.put('/storage/passwords/p', { payload: 'v2' }); // another device writes meanwhile
    assertWeaveError(await c.post(`/storage/passwords?batch=${id}&commit=true`, [], guard), 412);
    assert.deepEqual(
      (await full(c, 'passwords')).map((b) => b.id),
      ['p'],
    );
  });
});

describeEachDatabase('Sync storage: the quota, when on', (db) => {
  const { user } = useSyncServer(db, {
    syncStorage: { quota: { enabled: true, bytes: 10_000 } },
  });

  it('reports it, and refuses the write that would pass it with 403 14', async () => {
    const c = user();
    assertOk(await c.put('/storage/history/a', { payload: 'x'.repeat(6000) }));
    assert.deepEqual((await c.get('/info/quota')).json(), [6000 / 1024, 10_000 / 1024]);
    assertWeaveError(await c.put('/storage/history/b', { payload: 'y'.repeat(6000) }), 403, 14);
    assertWeaveError(
      await c.post('/storage/history', [{ id: 'c', payload: 'z'.repeat(6000) }]),
      403,
      14,
    );
    assert.deepEqual((await c.get('/storage/history')).json(), ['a']);
    // Replacing within the quota is fine.
    assertOk(await c.put('/storage/history/a', { payload: 'w'.repeat(9000) }));
  });
});
