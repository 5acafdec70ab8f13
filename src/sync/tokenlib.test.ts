// The tokenlib vector of sync.md §1.5 (syncstorage-rs's own test fixture):
// a token id minted by the Python tokenlib must parse and yield the same
// Hawk secret here, and a request it signed must verify.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeToken, parseToken, signingKey, tokenSecret } from './tokenlib.js';

const MASTER = Buffer.from('Ted Koppel is a robot', 'utf8');
const VECTOR_ID =
  'eyJ1aWQiOiAxLCAibm9kZSI6ICJodHRwOi8vbG9jYWxob3N0OjUwMDAiLCAiZXhwaXJlcyI6IDE4ODQ5Njg0MzkuMCwgImZ4YV91aWQiOiAiMzE5Yjk4Zjk5NjFmZjFkYmRkMDczMTNjZDZiYTkyNWEiLCAiZnhhX2tpZCI6ICJkZTY5N2FkNjZkODQ1YjI4NzNjOWQ3ZTEzYjg5NzFhZiIsICJoYXNoZWRfZnhhX3VpZCI6ICIwZThkZjVkNDEzOThhMzg5OTEzYmQ4NDAyNDM1NjQ5NTE4YWY0NjQ5M2RhMWQ0YTQzN2E0NmRjMTc4NGM1MDFhIiwgImhhc2hlZF9kZXZpY2VfaWQiOiAiMmJjYjkyZjRkNDY5OGMzZDdiMDgzYTNjNjk4YTE2Y2NkNzhiYzJhOGQyMGE5NmU0YmIxMjhkZGNlYWY0ZTBiNiIsICJzYWx0IjogIjJiMzA3YiJ9lXaC5pIOenf7qL1AWlgKFvYH63nakyniTXP-7acS5cw=';

describe('tokenlib (sync.md §1.5)', () => {
  it('parses the vector id and derives its Hawk secret', () => {
    const payload = parseToken(VECTOR_ID, signingKey(MASTER));
    assert.ok(payload, 'the signature of the vector id holds');
    assert.equal(payload.uid, 1);
    assert.equal(payload.node, 'http://localhost:5000');
    assert.equal(payload.expires, 1884968439);
    assert.equal(payload.salt, '2b307b');
    assert.equal(payload.fxa_uid, '319b98f9961ff1dbdd07313cd6ba925a');
    const secret = tokenSecret(MASTER, VECTOR_ID, payload.salt).replaceAll('+', '-');
    assert.equal(secret.replaceAll('/', '_'), 'dSi3EoZyHwgDp-O9OG1jRHtmbGl2M1bwcWsi04C4F58=');
  });

  it('refuses the vector id under another secret, or with a changed signature', () => {
    assert.equal(parseToken(VECTOR_ID, signingKey(Buffer.from('wibble'))), undefined);
    // A changed byte inside the trailing HMAC.
    const at = VECTOR_ID.length - 10;
    const flipped = VECTOR_ID[at] === 'A' ? 'B' : 'A';
    const tampered = VECTOR_ID.slice(0, at) + flipped + VECTOR_ID.slice(at + 1);
    assert.equal(parseToken(tampered, signingKey(MASTER)), undefined);
    assert.equal(parseToken('not base64!', signingKey(MASTER)), undefined);
    assert.equal(parseToken('AAAA', signingKey(MASTER)), undefined);
  });

  it('round-trips a token it made', () => {
    const master = Buffer.from('a master secret of ours', 'utf8');
    const payload = {
      uid: 42,
      node: 'http://127.0.0.1:9000/sync',
      expires: 2_000_000_000,
      salt: 'a1b2c3',
      fxa_uid: 'f'.repeat(32),
      fxa_kid: '0001764612345678-AAAAAAAAAAAAAAAAAAAAAA',
      hashed_fxa_uid: '0'.repeat(32),
      hashed_device_id: '1'.repeat(32),
      tokenserver_origin: 'rust',
    };
    const token = makeToken(payload, master);
    assert.deepEqual(parseToken(token.id, signingKey(master)), payload);
    assert.equal(token.key.length, 44);
    assert.match(token.id, /^[A-Za-z0-9_-]+=*$/);
  });
});
