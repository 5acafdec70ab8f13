// Access tokens that verified, remembered so the next request with the same
// token skips the RS256 check. A token's signature and claims are the same
// on every request, and checking them (RSA, base64 and JSON) was the
// largest single cost of a profile read. The answer cannot change while the
// process runs: the keys that verify are loaded once at start (keys.ts). A
// remembered token is still refused once its exp has passed, and whether
// it is revoked is never remembered: grants.ts reads its row on every
// request. Tokens are kept by SHA-256, not as the bearer strings
// themselves, and a bounded number of them, the oldest going first.
import { hash } from 'node:crypto';
import { verifyAccessToken, type VerifiedClaims } from './access-token.js';
import type { OAuthKeys } from './keys.js';

/** Tokens remembered: far more than a self-hosted server sees in use within their lifetime. */
export const VERIFIED_KEPT = 10_000;

export function verifiedTokens(keys: OAuthKeys, kept = VERIFIED_KEPT) {
  const known = new Map<string, VerifiedClaims>();

  /** As verifyAccessToken without an audience. */
  return async function verify(token: string, now: number): Promise<VerifiedClaims | undefined> {
    const id = hash('sha256', token, 'base64url');
    const seen = known.get(id);
    if (seen !== undefined) {
      // As jose compares: whole seconds, expired once exp is reached.
      if (seen.expiresAt > Math.floor(now / 1000)) return seen;
      known.delete(id);
      return undefined;
    }
    const claims = await verifyAccessToken(keys, token, now);
    if (claims === undefined) return undefined;
    if (known.size >= kept) {
      const oldest = known.keys().next();
      if (oldest.done !== true) known.delete(oldest.value);
    }
    known.set(id, claims);
    return claims;
  };
}
