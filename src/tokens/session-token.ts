// sessionToken: proof of a signed-in session. Stored with its seed, so the
// Hawk key can be re-derived; many per account, no lifetime by default.
import type { SessionTokenRecord } from '../db/store.js';
import { newToken } from './token.js';

export function createSessionToken(
  uid: Buffer,
  now: number,
): { seed: Buffer; record: SessionTokenRecord } {
  const { seed, tokenId } = newToken('sessionToken');
  return {
    seed,
    record: {
      tokenId,
      tokenData: seed,
      uid,
      createdAt: now,
      uaBrowser: null,
      uaBrowserVersion: null,
      uaOS: null,
      uaOSVersion: null,
      uaDeviceType: null,
      lastAccessTime: now,
    },
  };
}
