// Whatever goes wrong under /token or /sync, the client gets the error in
// the shape it parses: the tokenserver's {status, errors:[…]} (sync.md
// §1.2) or storage's bare weave code (§2.7), never hapi's default JSON nor
// the FxA {code, errno} body, and no FxA Timestamp header. That includes
// what hapi refuses on its own before any handler runs: a URL it cannot
// decode, a path no route knows, a method a route does not take, and a
// body it would not read.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../helpers/databases.js';
import { assertWeaveError, useSyncServer } from './sync-support.js';

describeEachDatabase('Sync error shapes', (db) => {
  const { server, user } = useSyncServer(db);

  async function send(method: string, path: string, init: RequestInit = {}) {
    const res = await fetch(server().origin + path, { method, ...init });
    const text = await res.text();
    return { status: res.status, text, headers: res.headers, json: <T>() => JSON.parse(text) as T };
  }
  type Raw = Awaited<ReturnType<typeof send>>;

  function assertTokenserverShape(res: Raw, http: number, location: string, description: string) {
    assert.deepEqual(
      { http: res.status, body: JSON.parse(res.text) as unknown },
      { http, body: { status: 'error', errors: [{ location, name: '', description }] } },
    );
    assert.equal(res.headers.get('timestamp'), null, 'no FxA Timestamp header');
    assert.equal(res.headers.get('x-timestamp'), null, 'errors carry no X-Timestamp');
  }

  it('answers every tokenserver error in its own shape', async () => {
    for (const path of ['/token', '/token/', '/token/1.0/sync', '/token/2.0/a/b/c']) {
      assertTokenserverShape(await send('GET', path), 404, 'url', 'Not Found');
    }
    // A URL hapi cannot even decode: the generic row of a refused request.
    assertTokenserverShape(await send('GET', '/token/%zz'), 400, 'body', 'Bad Request');
    // A body on the token path is never read: the method is what is wrong,
    // whatever the body's type, syntax or size.
    const bodies: RequestInit[] = [
      { headers: { 'content-type': 'application/json' }, body: '{"unfinished' },
      { headers: { 'content-type': 'text/xml' }, body: '<token/>' },
      { headers: { 'content-type': 'application/json' }, body: `"${'x'.repeat(2_000_000)}"` },
    ];
    for (const [method, init] of [
      ['PUT', {}],
      ...bodies.map((b) => ['POST', b] as const),
    ] as const) {
      const res = await send(method, '/token/1.0/sync/1.5', init);
      assertTokenserverShape(res, 405, 'url', 'Method Not Allowed');
    }
  });

  it('answers every storage error with a bare weave code', async () => {
    const c = user();
    // Paths under /sync that no storage route knows.
    for (const path of ['/sync', '/sync/', '/sync/1.4/1/info/collections', '/sync/nope']) {
      assertWeaveError(await send('GET', path), 404, 0);
    }
    assertWeaveError(await send('GET', `/sync/1.5/${c.uid}/storage/%zz`), 400, 0);
    // Bad collection names are unknown paths (§2.1), on MySQL as on SQLite.
    for (const name of ['a'.repeat(33), 'caf%C3%A9', 'a%20b', 'x%00']) {
      assertWeaveError(await c.request('GET', `/storage/${name}`), 404, 0);
      const put = await c.request('PUT', `/storage/${name}/id`, { body: { payload: 'x' } });
      assertWeaveError(put, 404, 0);
    }
    const unsupported = await c.request('POST', '/storage/tabs', {
      body: '<bso/>',
      contentType: 'text/xml',
    });
    assertWeaveError(unsupported, 415, 0);
  });
});
