// Requests signed by hawk's own client must verify, with hawk's errors for
// the ways they can go wrong, and a stale request must carry a server time
// the client can check (tsm) and re-sign with.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Boom } from '@hapi/boom';
import Hawk from 'hawk';
import { macKey } from './hawk-mac.js';
import { verifyHawk, type HawkRequest } from './hawk-verify.js';

// hawk's client takes the key as a string, and MACs with its UTF-8 bytes.
const rawKey = randomBytes(32).toString('base64');
const id = 'a'.repeat(64);
const clientCredentials = { id, key: rawKey, algorithm: 'sha256' as const };
const nowMs = 1_700_000_000_000;
const site = { host: 'accounts.example.com', port: 443 };
const lookup = (wanted: string) =>
  Promise.resolve(
    wanted === id ? { id, key: macKey(Buffer.from(rawKey)), algorithm: 'sha256' } : null,
  );
const opts = { timestampSkewSec: 60, nowMs };

function signed(over: Partial<HawkRequest> = {}, at = nowMs, payload?: string): HawkRequest {
  const { header } = Hawk.client.header(`https://${site.host}/v1/session/status?x=1`, 'GET', {
    credentials: clientCredentials,
    timestamp: Math.floor(at / 1000),
    ...(payload === undefined ? {} : { payload, contentType: 'application/json' }),
  });
  return { method: 'GET', url: '/v1/session/status?x=1', ...site, authorization: header, ...over };
}

async function refusal(req: HawkRequest): Promise<Boom> {
  try {
    await verifyHawk(req, lookup, opts);
  } catch (err) {
    return err as Boom;
  }
  throw new Error('the request verified');
}

describe('verifyHawk', () => {
  it('accepts a request hawk signed, and hands back its credentials and artifacts', async () => {
    const req = signed({}, nowMs, '{"a":1}');
    const { credentials, artifacts } = await verifyHawk(req, lookup, opts);
    assert.equal(credentials.id, id);
    assert.equal((artifacts as { id?: string }).id, id);
    assert.equal(artifacts.resource, '/v1/session/status?x=1');
    // The payload hash is covered by the MAC and left for the caller to check.
    assert.equal(
      Hawk.server.authenticatePayload(
        '{"a":1}',
        credentials as never,
        artifacts,
        'application/json',
      ),
      undefined,
    );
  });

  it('refuses a changed method, path, host or port with Bad mac', async () => {
    for (const over of [
      { method: 'POST' },
      { url: '/v1/account/devices' },
      { host: 'evil.example' },
      { port: 80 },
    ]) {
      const err = await refusal(signed(over));
      assert.equal(err.output.statusCode, 401);
      assert.equal(err.message, 'Bad mac', JSON.stringify(over));
    }
  });

  it('refuses a MAC made with another key', async () => {
    const { header } = Hawk.client.header(`https://${site.host}/v1/session/status?x=1`, 'GET', {
      credentials: { ...clientCredentials, key: randomBytes(32).toString('base64') },
      timestamp: Math.floor(nowMs / 1000),
    });
    assert.equal((await refusal(signed({ authorization: header }))).message, 'Bad mac');
  });

  it('says Unknown credentials for a token it cannot find, and Missing attributes without a nonce', async () => {
    const other = signed().authorization!.replace(id, 'b'.repeat(64));
    assert.equal((await refusal(signed({ authorization: other }))).message, 'Unknown credentials');
    const noNonce = signed().authorization!.replace(/nonce="[^"]*", /, '');
    const err = await refusal(signed({ authorization: noNonce }));
    assert.equal(err.output.statusCode, 400);
    assert.equal(err.message, 'Missing attributes');
  });

  it('reports a missing header as missing, so optional-auth routes can go on', async () => {
    const err = await refusal(signed({ authorization: undefined }));
    assert.equal((err as Boom & { isMissing?: boolean }).isMissing, true);
  });

  it('refuses a stale request with a server time that hawk’s client accepts', async () => {
    const err = await refusal(signed({}, nowMs - 61_000));
    assert.equal(err.message, 'Stale timestamp');
    const header = err.output.headers['WWW-Authenticate'];
    assert.equal(typeof header, 'string');
    const ts = /ts="(\d+)"/.exec(String(header))?.[1];
    const tsm = /tsm="([^"]+)"/.exec(String(header))?.[1];
    assert.equal(Number(ts), Math.floor(nowMs / 1000));
    assert.equal(tsm, Hawk.crypto.calculateTsMac(ts ?? '', clientCredentials));
    // Inside the skew it passes.
    await verifyHawk(signed({}, nowMs - 59_000), lookup, opts);
  });
});
