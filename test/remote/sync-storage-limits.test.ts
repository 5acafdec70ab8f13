// The bounds that keep one Sync client from tying up the server: a full
// GET answers in pages of bounded bytes, however large the collection,
// paging on through X-Weave-Next-Offset (sync.md §2.3); and an upload whose
// body never finishes is cut off with 408 in storage's own shape rather
// than holding its connection open.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { it } from 'node:test';
import { describeEachDatabase } from '../helpers/databases.js';
import { assertOk, useSyncServer } from './sync-support.js';

const PAGE_BYTES = 10_000;
const REQUEST_TIMEOUT_MS = 2000;
// Node checks its timeouts once a second; a busy test machine adds more.
const SLACK_MS = 4000;

/** Sends `head` and part of a body on a raw connection and reads what comes back until close. */
function stall(origin: string, head: string): Promise<{ raw: string; elapsedMs: number }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const began = Date.now();
    const chunks: Buffer[] = [];
    const giveUp = setTimeout(() => socket.destroy(new Error('the server held on')), 30_000);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ raw: Buffer.concat(chunks).toString('utf8'), elapsedMs: Date.now() - began });
    });
    socket.write(head);
  });
}

describeEachDatabase('Sync storage limits', (db) => {
  const { server, user } = useSyncServer(db, {
    syncStorage: { maxPageBytes: PAGE_BYTES },
    http: { headersTimeoutMs: 1000, requestTimeoutMs: REQUEST_TIMEOUT_MS },
  });

  it('pages a full GET by bytes, each BSO served once', async () => {
    const c = user();
    const bsos = Array.from({ length: 40 }, (_, n) => ({
      id: `h${String(n).padStart(2, '0')}`,
      payload: 'p'.repeat(1000),
    }));
    assertOk(await c.request('POST', '/storage/history', { body: bsos }));

    const seen: string[] = [];
    let offset: string | null = '';
    let pages = 0;
    while (offset !== null) {
      const res = await c.request('GET', `/storage/history?full=1&sort=oldest&offset=${offset}`);
      assertOk(res);
      const items = res.json<Array<{ id: string; payload: string }>>();
      const bytes = items.reduce((sum, b) => sum + b.payload.length, 0);
      assert.ok(bytes <= PAGE_BYTES + 1000, `a page holds ${bytes} payload bytes`);
      assert.equal(res.headers.get('x-weave-records'), String(items.length));
      seen.push(...items.map((b) => b.id));
      offset = res.headers.get('x-weave-next-offset');
      pages++;
    }
    assert.ok(pages >= 4, `${pages} pages`);
    assert.deepEqual(
      seen,
      bsos.map((b) => b.id),
    );
  });

  it('cuts off an upload whose body never completes with 408 0', async () => {
    const c = user();
    const path = `/sync/1.5/${c.uid}/storage/tabs`;
    const auth = c.authorization('POST', `${c.endpoint}/storage/tabs`);
    const head =
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
      `Authorization: ${auth}\r\nContent-Length: 5000\r\n\r\n[{"id":"slow","payload":"`;
    const { raw, elapsedMs } = await stall(server().origin, head);
    const [statusLine = '', ...rest] = raw.split('\r\n');
    assert.match(statusLine, /^HTTP\/1\.1 408 /);
    assert.equal(raw.split('\r\n\r\n')[1], '0', 'the bare weave code');
    assert.ok(
      rest.some((h) => /^x-weave-timestamp: \d+\.\d{2}$/i.test(h)),
      'X-Weave-Timestamp',
    );
    assert.ok(elapsedMs < REQUEST_TIMEOUT_MS + SLACK_MS, `cut off in ${elapsedMs} ms`);
    const tabs = await c.request('GET', '/storage/tabs');
    assert.deepEqual(tabs.json(), [], 'nothing of it was stored');
  });
});
