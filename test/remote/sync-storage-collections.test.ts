// Collections: GET with its filters and paging, POST with per-item failures
// and limits, newlines both ways, ttl expiry and deletes (sync.md §2.2–§2.4).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../helpers/databases.js';
import type { SyncClient } from '../client/sync.js';
import {
  assertOk,
  assertTwoDecimals,
  assertWeaveError,
  lastModified,
  ms,
  useSyncServer,
} from './sync-support.js';

interface PostResult {
  modified: number;
  success: string[];
  failed: Record<string, string>;
}
interface WireBso {
  id: string;
  modified: number;
  payload: string;
  sortindex?: number;
}

/** Writes h0..h(n-1), one request each, so each has its own timestamp. */
async function fill(c: SyncClient, n: number): Promise<number[]> {
  const stamps: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await c.put(`/storage/history/h${i}`, { payload: `p${i}`, sortindex: i % 3 });
    stamps.push(ms(res.json<number>()));
  }
  return stamps;
}

describeEachDatabase('Sync storage: collections', (db) => {
  const { user, server } = useSyncServer(db);

  it('filters by ids, newer and older (strictly), and sorts', async () => {
    const c = user();
    const t = await fill(c, 5);
    const at = (i: number) => (t[i]! / 1000).toFixed(2);
    const ids = async (query: string) => (await c.get(`/storage/history${query}`)).json<string[]>();
    assert.deepEqual(await ids('?sort=newest'), ['h4', 'h3', 'h2', 'h1', 'h0']);
    assert.deepEqual(await ids('?sort=oldest'), ['h0', 'h1', 'h2', 'h3', 'h4']);
    assert.deepEqual(await ids(`?newer=${at(1)}&sort=oldest`), ['h2', 'h3', 'h4']);
    assert.deepEqual(await ids(`?older=${at(3)}&sort=oldest`), ['h0', 'h1', 'h2']);
    assert.deepEqual(await ids(`?newer=${at(0)}&older=${at(2)}`), ['h1']);
    assert.deepEqual(await ids('?ids=h3,,h1,nope&sort=oldest'), ['h1', 'h3']);
    assert.deepEqual(await ids('?ids=h%33'), ['h3'], 'ids are percent-decoded');
    const byIndex = (await c.get('/storage/history?full=1&sort=index')).json<WireBso[]>();
    assert.deepEqual(
      byIndex.map((b) => b.sortindex),
      [2, 1, 1, 0, 0],
    );
    assert.deepEqual((await c.get('/storage/none-yet')).json(), []);
    const tooMany = Array.from({ length: 101 }, (_, i) => `x${i}`).join(',');
    assertWeaveError(await c.get(`/storage/history?ids=${tooMany}`), 400, 0);
    for (const bad of ['newer=-1', 'older=yesterday', 'limit=-5', 'sort=random']) {
      assertWeaveError(await c.get(`/storage/history?${bad}`), 400, 0);
    }
  });

  it('serves full BSOs with two-decimal timestamps and X-Weave-Records', async () => {
    const c = user();
    const [t0] = await fill(c, 1);
    const res = await c.get('/storage/history?full=1');
    assertOk(res);
    assertTwoDecimals(res.text, 'modified');
    assert.deepEqual(res.json(), [{ id: 'h0', modified: t0! / 1000, payload: 'p0', sortindex: 0 }]);
    assert.equal(res.headers.get('x-weave-records'), '1');
    assert.equal(lastModified(res), t0);
  });

  it('pages with X-Weave-Next-Offset, keeping X-Last-Modified and losing nothing', async () => {
    const c = user();
    await fill(c, 7);
    for (const sort of ['newest', 'oldest', 'index']) {
      const seen: string[] = [];
      const stamps = new Set<string | null>();
      let offset = '';
      for (let page = 0; page < 5; page++) {
        const res = await c.get(`/storage/history?full=1&limit=3&sort=${sort}${offset}`);
        assertOk(res);
        stamps.add(res.headers.get('x-last-modified'));
        seen.push(...res.json<WireBso[]>().map((b) => b.id));
        const next = res.headers.get('x-weave-next-offset');
        if (next === null) break;
        offset = `&offset=${encodeURIComponent(next)}`;
      }
      assert.deepEqual([...seen].sort(), ['h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'], sort);
      assert.equal(stamps.size, 1, 'one X-Last-Modified across the pages');
    }
    assertWeaveError(await c.get('/storage/history?offset=not-an-offset'), 400, 0);
    const none = await c.get('/storage/history?full=1&limit=0');
    assert.deepEqual(none.json(), []);
    assert.equal(none.headers.get('x-weave-next-offset'), '0');
  });

  it('pages stably while another client writes between pages', async () => {
    const c = user();
    await fill(c, 6);
    const first = await c.get('/storage/history?full=1&limit=3&sort=newest');
    const ids = first.json<WireBso[]>().map((b) => b.id);
    // A write lands between the pages: the rest of the download must not shift.
    await c.put(`/storage/history/${ids[1]}`, { payload: 'rewritten' });
    await c.put('/storage/history/new', { payload: 'late' });
    const offset = encodeURIComponent(first.headers.get('x-weave-next-offset')!);
    const second = await c.get(`/storage/history?full=1&limit=3&sort=newest&offset=${offset}`);
    assert.deepEqual([...ids, ...second.json<WireBso[]>().map((b) => b.id)].sort(), [
      'h0',
      'h1',
      'h2',
      'h3',
      'h4',
      'h5',
    ]);
    // Firefox sends X-If-Unmodified-Since on later pages and restarts on 412.
    const guarded = await c.get(`/storage/history?full=1&limit=3&offset=${offset}`, {
      headers: { 'x-if-unmodified-since': first.headers.get('x-last-modified')! },
    });
    assertWeaveError(guarded, 412);
  });

  it('speaks application/newlines both ways', async () => {
    const c = user();
    const body = '{"id":"a","payload":"line\\none"}\n{"id":"b","payload":"two"}\n';
    const posted = await c.post('/storage/clients', body, { contentType: 'application/newlines' });
    assertOk(posted);
    assert.deepEqual(posted.json<PostResult>().success, ['a', 'b']);
    const res = await c.get('/storage/clients?full=1&sort=oldest', {
      headers: { accept: 'application/newlines' },
    });
    assert.match(res.headers.get('content-type') ?? '', /^application\/newlines/);
    const lines = res.text.split('\n');
    assert.equal(lines.length, 3, 'one line per BSO, then the final newline');
    assert.equal(lines[2], '');
    assert.deepEqual(
      lines.slice(0, 2).map((l) => (JSON.parse(l) as WireBso).payload),
      ['line\none', 'two'],
    );
    const idsOnly = await c.get('/storage/clients?sort=oldest', {
      headers: { accept: 'application/newlines' },
    });
    assert.equal(idsOnly.text, '"a"\n"b"\n');
    // Firefox's own Accept, and what nobody can serve.
    const firefox = await c.get('/storage/clients', {
      headers: { accept: 'application/json;q=0.9,*/*;q=0.2' },
    });
    assert.deepEqual(firefox.json<string[]>().sort(), ['a', 'b']);
    assertWeaveError(await c.get('/storage/clients', { headers: { accept: 'image/png' } }), 406, 0);
    // Empty bodies: [] in JSON, nothing at all in newlines; "\n" is a blank line.
    assertOk(await c.post('/storage/clients', '', { contentType: 'application/newlines' }));
    assertWeaveError(
      await c.post('/storage/clients', '\n', { contentType: 'application/newlines' }),
      400,
      8,
    );
    assertWeaveError(
      await c.post('/storage/clients', '', { contentType: 'application/json' }),
      400,
      8,
    );
  });

  it('fails bad items alone, refuses a malformed list whole', async () => {
    const c = user();
    const res = await c.post('/storage/bookmarks', [
      { id: 'ok', payload: 'x', sortindex: 1, ttl: 60, modified: 5, collection: 'ignored' },
      { id: 'extra', payload: 'x', color: 'red' },
      { id: 'float', sortindex: 0.5 },
      { id: 'n'.repeat(65) },
      { id: 'neg-ttl', ttl: -3 },
    ]);
    assertOk(res);
    assertTwoDecimals(res.text, 'modified');
    const result = res.json<PostResult>();
    assert.deepEqual(result.success, ['ok']);
    assert.deepEqual(
      Object.keys(result.failed).sort(),
      ['extra', 'float', 'n'.repeat(65), 'neg-ttl'].sort(),
    );
    assert.match(result.failed.extra!, /unknown field color/);
    assert.equal(lastModified(res), ms(result.modified));
    for (const bad of [
      '{}',
      '"x"',
      '[1]',
      '[{"payload":"no id"}]',
      '[{"id":"d"},{"id":"d"}]',
      'nope',
    ]) {
      assertWeaveError(await c.post('/storage/bookmarks', bad), 400, 8);
    }
    assertWeaveError(await c.post('/storage/bookmarks', [], { contentType: 'text/html' }), 415, 0);
  });

  it('holds posts to the advertised limits: 413 17 past max_request_bytes, retries past the rest', async () => {
    const c = user();
    const big = await c.post('/storage/forms', [{ id: 'a', payload: 'x'.repeat(2_700_000) }]);
    assertWeaveError(big, 413, 17);
    const many = Array.from({ length: 102 }, (_, i) => ({ id: `r${i}`, payload: 'x' }));
    const counted = (await c.post('/storage/forms', many)).json<PostResult>();
    assert.equal(counted.success.length, 100);
    assert.deepEqual(counted.failed, { r100: 'retry bso', r101: 'retry bso' });
    const bytes = [
      { id: 'half', payload: 'x'.repeat(1_400_000) },
      { id: 'other-half', payload: 'y'.repeat(1_400_000) },
    ];
    const sized = (
      await c.post(
        '/storage/forms',
        bytes.map((b) => ({ ...b, payload: b.payload.slice(0, 1_200_000) })),
      )
    ).json<PostResult>();
    assert.deepEqual(sized.success, ['half', 'other-half']);
    for (const [name, value] of [
      ['x-weave-records', '101'],
      ['x-weave-bytes', '2621441'],
      ['x-weave-total-records', '10001'],
      ['x-weave-total-bytes', '262144001'],
    ]) {
      assertWeaveError(
        await c.post('/storage/forms', [], { headers: { [name!]: value! } }),
        400,
        17,
      );
    }
    assertWeaveError(
      await c.post('/storage/forms', [], { headers: { 'x-weave-records': 'ten' } }),
      400,
      0,
    );
  });

  it('lets records expire with their ttl, and the purge removes them', async () => {
    const c = user();
    await c.post('/storage/tabs', [
      { id: 'brief', payload: 'x', ttl: 1 },
      { id: 'lasting', payload: 'y' },
    ]);
    await c.put('/storage/tabs/renewed', { payload: 'z', ttl: 1 });
    await c.put('/storage/tabs/renewed', { ttl: 3600 });
    server().advanceClock(2000);
    assertWeaveError(await c.get('/storage/tabs/brief'), 404, 0);
    assert.deepEqual((await c.get('/storage/tabs?sort=oldest')).json(), ['lasting', 'renewed']);
    assert.deepEqual((await c.get('/info/collection_counts')).json(), { tabs: 2 });
    assertWeaveError(await c.delete('/storage/tabs/brief'), 404, 0);
    const before = await server().app.syncStore.usage(c.uid);
    assert.equal(before[0]?.bsos, 3, 'the expired row is still stored');
    await server().app.syncStore.purgeExpired(Date.now() + 2000);
    assert.equal((await server().app.syncStore.usage(c.uid))[0]?.bsos, 2);
  });

  it('deletes by ids and whole collections, with the timestamps Firefox reads', async () => {
    const c = user();
    await c.post('/storage/passwords', [{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    const some = await c.delete('/storage/passwords?ids=a,c');
    assertOk(some);
    assertTwoDecimals(some.text);
    assert.equal(lastModified(some), ms(some.json<number>()));
    assert.deepEqual((await c.get('/storage/passwords')).json(), ['b']);
    const tooMany = Array.from({ length: 101 }, (_, i) => `x${i}`).join(',');
    assertWeaveError(await c.delete(`/storage/passwords?ids=${tooMany}`), 400, 0);
    const all = await c.delete('/storage/passwords');
    assertOk(all);
    const ts = ms(all.json<number>());
    const info = await c.get('/info/collections');
    assert.deepEqual(info.json(), {});
    assert.equal(lastModified(info), ts, 'the storage timestamp moved to the delete');
    // A collection that never existed deletes fine too.
    assertOk(await c.delete('/storage/never'));
  });
});
