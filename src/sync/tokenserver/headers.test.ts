// The header rules of sync.md §1.2 rows 1-7 on their own: each malformed
// header maps to its refusal, and Firefox's own headers parse.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bearerToken, keyId } from './headers.js';
import type { TokenserverError } from './errors.js';

/** The refusal's status and description, or 'ok'. */
function refusal(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (err) {
    const r = (err as TokenserverError).tokenserver;
    return `${r.status} ${r.description}`;
  }
}

describe('tokenserver headers', () => {
  it('takes the bearer token, whatever the case of its scheme', () => {
    assert.equal(bearerToken('Bearer abc.def'), 'abc.def');
    assert.equal(bearerToken('bEaReR abc'), 'abc');
    assert.equal(
      refusal(() => bearerToken(undefined)),
      'error Unauthorized',
    );
    assert.equal(
      refusal(() => bearerToken('Bearer')),
      'error Unauthorized',
    );
    assert.equal(
      refusal(() => bearerToken('Bearer t\u00e9')),
      'error Unauthorized',
    );
    assert.equal(
      refusal(() => bearerToken('Hawk id="x"')),
      'error Unsupported',
    );
  });

  it("parses Firefox's kid into keys_changed_at and the hex client state", () => {
    assert.deepEqual(keyId('1795220908528-mSKwkOVKxN3OAjg8BLYo6A', undefined), {
      keysChangedAt: 1795220908528,
      clientState: '9922b090e54ac4ddce02383c04b628e8',
    });
    assert.deepEqual(keyId('0-qqo', 'aaaa'), { keysChangedAt: null, clientState: 'aaaa' });
    assert.deepEqual(keyId('1234-', undefined), { keysChangedAt: 1234, clientState: '' });
  });

  it('refuses each malformed X-KeyID with its row', () => {
    assert.equal(
      refusal(() => keyId(undefined, undefined)),
      'invalid-key-id Missing X-KeyID header',
    );
    assert.equal(
      refusal(() => keyId('12\u00ff-qqo', undefined)),
      'invalid-key-id Invalid X-KeyID header',
    );
    for (const bad of [
      '1234qqo',
      '1234-state!',
      '1234-qqo=',
      '1234-qqp',
      'abc-qqo',
      '-qqo',
      '1e3-qqo',
    ]) {
      assert.equal(
        refusal(() => keyId(bad, undefined)),
        'invalid-credentials Unauthorized',
        bad,
      );
    }
    // More than the 16 bytes of a kB fingerprint.
    const long = Buffer.alloc(17).toString('base64url');
    assert.equal(
      refusal(() => keyId(`1234-${long}`, undefined)),
      'invalid-credentials Unauthorized',
    );
  });

  it('checks X-Client-State after decoding the client state and before the timestamp', () => {
    assert.equal(
      refusal(() => keyId('1234-qqo', 'state!')),
      'error Invalid client state value',
    );
    assert.equal(
      refusal(() => keyId('1234-qqo', '')),
      'error Invalid client state value',
    );
    assert.equal(
      refusal(() => keyId('1234-qqo', 'bbbb')),
      'invalid-client-state Unauthorized',
    );
    assert.equal(
      refusal(() => keyId('abc-qqo', 'state!')),
      'error Invalid client state value',
    );
    assert.equal(
      refusal(() => keyId('1234-state!', 'state!')),
      'invalid-credentials Unauthorized',
    );
    // A value that is not text counts as absent, as in syncstorage-rs.
    assert.equal(
      refusal(() => keyId('1234-qqo', 'aa\u00e9')),
      'ok',
    );
  });
});
