// Who may use Sync storage (sync.md §1.6), and the shape of what any client
// gets back when it may not, or asks for something that is not there
// (§2.1, §2.7): bare weave codes, never the FxA or hapi error JSON.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../helpers/databases.js';
import { SyncClient } from '../client/sync.js';
import { assertOk, assertWeaveError, assertWeaveTimestamp, useSyncServer } from './sync-support.js';

describeEachDatabase('Sync storage: authentication and error shapes', (db) => {
  const { server, user } = useSyncServer(db);

  it('serves the user a valid token names, and nobody without one', async () => {
    const alice = user();
    assertOk(await alice.put('/storage/meta/global', { payload: 'hers' }));
    assertOk(await alice.get('/storage/meta/global'));
    assertWeaveError(await alice.get('/storage/meta/global', { unsigned: true }), 401, 0);
    // A token minted under another master secret is not ours.
    const forged = SyncClient.mint(server().publicUrl, 'not the secret', { uid: alice.uid });
    assertWeaveError(await forged.get('/storage/meta/global'), 401, 0);
  });

  it('refuses a MAC over another method, path or query', async () => {
    const c = user();
    assertWeaveError(await c.get('/info/collections', { signAs: { method: 'DELETE' } }), 401, 0);
    assertWeaveError(await c.get('/info/collections', { signAs: { path: '/info/quota' } }), 401, 0);
    const query = await c.get('/storage/tabs?full=1', { signAs: { path: '/storage/tabs' } });
    assertWeaveError(query, 401, 0);
  });

  it('keeps a token to its own uid: another uid in the path is refused', async () => {
    const other = user({ uid: 1001, pathUid: 1002 });
    assertWeaveError(await other.get('/info/collections'), 400, 0);
    assertWeaveError(await other.delete('/storage'), 400, 0);
  });

  it('accepts an expired token on info/collections alone', async () => {
    const expired = user({ expires: Math.floor(Date.now() / 1000) - 60 });
    assertOk(await expired.get('/info/collections'));
    assertWeaveError(await expired.get('/info/quota'), 401, 0);
    assertWeaveError(await expired.get('/storage/tabs'), 401, 0);
    assertWeaveError(await expired.put('/storage/tabs/a', { payload: 'x' }), 401, 0);
  });

  it('answers unknown paths with 404 0 and other methods on known ones with 405', async () => {
    const c = user();
    assertWeaveError(await c.get('/storage'), 405);
    assertWeaveError(await c.get('/nothing/here'), 404, 0);
    assertWeaveError(await c.get('/storage/not a name'), 404, 0);
    assertWeaveError(await c.get(`/storage/${'c'.repeat(33)}`), 404, 0);
    const patch = await c.request('PATCH', '/storage/tabs');
    assertWeaveError(patch, 405);
    assert.match(patch.headers.get('allow') ?? '', /GET/);
    assertWeaveError(await c.request('POST', '/info/collections', { body: '[]' }), 405);
    const noUid = await fetch(`${server().origin}/sync/1.5/abc/info/collections`);
    assert.equal(noUid.status, 404);
    assert.equal(await noUid.text(), '0');
  });

  it('answers CORS preflights anywhere under the endpoint, echoing the origin', async () => {
    const res = await fetch(`${server().origin}/sync/1.5/42/__heartbeat__`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost', 'access-control-request-method': 'GET' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost');
    assert.ok(Number(res.headers.get('access-control-max-age')) > 0);
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /PUT/);
    const c = user();
    const get = await c.get('/info/collections', { headers: { origin: 'https://app.example' } });
    assert.equal(get.headers.get('access-control-allow-origin'), 'https://app.example');
    assert.match(get.headers.get('access-control-expose-headers') ?? '', /X-Weave-Timestamp/);
  });

  it('keeps the FxA error JSON and its Timestamp header off every storage response', async () => {
    const c = user();
    const responses = [
      await c.get('/info/collections', { unsigned: true }),
      await c.get('/storage/tabs/missing'),
      await c.post('/storage/tabs', 'not json'),
      await c.post('/storage/tabs', 'x'.repeat(3_000_000)),
    ];
    for (const res of responses) {
      assert.match(res.text, /^\d+$/, `a bare code, not ${res.text.slice(0, 80)}`);
      assert.equal(res.headers.get('timestamp'), null);
      assertWeaveTimestamp(res);
    }
    // The FxA API keeps its own shape beside it.
    const fxa = await fetch(`${server().origin}/v1/account/status?uid=00`);
    assert.ok(fxa.headers.get('timestamp'));
    assert.equal(typeof ((await fxa.json()) as { errno: number }).errno, 'number');
  });

  it('signs against the public URL, not the Host header', async () => {
    const c = user();
    // The client signs for publicUrl; a proxy in front would change Host.
    const res = await c.get('/info/collections', { headers: { host: 'proxy.internal:8080' } });
    assertOk(res);
  });
});
