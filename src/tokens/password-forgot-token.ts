// passwordForgotToken: a reset in progress. It carries the code mailed to
// the user and the tries left to type it; a new one replaces the old.
import type { PasswordForgotTokenRecord } from '../db/store.js';
import { random } from '../crypto/bytes.js';
import { newToken } from './token.js';

/** api-v1.md §2.2: 16 random bytes, sent as 32 hex chars. */
export const PASS_CODE_BYTES = 16;
export const PASSWORD_FORGOT_TRIES = 3;

export function createPasswordForgotToken(
  uid: Buffer,
  now: number,
): { seed: Buffer; record: PasswordForgotTokenRecord } {
  const { seed, tokenId } = newToken('passwordForgotToken');
  return {
    seed,
    record: {
      tokenId,
      tokenData: seed,
      uid,
      createdAt: now,
      passCode: random(PASS_CODE_BYTES),
      tries: PASSWORD_FORGOT_TRIES,
    },
  };
}
