// Strict-Transport-Security as a browser meets it. On an https server it
// comes with every response (a page, an API answer, an FxA error, a Sync
// refusal, a 404) and, unless the operator asks, without includeSubDomains,
// which would force the domain's other hosts onto https too. The operator
// can change max-age, add includeSubDomains and preload, or turn it off.
// The header does not touch the store, so these servers run on SQLite alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startTestServer } from '../helpers/server.js';
import { randomHex, useServer } from './support.js';

const memory = () => ({ url: 'sqlite::memory:' });
const HTTPS = { publicUrl: 'https://accounts.example.test' };

const json = { 'content-type': 'application/json' };

// Each kind of response the server gives, with the status that shows it is that kind.
const REQUESTS: Record<string, [number, string, RequestInit?]> = {
  page: [200, '/signin'],
  api: [200, '/__heartbeat__'],
  fxaError: [400, '/v1/account/login', { method: 'POST', body: '{}', headers: json }],
  syncError: [401, '/sync/1.5/1/info/collections'],
  notFound: [404, `/no/such/${randomHex(4)}`],
};

/** The header on each kind of response. */
async function hstsHeaders(origin: string): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const [kind, [status, path, init]] of Object.entries(REQUESTS)) {
    const res = await fetch(`${origin}${path}`, init);
    await res.arrayBuffer();
    assert.equal(res.status, status, `${kind}: ${path}`);
    out[kind] = res.headers.get('strict-transport-security');
  }
  return out;
}

const everywhere = (value: string | null) =>
  Object.fromEntries(Object.keys(REQUESTS).map((k) => [k, value]));

describe('HSTS on an https server, by default', () => {
  const server = useServer(memory, HTTPS);

  it('is sent on every response for 180 days, without includeSubDomains', async () => {
    assert.deepEqual(await hstsHeaders(server().origin), everywhere('max-age=15552000'));
  });
});

describe('HSTS configured with includeSubDomains and preload', () => {
  const hsts = { maxAgeSec: 63_072_000, includeSubDomains: true, preload: true };
  const server = useServer(memory, { ...HTTPS, http: { hsts } });

  it('sends what was configured', async () => {
    const value = 'max-age=63072000; includeSubDomains; preload';
    assert.deepEqual(await hstsHeaders(server().origin), everywhere(value));
  });
});

describe('HSTS switched off on an https server', () => {
  const server = useServer(memory, { ...HTTPS, http: { hsts: { enabled: false } } });

  it('is not sent', async () => {
    assert.deepEqual(await hstsHeaders(server().origin), everywhere(null));
  });
});

describe('HSTS on an http server', () => {
  const server = useServer(memory);

  it('is not sent, so a loopback or LAN setup stays reachable', async () => {
    assert.deepEqual(await hstsHeaders(server().origin), everywhere(null));
  });
});

describe('HSTS preload without includeSubDomains', () => {
  it('refuses to start, naming the setting to change', async () => {
    const config = { ...HTTPS, http: { hsts: { maxAgeSec: 63_072_000, preload: true } } };
    await assert.rejects(startTestServer({ databaseUrl: memory().url, config }), {
      message: /HSTS_PRELOAD needs HSTS_INCLUDE_SUBDOMAINS=true/,
    });
  });
});
