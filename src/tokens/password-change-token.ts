// passwordChangeToken: issued after the old password checks out, spent by
// /password/change/finish to install the new verifier with kB re-wrapped.
import type { PasswordChangeTokenRecord } from '../db/store.js';
import { newToken } from './token.js';

export function createPasswordChangeToken(
  uid: Buffer,
  now: number,
): { seed: Buffer; record: PasswordChangeTokenRecord } {
  const { seed, tokenId } = newToken('passwordChangeToken');
  return { seed, record: { tokenId, tokenData: seed, uid, createdAt: now } };
}
