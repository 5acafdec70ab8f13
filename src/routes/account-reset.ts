// /account/reset: the last step of a forgotten password (api-v1.md §2.2).
// A new salt, verifier and a new random wrapWrapKb, so kB changes: data
// encrypted under the old kB is gone, which is what onepw promises when the
// old password is lost. Every token of the account dies in the same
// transaction; the client logs in again, and the devices signed in until
// then hear of it by push (password_reset).
import Joi from 'joi';
import type { Request } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import type { TokenCredentials } from '../auth/hawk.js';
import { VERIFIER_VERSION } from '../crypto/password.js';
import { random } from '../crypto/bytes.js';
import { error } from '../errors.js';
import { passwordChecker } from './password-check.js';
import * as v from './validators.js';

export const accountResetSchemas = {
  reset: Joi.object({ authPW: v.authPW.required() }),
};

export function accountResetHandlers(
  d: Pick<Deps, 'config' | 'store' | 'scrypt' | 'clock' | 'customs' | 'syncLifecycle' | 'push'>,
) {
  const passwords = passwordChecker(d);

  async function reset(request: Request) {
    const { token, account } = request.auth
      .credentials as unknown as TokenCredentials<'accountResetToken'>;
    const { authPW } = request.payload as { authPW: string };
    const authSalt = random(32);
    const { verifyHash } = await passwords.stretch(Buffer.from(authPW, 'hex'), authSalt);
    const now = d.clock();
    const devices = await d.store.devices.devicesOf(account.uid);
    const done = await d.store.resetAccount(
      account.uid,
      {
        authSalt,
        verifyHash,
        wrapWrapKb: random(32),
        verifierVersion: VERIFIER_VERSION,
        verifierSetAt: now,
        // A new kB: scoped keys rotate, and the same instant as the new
        // generation keeps keysChangedAt <= generation for the tokenserver.
        keysChangedAt: now,
      },
      { type: 'accountResetToken', tokenId: token.tokenId },
    );
    // Another request spent this token first.
    if (!done) throw error.invalidToken();
    // What Sync stored was encrypted with the old kB: it goes, and the next
    // Sync token names a new, empty uid.
    await d.syncLifecycle.keysChanged(account.uid);
    d.push.passwordReset(account.uid, devices);
    // Whoever reset the password owns the address; old failed guesses no longer count.
    await d.customs.passwordReset(account.email);
    return {};
  }

  return { reset };
}
