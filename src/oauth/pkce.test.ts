// PKCE S256 against the RFC 7636 appendix B example, and the verifier rules.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CHALLENGE, pkceMatches, s256 } from './pkce.js';

// RFC 7636 appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE_OF_VERIFIER = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE S256', () => {
  it('computes the RFC 7636 example challenge', () => {
    assert.equal(s256(VERIFIER), CHALLENGE_OF_VERIFIER);
    assert.match(CHALLENGE_OF_VERIFIER, CHALLENGE);
  });

  it('accepts the verifier of a challenge and refuses any other', () => {
    assert.equal(pkceMatches(VERIFIER, CHALLENGE_OF_VERIFIER), true);
    assert.equal(pkceMatches(VERIFIER.replace('d', 'e'), CHALLENGE_OF_VERIFIER), false);
    assert.equal(pkceMatches(VERIFIER, CHALLENGE_OF_VERIFIER.slice(1)), false);
  });

  it('refuses verifiers outside 43 to 128 unreserved characters, even when they hash right', () => {
    for (const verifier of ['a'.repeat(42), 'a'.repeat(129), `${'a'.repeat(42)}+`]) {
      assert.equal(pkceMatches(verifier, s256(verifier)), false);
    }
    for (const verifier of ['a'.repeat(43), `${'A-._~9'.repeat(21)}xy`]) {
      assert.equal(pkceMatches(verifier, s256(verifier)), true);
    }
  });
});
