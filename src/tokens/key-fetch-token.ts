// keyFetchToken: a single-use ticket for /account/keys. The bundle of kA and
// wrapKb is sealed at issue time with the token's bundleKey, so the row keeps
// only authKey (for Hawk) and the sealed bundle, never the seed or wrapKb.
import type { KeyFetchTokenRecord } from '../db/store.js';
import { bundle } from './bundle.js';
import { newToken } from './token.js';

export function createKeyFetchToken(
  uid: Buffer,
  kA: Buffer,
  wrapKb: Buffer,
  now: number,
): { seed: Buffer; record: KeyFetchTokenRecord } {
  const { seed, tokenId, authKey, bundleKey } = newToken('keyFetchToken');
  return {
    seed,
    record: { tokenId, authKey, uid, keyBundle: bundle(bundleKey, kA, wrapKb), createdAt: now },
  };
}
