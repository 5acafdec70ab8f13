// The password check shared by every route that takes authPW. It runs the
// bounded scrypt (503 errno 201 when saturated, so load is shed cleanly) and
// compares verifyHash in constant time.
import type { Request } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import type { AccountRecord } from '../db/store.js';
import { ScryptBusyError } from '../crypto/scrypt.js';
import { stretchPassword, type StretchedPassword } from '../crypto/password.js';
import { constantTimeEqual } from '../crypto/bytes.js';
import { error } from '../errors.js';

export function passwordChecker(d: Pick<Deps, 'scrypt' | 'config' | 'store'>) {
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

  /**
   * The account behind `email` (102), its spelling (120) and its password
   * (103). The uid goes on the request for the summary log line either way.
   */
  async function checkAccount(request: Request, email: string, authPW: string) {
    const account = await d.store.accountByEmail(email.toLowerCase());
    if (!account) throw error.unknownAccount(email);
    request.app.uid = account.uid.toString('hex');
    return { account, ...(await check(account, email, Buffer.from(authPW, 'hex'))) };
  }

  return { stretch, check, checkAccount };
}
