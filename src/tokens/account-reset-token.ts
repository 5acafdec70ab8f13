// accountResetToken: proof that the user read a reset code sent to their
// address; it lets them set a new password (and so a new kB) once.
import type { AccountResetTokenRecord } from '../db/store.js';
import { newToken } from './token.js';

export function createAccountResetToken(
  uid: Buffer,
  now: number,
): { seed: Buffer; record: AccountResetTokenRecord } {
  const { seed, tokenId } = newToken('accountResetToken');
  return { seed, record: { tokenId, tokenData: seed, uid, createdAt: now } };
}
