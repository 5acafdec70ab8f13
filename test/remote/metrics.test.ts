// /metrics as an operator's Prometheus sees it after real traffic: a sign-up
// shows as a mail sent, wrong passwords as errno 103 on the login route's
// counter and histogram, the block that follows as a customs block, load
// shed by scrypt as shed hashes, and raw URLs never become labels. The
// endpoint lives on its own listener behind a bearer token, never on the
// public port. Each test compares scrapes before and after its own story,
// so the tests of the suite can share one server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Api, type ApiError } from '../client/api.js';
import { Client } from '../client/client.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import { scrape, type Scrape } from '../helpers/metrics.js';
import { PASSWORD, assertFxaError, randomEmail, randomHex, useServer } from './support.js';

const TOKEN = `metrics-${randomHex(8)}`;
const METRICS = { metrics: { enabled: true, port: 0, token: TOKEN } };
const LOGIN = { method: 'POST', route: '/v1/account/login' };

const wrongLogin = (api: Api, email: string) =>
  api.request('POST', '/v1/account/login', { body: { email, authPW: randomHex(32) } });

/** Scrapes until `ready` holds, for counts that settle off the request path (mail). */
async function scrapeUntil(url: string, ready: (s: Scrape) => boolean): Promise<Scrape> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const s = await scrape(url, TOKEN);
    if (ready(s) || Date.now() > deadline) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeEachDatabase('metrics', (db) => {
  // One hash at a time, so a burst of logins is shed (503 errno 201).
  const server = useServer(db, { ...METRICS, scrypt: { maxPending: 1 } });
  const url = () => server().app.metricsUrl ?? '';

  it('is served on its own listener, not on the public port', async () => {
    assert.notEqual(new URL(url()).port, new URL(server().origin).port);
    const res = await fetch(`${server().origin}/metrics`);
    assert.equal(res.status, 404);
  });

  it('refuses a scrape without the right bearer token', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const res = await fetch(url(), authorization ? { headers: { authorization } } : {});
      assert.equal(res.status, 401, `${authorization} is refused`);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="metrics"');
      assert.doesNotMatch(await res.text(), /fxa_/);
    }
    const ok = await fetch(url(), { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  });

  it('counts a sign-up mail, wrong passwords by errno, and the block that follows', async () => {
    const email = randomEmail();
    const before = await scrape(url(), TOKEN);
    await Client.create(server().origin, email, PASSWORD);
    await new Mailbox(server().mailSinkUrl).waitFor(email);
    const api = new Api(server().origin);
    for (let i = 0; i < 3; i++) assertFxaError(await wrongLogin(api, email), 400, 103);
    assertFxaError(await wrongLogin(api, email), 400, 125);
    const sent = { intent: 'verifyEmail' };
    const grew = (s: Scrape) =>
      s.value('fxa_mail_sent_total', sent) > before.value('fxa_mail_sent_total', sent);
    const after = await scrapeUntil(url(), grew);
    const delta = (name: string, labels: Record<string, string> = {}) =>
      after.value(name, labels) - before.value(name, labels);

    assert.equal(delta('fxa_mail_sent_total', sent), 1, 'the verification mail');
    assert.equal(delta('fxa_mail_failed_total'), 0);
    const requests = 'fxa_http_requests_total';
    assert.equal(delta(requests, { ...LOGIN, status: '400', errno: '103' }), 3);
    assert.equal(delta(requests, { ...LOGIN, status: '400', errno: '125' }), 1);
    assert.equal(delta(requests, { method: 'POST', route: '/v1/account/create' }), 1);
    assert.equal(delta(requests, { route: '/v1/account/create', status: '200', errno: '0' }), 1);
    const blocks = { action: 'accountLogin', rule: 'failed-login-per-ip-email' };
    assert.equal(delta('fxa_customs_blocks_total', blocks), 1);

    const histogram = 'fxa_http_request_duration_seconds';
    assert.equal(delta(`${histogram}_count`, LOGIN), 4);
    assert.equal(delta(`${histogram}_bucket`, { ...LOGIN, le: '+Inf' }), 4);
    assert.ok(delta(`${histogram}_sum`, LOGIN) > 0, 'the four logins took time');
    // Three of them hashed the password (~0.1 s of scrypt each); none took 10 s.
    assert.ok(delta(`${histogram}_bucket`, { ...LOGIN, le: '0.005' }) <= 1);
    assert.equal(delta(`${histogram}_bucket`, { ...LOGIN, le: '10' }), 4);
  });

  it('labels a request by its route template, never by the URL it came with', async () => {
    const secretish = randomHex(12);
    const res = await fetch(`${server().origin}/no/such/page/${secretish}?code=${secretish}`);
    assert.equal(res.status, 404);
    const sync = await fetch(`${server().origin}/sync/1.5/1/info/collections`);
    assert.equal(sync.status, 401);
    const s = await scrape(url(), TOKEN);
    assert.ok(s.value('fxa_http_requests_total', { route: '/{p*}', status: '404' }) >= 1);
    const template = { route: '/sync/1.5/{uid}/info/collections', status: '401' };
    assert.equal(s.value('fxa_http_requests_total', { method: 'GET', ...template }), 1);
    assert.doesNotMatch(s.text, /\/sync\/1\.5\/\d/, 'no Sync uid in any label');
    assert.doesNotMatch(s.text, new RegExp(secretish), 'no raw path or query in any label');
  });

  it('counts password hashes shed under load, as clients saw them', async () => {
    const email = randomEmail();
    await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const before = await scrape(url(), TOKEN);
    const logins = await Promise.allSettled(
      Array.from({ length: 6 }, () => Client.login(server().origin, email, PASSWORD)),
    );
    const refused = (errno: number) =>
      logins.filter((r) => r.status === 'rejected' && (r.reason as ApiError).errno === errno)
        .length;
    // Past the hash in flight, a login is shed (503 errno 201); customs lets
    // at most three logins of one address be checked at once (400 errno 125).
    const [shed, blocked] = [refused(201), refused(125)];
    const ok = logins.filter((r) => r.status === 'fulfilled').length;
    assert.ok(shed >= 1, 'one hash at a time: a burst of six is partly shed');
    assert.equal(ok + shed + blocked, 6);
    const after = await scrape(url(), TOKEN);
    const delta = (name: string, labels: Record<string, string> = {}) =>
      after.value(name, labels) - before.value(name, labels);
    assert.equal(delta('fxa_scrypt_shed_total'), shed);
    assert.equal(delta('fxa_http_requests_total', { ...LOGIN, status: '503', errno: '201' }), shed);
    assert.equal(delta('fxa_http_requests_total', { ...LOGIN, status: '200' }), ok);
    assert.equal(delta('fxa_customs_blocks_total', { action: 'accountLogin' }), blocked);
    assert.equal(after.value('fxa_scrypt_max_pending'), 1);
    assert.equal(after.value('fxa_scrypt_in_flight'), 0, 'nothing hashes between requests');
  });

  it('counts reads answered from memory (SQLite only)', async () => {
    const client = await Client.create(server().origin, randomEmail(), PASSWORD, {
      preVerified: true,
    });
    const before = await scrape(url(), TOKEN);
    const session = { cache: 'session' };
    const read = (s: Scrape, result: string) =>
      s.value('fxa_db_read_cache_reads_total', { ...session, result });
    for (let i = 0; i < 3; i++) await client.sessionStatus();
    const after = await scrape(url(), TOKEN);
    if (db().kind === 'mysql') {
      assert.equal(after.has('fxa_db_read_cache_reads_total'), false, 'MySQL remembers nothing');
      assert.equal(after.has('fxa_db_read_cache_entries'), false);
      return;
    }
    // The first read finds the file changed by the sign-up; a later one may
    // find it changed by a session touch, but not every one does.
    const reads = (s: Scrape) => read(s, 'hit') + read(s, 'miss');
    assert.equal(reads(after) - reads(before), 3);
    assert.ok(read(after, 'hit') - read(before, 'hit') >= 1, 'a later read came from memory');
    assert.ok(after.value('fxa_db_read_cache_entries', session) >= 1);
    for (const cache of ['devices', 'session_devices', 'profile']) {
      assert.equal(after.find('fxa_db_read_cache_entries', { cache }).length, 1, cache);
    }
  });

  it('reports the database pool (MySQL only), database errors and event-loop lag', async () => {
    const s = await scrape(url(), TOKEN);
    if (db().kind === 'mysql') {
      assert.equal(s.value('fxa_db_pool_connections', { state: 'max' }), 10);
      const open = s.value('fxa_db_pool_connections', { state: 'open' });
      assert.ok(open >= 1 && open <= 10, `open connections: ${open}`);
      assert.ok(s.value('fxa_db_pool_connections', { state: 'idle' }) <= open);
      assert.equal(s.value('fxa_db_pool_waiting'), 0);
    } else {
      assert.equal(s.has('fxa_db_pool_connections'), false, 'SQLite has no pool');
      assert.equal(s.has('fxa_db_pool_waiting'), false);
    }
    // A healthy database: both reasons are shown, at zero.
    assert.equal(s.find('fxa_db_errors_total', { reason: 'timeout' }).length, 1);
    assert.equal(s.value('fxa_db_errors_total'), 0);
    assert.ok(s.has('nodejs_eventloop_lag_seconds'));
    assert.ok(s.has('process_resident_memory_bytes'));
  });
});

describe('metrics of mail that cannot be sent', () => {
  // Nothing listens on this port of the suite's range: every send fails.
  const server = useServer(() => ({ url: 'sqlite::memory:' }), {
    ...METRICS,
    mail: { sink: { enabled: false }, smtpUrl: 'smtp://127.0.0.1:19399' },
  });

  it('counts each failed send as fxa_mail_failed_total, and the sign-up still succeeds', async () => {
    const url = server().app.metricsUrl ?? '';
    await Client.create(server().origin, randomEmail(), PASSWORD);
    const failed = { intent: 'verifyEmail' };
    const s = await scrapeUntil(url, (x) => x.value('fxa_mail_failed_total', failed) > 0);
    assert.equal(s.value('fxa_mail_failed_total', failed), 1);
    assert.equal(s.value('fxa_mail_sent_total'), 0);
  });
});

describeEachDatabase('metrics with LOG_LEVEL=warn', (db) => {
  const server = useServer(db, { ...METRICS, log: { level: 'warn' } });

  it('still counts requests when the summary log line is off', async () => {
    const url = server().app.metricsUrl ?? '';
    const route = { method: 'GET', route: '/__heartbeat__', status: '200' };
    const before = (await scrape(url, TOKEN)).value('fxa_http_requests_total', route);
    for (let i = 0; i < 3; i++)
      assert.equal((await fetch(`${server().origin}/__heartbeat__`)).status, 200);
    const after = (await scrape(url, TOKEN)).value('fxa_http_requests_total', route);
    assert.equal(after - before, 3);
  });
});
