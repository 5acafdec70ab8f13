// Single BSOs, the precondition headers, the info views and the wipe: what
// a Firefox fresh start does (sync.md §3.1) and what it relies on (§3.3).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  assertOk,
  assertTwoDecimals,
  assertWeaveError,
  lastModified,
  ms,
  useSyncServer,
} from './sync-support.js';

describeEachDatabase('Sync storage: BSOs and the info views', (db) => {
  const { user } = useSyncServer(db);
  const createOnly = { headers: { 'x-if-unmodified-since': '0' } };

  it('runs a fresh start: wipe, create meta/global and crypto/keys once, see them listed', async () => {
    const c = user();
    assertWeaveError(await c.get('/storage/meta/global'), 404, 0);
    assertOk(await c.delete('/storage', { headers: { 'x-confirm-delete': '1' } }));
    const meta = await c.put(
      '/storage/meta/global',
      { id: 'global', payload: '{"storageVersion":5}' },
      createOnly,
    );
    assertOk(meta);
    assertTwoDecimals(meta.text);
    const metaTs = ms(meta.json<number>());
    assert.equal(lastModified(meta), metaTs);
    // A second create-only PUT loses: someone else made it first.
    const again = await c.put('/storage/meta/global', { payload: 'mine' }, createOnly);
    assertWeaveError(again, 412);
    assert.equal(lastModified(again), metaTs);
    const keys = await c.put('/storage/crypto/keys', { payload: 'encrypted' }, createOnly);
    const keysTs = ms(keys.json<number>());
    assert.ok(keysTs > metaTs);
    const info = await c.get('/info/collections');
    assertOk(info);
    assertTwoDecimals(info.text, 'crypto');
    assert.deepEqual(info.json(), { meta: metaTs / 1000, crypto: keysTs / 1000 });
    assert.equal(info.headers.get('x-weave-records'), '2');
    assert.equal(lastModified(info), keysTs);
    const got = await c.get('/storage/meta/global');
    assert.deepEqual(got.json(), {
      id: 'global',
      modified: metaTs / 1000,
      payload: '{"storageVersion":5}',
    });
    assertTwoDecimals(got.text, 'modified');
  });

  it('answers X-If-Modified-Since and X-If-Unmodified-Since on BSOs, collections and storage', async () => {
    const c = user();
    const ts = ms((await c.put('/storage/tabs/t1', { payload: 'x' })).json<number>());
    const at = (t: number) => (t / 1000).toFixed(2);
    const cases: Array<[string, string, string, number]> = [
      // path, header, value, expected status
      ['/storage/tabs/t1', 'x-if-modified-since', at(ts), 304],
      ['/storage/tabs/t1', 'x-if-modified-since', at(ts - 10), 200],
      ['/storage/tabs/t1', 'x-if-unmodified-since', at(ts), 200],
      ['/storage/tabs/t1', 'x-if-unmodified-since', at(ts - 10), 412],
      ['/storage/tabs', 'x-if-modified-since', at(ts), 304],
      ['/storage/tabs', 'x-if-unmodified-since', at(ts - 10), 412],
      ['/info/collections', 'x-if-modified-since', at(ts + 1000), 304],
      ['/info/collections', 'x-if-unmodified-since', at(ts - 10), 412],
      ['/storage/tabs/nothing', 'x-if-unmodified-since', '0', 404],
    ];
    for (const [path, name, value, status] of cases) {
      const res = await c.get(path, { headers: { [name]: value } });
      assert.equal(res.status, status, `${name}: ${value} on ${path}`);
      if (status === 304 || status === 412) {
        assert.equal(res.text, '');
        assert.equal(lastModified(res), ts);
      }
    }
    // Writes check inside their transaction, and write nothing on failure.
    const stale = { headers: { 'x-if-unmodified-since': at(ts - 10) } };
    assertWeaveError(await c.put('/storage/tabs/t1', { payload: 'lost' }, stale), 412);
    assertWeaveError(await c.post('/storage/tabs', [{ id: 't2' }], stale), 412);
    assertWeaveError(await c.delete('/storage/tabs?ids=t1', stale), 412);
    assertWeaveError(await c.delete('/storage/tabs', stale), 412);
    assertWeaveError(await c.delete('/storage', stale), 412);
    assert.equal((await c.get('/storage/tabs/t1')).json<{ payload: string }>().payload, 'x');
    // Both at once, a negative or a word: 400 0.
    const both = { 'x-if-modified-since': at(ts), 'x-if-unmodified-since': at(ts) };
    assertWeaveError(await c.get('/storage/tabs', { headers: both }), 400, 0);
    assertWeaveError(
      await c.get('/storage/tabs', { headers: { 'x-if-modified-since': '-1' } }),
      400,
      0,
    );
    assertWeaveError(
      await c.get('/storage/tabs', { headers: { 'x-if-unmodified-since': 'soon' } }),
      400,
      0,
    );
  });

  it('updates only the fields sent; a ttl-only update leaves modified but moves the collection', async () => {
    const c = user();
    const t1 = ms(
      (await c.put('/storage/forms/f', { payload: 'one', sortindex: 5 })).json<number>(),
    );
    const t2 = ms((await c.put('/storage/forms/f', { sortindex: 7 })).json<number>());
    const t3 = ms((await c.put('/storage/forms/f', { ttl: 3600 })).json<number>());
    assert.ok(t1 < t2 && t2 < t3);
    const got = (await c.get('/storage/forms/f')).json<Record<string, unknown>>();
    assert.deepEqual(got, { id: 'f', modified: t2 / 1000, payload: 'one', sortindex: 7 });
    assert.equal(lastModified(await c.get('/storage/forms')), t3);
  });

  it('refuses a malformed PUT with 400 8, and an oversized payload with 400 17', async () => {
    const c = user();
    for (const body of [
      { payload: 'x', color: 'blue' },
      { payload: 42 },
      { sortindex: 'high' },
      { sortindex: 1.5 },
      { sortindex: 1_000_000_000 },
      { ttl: -1 },
      { id: 'another-id', payload: 'x' },
      '[{"payload":"x"}]',
      '{"payload":',
    ]) {
      assertWeaveError(await c.put('/storage/forms/bad', body), 400, 8);
    }
    assertWeaveError(await c.put(`/storage/forms/${'i'.repeat(65)}`, { payload: 'x' }), 404, 0);
    assertWeaveError(
      await c.put('/storage/forms/big', { payload: 'x'.repeat(2_621_441) }),
      400,
      17,
    );
    assertWeaveError(
      await c.put('/storage/forms/typed', { payload: 'x' }, { contentType: 'image/png' }),
      415,
      0,
    );
    // The known-bad crypto/keys payload (§2.2), in crypto only.
    const bad = { payload: '{"IV": "AAAAAAAAAAAAAAAAAAAAAA==", "hmac": "x"}' };
    assertWeaveError(await c.put('/storage/crypto/keys', bad), 400, 8);
    assertOk(await c.put('/storage/forms/iv', bad));
    assertWeaveError(await c.get('/storage/forms/bad'), 404, 0);
  });

  it('accepts text/plain bodies as JSON, as Firefox sends them', async () => {
    const c = user();
    assertOk(
      await c.put('/storage/prefs/p', '{"payload":"plain"}', {
        contentType: 'text/plain;charset=UTF-8',
      }),
    );
    assert.equal((await c.get('/storage/prefs/p')).json<{ payload: string }>().payload, 'plain');
  });

  it('deletes one BSO with its timestamp, and 404s the second time', async () => {
    const c = user();
    await c.put('/storage/tabs/a', { payload: 'x' });
    const del = await c.delete('/storage/tabs/a');
    assertOk(del);
    assertTwoDecimals(del.text, 'modified');
    const ts = ms(del.json<{ modified: number }>().modified);
    assert.equal(lastModified(await c.get('/storage/tabs')), ts);
    assertWeaveError(await c.delete('/storage/tabs/a'), 404, 0);
  });

  it('counts, sizes and quotas what a user holds', async () => {
    const c = user();
    await c.post('/storage/history', [
      { id: 'a', payload: 'x'.repeat(1024) },
      { id: 'b', payload: 'x'.repeat(512) },
    ]);
    await c.put('/storage/tabs/t', { payload: 'é' });
    assert.deepEqual((await c.get('/info/collection_counts')).json(), { history: 2, tabs: 1 });
    assert.deepEqual((await c.get('/info/collection_usage')).json(), {
      history: 1.5,
      tabs: 2 / 1024,
    });
    const quota = await c.get('/info/quota');
    assertOk(quota);
    assert.deepEqual(quota.json(), [1.5 + 2 / 1024, null], 'no quota is enforced by default');
    const config = await c.get('/info/configuration');
    assert.equal(config.headers.get('x-last-modified'), '0.00');
    assert.deepEqual(config.json(), {
      max_post_bytes: 2_621_440,
      max_post_records: 100,
      max_record_payload_bytes: 2_621_440,
      max_request_bytes: 2_625_536,
      max_total_bytes: 262_144_000,
      max_total_records: 10_000,
      max_quota_limit: 2_097_152_000,
    });
  });

  it('wipes everything of the user on DELETE /storage, and of nobody else', async () => {
    const [c, other] = [user(), user()];
    for (const u of [c, other]) await u.post('/storage/bookmarks', [{ id: 'b', payload: 'x' }]);
    for (const path of ['/storage', '']) {
      const res = await c.delete(path);
      assertOk(res);
      assert.equal(res.text, 'null');
      assert.deepEqual((await c.get('/info/collections')).json(), {});
      assert.equal(lastModified(await c.get('/info/collections')), 0);
      await c.put('/storage/tabs/again', { payload: 'x' });
    }
    assert.deepEqual((await other.get('/storage/bookmarks')).json(), ['b']);
  });
});
