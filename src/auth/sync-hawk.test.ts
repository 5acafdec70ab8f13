// The storage Hawk check against the sync.md §1.5 vector: a request that
// Python's hawkauthlib signed with a tokenlib token must verify here, and
// any change to what the MAC covers, or to the token, must not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Hawk from 'hawk';
import { SYNC_VECTOR as V } from '../../test/vectors/sync.js';
import { makeToken } from '../sync/tokenlib.js';
import { TokenSecretCache, verifySyncRequest, type SyncRequest } from './sync-hawk.js';

const master = Buffer.from(V.master, 'utf8');
const signedAt = V.request.ts * 1000;
const header = (over: Partial<Record<'id' | 'ts' | 'nonce' | 'mac', string>> = {}) => {
  const a = {
    id: V.id,
    ts: String(V.request.ts),
    nonce: V.request.nonce,
    mac: V.request.mac,
    ...over,
  };
  return `Hawk id="${a.id}", ts="${a.ts}", nonce="${a.nonce}", mac="${a.mac}"`;
};
const request = (over: Partial<SyncRequest> = {}): SyncRequest => ({
  method: V.request.method,
  url: V.request.url,
  host: V.request.host,
  port: V.request.port,
  authorization: header(),
  ...over,
});
const verify = (req: SyncRequest, now = signedAt, allowExpired = false) =>
  verifySyncRequest(req, { master, now, allowExpired });
const refused =
  (status = 401) =>
  (err: unknown) =>
    (err as { output?: { statusCode?: number } }).output?.statusCode === status;

describe('Sync storage Hawk (sync.md §1.5, §1.6)', () => {
  it('verifies the vector request and yields its token', async () => {
    const token = await verify(request());
    assert.equal(token.uid, 1);
    assert.equal(token.node, 'http://localhost:5000');
  });

  it('refuses the request once anything the MAC covers changes', async () => {
    for (const changed of [
      request({ method: 'DELETE' }),
      request({ url: '/storage/1.5/1/storage/col3' }),
      request({ url: `${V.request.url}?full=1` }),
      request({ host: 'example.com' }),
      request({ port: 5001 }),
      request({ authorization: header({ nonce: 'h1Ch4vp=' }) }),
      request({ authorization: header({ ts: String(V.request.ts + 1) }) }),
    ]) {
      await assert.rejects(verify(changed), refused());
    }
  });

  it('refuses a token under another secret, a tampered one, or no Hawk at all', async () => {
    await assert.rejects(
      verifySyncRequest(request(), {
        master: Buffer.from('wibble'),
        now: signedAt,
        allowExpired: false,
      }),
      refused(),
    );
    const at = V.id.length - 10;
    const tampered = V.id.slice(0, at) + (V.id[at] === 'A' ? 'B' : 'A') + V.id.slice(at + 1);
    await assert.rejects(verify(request({ authorization: header({ id: tampered }) })), refused());
    await assert.rejects(verify(request({ authorization: undefined })), refused());
    await assert.rejects(verify(request({ authorization: `Bearer ${V.id}` })), refused());
  });

  it('allows a skew of 52 weeks, and no more', async () => {
    const week = 7 * 24 * 3600 * 1000;
    await verify(request(), signedAt + 51 * week);
    await assert.rejects(verify(request(), signedAt + 53 * week), refused());
  });

  it('refuses an expired token unless told to accept one (info/collections)', async () => {
    const ours = Buffer.from('another master secret', 'utf8');
    const expires = 1_800_000_000;
    const token = makeToken(
      {
        uid: 7,
        node: 'http://localhost:5000',
        expires,
        salt: 'abcdef',
        fxa_uid: '',
        fxa_kid: '',
        hashed_fxa_uid: '',
        hashed_device_id: '',
      },
      ours,
    );
    const now = (expires + 60) * 1000;
    const signed = Hawk.client.header('http://localhost:5000/sync/1.5/7/info/collections', 'GET', {
      credentials: { id: token.id, key: token.key, algorithm: 'sha256' },
      timestamp: now / 1000,
    }).header;
    const req = request({ url: '/sync/1.5/7/info/collections', authorization: signed });
    await assert.rejects(
      verifySyncRequest(req, { master: ours, now, allowExpired: false }),
      refused(),
    );
    const accepted = await verifySyncRequest(req, { master: ours, now, allowExpired: true });
    assert.equal(accepted.uid, 7);
    // Before expiry the same request passes the strict check.
    await verifySyncRequest(req, { master: ours, now: (expires - 1) * 1000, allowExpired: false });
  });
});

describe('the cache of derived token secrets', () => {
  it('gives the vector key, and decides nothing the checks would refuse', async () => {
    const secrets = new TokenSecretCache(2);
    assert.equal(
      secrets.secretOf(master, V.id, '2b307b').replaceAll('-', '+'),
      V.key.replaceAll('-', '+'),
    );
    const cached = (req: SyncRequest, now = signedAt) =>
      verifySyncRequest(req, { master, now, allowExpired: false, secrets });
    assert.equal((await cached(request())).uid, 1);
    assert.equal((await cached(request())).uid, 1, 'again, from the cache');
    // The id's HMAC, the MAC and the expiry are checked on every request.
    const at = V.id.length - 10;
    const tampered = V.id.slice(0, at) + (V.id[at] === 'A' ? 'B' : 'A') + V.id.slice(at + 1);
    await assert.rejects(cached(request({ authorization: header({ id: tampered }) })), refused());
    await assert.rejects(cached(request({ method: 'DELETE' })), refused());
    const expired = (1_884_968_439 + 1) * 1000;
    await assert.rejects(cached(request(), expired), refused());
  });

  it('keeps at most its bound, dropping the oldest', () => {
    const secrets = new TokenSecretCache(2);
    const ids = ['first', 'second', 'third'];
    const first = ids.map((id) => secrets.secretOf(master, id, 'abcdef'));
    assert.equal(secrets.size, 2);
    // Derived again, each is the same: HKDF is a pure function of id and salt.
    assert.deepEqual(
      ids.map((id) => secrets.secretOf(master, id, 'abcdef')),
      first,
    );
    assert.notEqual(first[0], first[1]);
  });
});
