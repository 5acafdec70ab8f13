// The password check shared by every route that takes authPW. It runs the
// bounded scrypt (503 errno 201 when saturated, so load is shed cleanly) and
// compares verifyHash in constant time.
import type { Deps } from '../deps.js';
import type { AccountRecord } from '../db/store.js';
import { ScryptBusyError } from '../crypto/scrypt.js';
import { stretchPassword, type StretchedPassword } from '../crypto/password.js';
import { constantTimeEqual } from '../crypto/bytes.js';
import { error } from '../errors.js';

export function passwordChecker(d: Pick<Deps, 'scrypt' | 'config'>) {
  const hasher = (authPW: Buffer, salt: Buffer) => d.scrypt.hash(authPW, salt);

  async function stretch(authPW: Buffer, authSalt: Buffer): Promise<StretchedPassword> {
    try {
      return await stretchPassword(hasher, authPW, authSalt);
    } catch (err) {
      if (err instanceof ScryptBusyError) {
        throw error.serviceUnavailable(d.config.scrypt.retryAfterSec, err);
      }
      throw err;
    }
  }

  /**
   * Checks the email spelling (errno 120: the client must re-stretch with
   * the stored spelling, since onepw salts with it), then the password (103).
   */
  async function check(
    account: AccountRecord,
    email: string,
    authPW: Buffer,
  ): Promise<StretchedPassword> {
    if (email !== account.email) throw error.incorrectEmailCase(account.email);
    const stretched = await stretch(authPW, account.authSalt);
    if (!constantTimeEqual(stretched.verifyHash, account.verifyHash)) {
      throw error.incorrectPassword(account.email);
    }
    return stretched;
  }

  return { stretch, check };
}
