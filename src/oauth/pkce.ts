// PKCE (RFC 7636) with the one method FxA and Firefox use, S256: the client
// sends b64url(SHA-256(code_verifier)) with the authorization request and the
// verifier itself with the code, so a code intercepted on its way back is
// useless to anyone who did not start the flow.
import { createHash } from 'node:crypto';
import { constantTimeEqual } from '../crypto/bytes.js';

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
export const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** The S256 challenge: 32 bytes of SHA-256, 43 b64url characters. */
export const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** Whether `verifier` answers `challenge`; compared in constant time. */
export function pkceMatches(verifier: string, challenge: string): boolean {
  if (!VERIFIER.test(verifier)) return false;
  return constantTimeEqual(Buffer.from(s256(verifier)), Buffer.from(challenge));
}
