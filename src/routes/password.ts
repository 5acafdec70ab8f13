// /password/change/*: a new password that keeps kB (api-v1.md §2.2).
//
// start checks the old password and issues a keyFetchToken (so the client
// can recover kB with the old unwrapBKey) and a passwordChangeToken. The
// client re-wraps kB under the new password and sends wrapKb to finish,
// which installs the new verifier with wrapWrapKb = wrapwrapKey' XOR wrapKb
// and ends every session, all in one transaction. The devices signed in
// until then hear of it by push (password_changed), so they notice their
// session is gone at once rather than at their next request.
import Joi from 'joi';
import type { Request } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import type { TokenCredentials } from '../auth/hawk.js';
import type { NewToken } from '../db/store.js';
import { VERIFIER_VERSION, unwrapKb } from '../crypto/password.js';
import { random, xor } from '../crypto/bytes.js';
import { createKeyFetchToken } from '../tokens/key-fetch-token.js';
import { createPasswordChangeToken } from '../tokens/password-change-token.js';
import { error, grantRefused } from '../errors.js';
import { passwordChecker } from './password-check.js';
import * as v from './validators.js';
import { customsGuard } from './customs-guard.js';

export const passwordSchemas = {
  changeStart: Joi.object({ email: v.email().required(), oldAuthPW: v.authPW.required() }),
  changeFinish: Joi.object({ authPW: v.authPW.required(), wrapKb: v.hex(32).required() }),
};

export function passwordHandlers(
  d: Pick<Deps, 'config' | 'store' | 'scrypt' | 'clock' | 'mailer' | 'customs' | 'push'>,
) {
  const customs = customsGuard(d);
  const passwords = passwordChecker(d);

  async function changeStart(request: Request) {
    const { email, oldAuthPW } = request.payload as { email: string; oldAuthPW: string };
    const { account, wrapwrapKey } = await customs.passwordAttempt(
      request,
      'passwordChange',
      email,
      () => passwords.checkAccount(request, email, oldAuthPW),
    );

    const now = d.clock();
    const wrapKb = unwrapKb(wrapwrapKey, account.wrapWrapKb);
    const keyFetch = createKeyFetchToken(account.uid, account.kA, wrapKb, now);
    const change = createPasswordChangeToken(account.uid, now);
    const tokens: NewToken[] = [
      { type: 'keyFetchToken', record: keyFetch.record },
      { type: 'passwordChangeToken', record: change.record },
    ];
    // A passwordChangeToken issued on a password a reset has just replaced
    // would let its holder set the password again; the store refuses it.
    const checked = { uid: account.uid, verifierSetAt: account.verifierSetAt };
    await d.store.createTokens(tokens, checked).catch((err: unknown) => {
      throw grantRefused(err, () => error.incorrectPassword(account.email));
    });
    return {
      keyFetchToken: keyFetch.seed.toString('hex'),
      passwordChangeToken: change.seed.toString('hex'),
      verified: account.emailVerified,
    };
  }

  async function changeFinish(request: Request) {
    const { token, account } = request.auth
      .credentials as unknown as TokenCredentials<'passwordChangeToken'>;
    const { authPW, wrapKb } = request.payload as { authPW: string; wrapKb: string };
    const authSalt = random(32);
    const { verifyHash, wrapwrapKey } = await passwords.stretch(
      Buffer.from(authPW, 'hex'),
      authSalt,
    );
    // Read before the change ends their sessions and takes them away.
    const devices = await d.store.devices.devicesOf(account.uid);
    const changed = await d.store.resetAccount(
      account.uid,
      {
        authSalt,
        verifyHash,
        // onepw: kB survives because the client's wrapKb is re-wrapped, not replaced.
        wrapWrapKb: xor(wrapwrapKey, Buffer.from(wrapKb, 'hex')),
        verifierVersion: VERIFIER_VERSION,
        verifierSetAt: d.clock(),
      },
      { type: 'passwordChangeToken', tokenId: token.tokenId },
    );
    // A concurrent finish with the same token got there first.
    if (!changed) throw error.invalidToken();
    d.mailer.sendPasswordChanged(account);
    d.push.passwordChanged(account.uid, devices);
    return {};
  }

  return { changeStart, changeFinish };
}
