// FxaClient: one method per step a person takes, over the FxA /v1 API.
//
// Verbs take and return plain objects (types.ts). Secrets stay on the
// client's side of each call: the password is stretched here and only
// authPW goes out; unwrapBKey comes back for the caller to keep. Failures
// are FxaError (the server said no) or NetworkError (no answer).
//
// An address typed in another case than the account's (errno 120) is
// retried once with the spelling the server returns, since onepw salts the
// password with the exact spelling; SessionInfo.email reports the spelling
// that worked, for the caller to use from then on.
import { bytesToHex, hexToBytes } from './bytes.js';
import { ERRNO, FxaError, type JsonObject } from './errors.js';
import {
  deriveTokenKeys,
  stretch,
  unbundleKeys,
  wrapKey,
  type StretchedPassword,
} from './onepw.js';
import { bool, defined, links, num, optStr, str } from './read.js';
import { PasswordForgotVerbs } from './password-forgot.js';
import { Transport, type TokenRef } from './transport.js';
import type {
  AccountKeys,
  FxaClientOptions,
  Hex,
  LinkOptions,
  RecoveryEmailStatus,
  SessionInfo,
  SessionStatus,
  SignInOptions,
  SignUpOptions,
} from './types.js';

const session = (seedHex: Hex): TokenRef => ({ type: 'sessionToken', seedHex });
const keysQuery = (keys?: boolean) => (keys ? { query: { keys: 'true' } } : {});

export class FxaClient extends PasswordForgotVerbs {
  /** The auth server's origin, e.g. `location.origin` on the pages. */
  constructor(origin: string, opts: FxaClientOptions & { transport?: Transport } = {}) {
    const api = opts.transport ?? new Transport(origin, opts);
    super(api, opts);
  }

  /** Creates an account; verify it by the mailed link or, with `email-otp`, by the mailed code. */
  async signUp(email: string, password: string, opts: SignUpOptions = {}): Promise<SessionInfo> {
    const stretched = await stretch(email, password);
    const body = defined({
      email,
      authPW: bytesToHex(stretched.authPW),
      verificationMethod: opts.verificationMethod,
      preVerified: opts.preVerified,
      ...links(opts),
    });
    const res = await this.api.call('POST', '/v1/account/create', {
      body,
      ...keysQuery(opts.keys),
    });
    const verified = opts.preVerified === true;
    return sessionInfo(res, email, stretched, {
      verified,
      ...(verified ? {} : { verificationMethod: opts.verificationMethod ?? 'email' }),
      ...(verified ? {} : { verificationReason: 'signup' }),
    });
  }

  /** Signs in (`keys: true` for a keyFetchToken); `email-otp` mails an unverified account a code. */
  async signIn(email: string, password: string, opts: SignInOptions = {}): Promise<SessionInfo> {
    return this.withStoredSpelling(email, password, (spelling, stretched) =>
      this.login(spelling, stretched, opts),
    );
  }

  /**
   * Mails a sign-in unblock code, for a login the server refused with errno
   * 125 (too many failures); signIn with `unblockCode` then gets through.
   */
  async sendUnblockCode(email: string): Promise<void> {
    await this.api.call('POST', '/v1/account/login/send_unblock_code', { body: { email } });
  }

  /**
   * Voids an unblock code its owner never asked for (the mail's "report"
   * link). The server answers the same whether or not the code existed.
   */
  async rejectUnblockCode(uid: Hex, unblockCode: string): Promise<void> {
    await this.api.call('POST', '/v1/account/login/reject_unblock_code', {
      body: { uid, unblockCode },
    });
  }

  /** Whether an account exists for the address (POST /v1/account/status). */
  async accountStatus(email: string): Promise<{ exists: boolean }> {
    const res = await this.api.call('POST', '/v1/account/status', { body: { email } });
    return { exists: bool(res, 'exists') };
  }

  /** Spends the keyFetchToken for kA and kB (the account must be verified). */
  async accountKeys(keyFetchToken: Hex, unwrapBKey: Hex): Promise<AccountKeys> {
    const res = await this.api.call('GET', '/v1/account/keys', {
      token: { type: 'keyFetchToken', seedHex: keyFetchToken },
    });
    const { bundleKey } = await deriveTokenKeys('keyFetchToken', keyFetchToken);
    const { kA, wrapKb } = await unbundleKeys(str(res, 'bundle'), bundleKey);
    return { kA: bytesToHex(kA), kB: bytesToHex(wrapKey(wrapKb, hexToBytes(unwrapBKey))) };
  }

  /** Deletes the account; the password proves it is the owner. */
  async accountDestroy(email: string, password: string): Promise<void> {
    await this.withStoredSpelling(email, password, (spelling, { authPW }) =>
      this.api.call('POST', '/v1/account/destroy', {
        body: { email: spelling, authPW: bytesToHex(authPW) },
      }),
    );
  }

  /** `{state, uid}`; fails with errno 110 once the session is gone. */
  async sessionStatus(sessionToken: Hex): Promise<SessionStatus> {
    const res = await this.api.call('GET', '/v1/session/status', { token: session(sessionToken) });
    const state = str(res, 'state') === 'verified' ? 'verified' : 'unverified';
    return { state, uid: str(res, 'uid') };
  }

  /** Signs this session out. */
  async sessionDestroy(sessionToken: Hex): Promise<void> {
    await this.api.call('POST', '/v1/session/destroy', { token: session(sessionToken) });
  }

  /** The address and whether it is verified; the waiting page polls this. */
  async recoveryEmailStatus(sessionToken: Hex): Promise<RecoveryEmailStatus> {
    const res = await this.api.call('GET', '/v1/recovery_email/status', {
      token: session(sessionToken),
    });
    return { email: str(res, 'email'), verified: bool(res, 'verified') };
  }

  /** Mails the verification link again (nothing is sent within minutes of the first). */
  async recoveryEmailResendCode(sessionToken: Hex, opts: LinkOptions = {}): Promise<void> {
    await this.api.call('POST', '/v1/recovery_email/resend_code', {
      token: session(sessionToken),
      body: links(opts),
    });
  }

  /** The mailed link's uid and code verify the address (POST /v1/recovery_email/verify_code). */
  async verifyEmailLink(uid: Hex, code: Hex, opts: { service?: string } = {}): Promise<void> {
    await this.api.call('POST', '/v1/recovery_email/verify_code', {
      body: defined({ uid, code, service: opts.service }),
    });
  }

  /** The 6-digit mailed code verifies the session and the account (errno 183 when wrong). */
  async verifySessionCode(sessionToken: Hex, code: string, opts: { service?: string } = {}) {
    await this.api.call('POST', '/v1/session/verify_code', {
      token: session(sessionToken),
      body: defined({ code, service: opts.service }),
    });
  }

  /** Mails a fresh 6-digit code for verifySessionCode. */
  async resendSessionCode(sessionToken: Hex): Promise<void> {
    await this.api.call('POST', '/v1/session/resend_code', { token: session(sessionToken) });
  }

  /**
   * A new password that keeps kB: recovers kB with the old password, re-wraps
   * it under the new one, then signs in again, since the change ends every
   * session of the account.
   */
  async passwordChange(
    email: string,
    oldPassword: string,
    newPassword: string,
    opts: { keys?: boolean } = {},
  ): Promise<SessionInfo> {
    const { spelling, start, old } = await this.withStoredSpelling(
      email,
      oldPassword,
      async (spelling, old) => {
        const body = { email: spelling, oldAuthPW: bytesToHex(old.authPW) };
        return {
          spelling,
          old,
          start: await this.api.call('POST', '/v1/password/change/start', { body }),
        };
      },
    );
    const { kB } = await this.accountKeys(str(start, 'keyFetchToken'), bytesToHex(old.unwrapBKey));
    const next = await stretch(spelling, newPassword);
    await this.api.call('POST', '/v1/password/change/finish', {
      token: { type: 'passwordChangeToken', seedHex: str(start, 'passwordChangeToken') },
      // onepw: the server stores the new wrapKb = kB XOR newUnwrapBKey, so kB survives.
      body: {
        authPW: bytesToHex(next.authPW),
        wrapKb: bytesToHex(wrapKey(hexToBytes(kB), next.unwrapBKey)),
      },
    });
    return this.login(spelling, next, opts);
  }

  /**
   * Sets a new password with an accountResetToken. kB is replaced: data
   * encrypted under the old kB cannot be read any more. Every session ends;
   * with `sessionToken: true` the client signs in again and returns the session.
   */
  async accountReset(
    accountResetToken: Hex,
    email: string,
    newPassword: string,
    opts: { keys?: boolean; sessionToken: true },
  ): Promise<SessionInfo>;
  async accountReset(
    accountResetToken: Hex,
    email: string,
    newPassword: string,
    opts?: { keys?: boolean; sessionToken?: false },
  ): Promise<undefined>;
  async accountReset(
    accountResetToken: Hex,
    email: string,
    newPassword: string,
    opts: { keys?: boolean; sessionToken?: boolean } = {},
  ): Promise<SessionInfo | undefined> {
    const stretched = await stretch(email, newPassword);
    await this.api.call('POST', '/v1/account/reset', {
      token: { type: 'accountResetToken', seedHex: accountResetToken },
      body: { authPW: bytesToHex(stretched.authPW) },
    });
    return opts.sessionToken ? this.login(email, stretched, opts) : undefined;
  }

  private async login(
    email: string,
    stretched: StretchedPassword,
    opts: SignInOptions,
  ): Promise<SessionInfo> {
    const body = defined({
      email,
      authPW: bytesToHex(stretched.authPW),
      verificationMethod: opts.verificationMethod,
      reason: opts.reason,
      unblockCode: opts.unblockCode,
      ...links(opts),
    });
    const res = await this.api.call('POST', '/v1/account/login', { body, ...keysQuery(opts.keys) });
    return sessionInfo(res, email, stretched, { verified: bool(res, 'verified') });
  }

  /** Runs `attempt`, and once more with the account's spelling of the address on errno 120. */
  private async withStoredSpelling<T>(
    email: string,
    password: string,
    attempt: (spelling: string, stretched: StretchedPassword) => Promise<T>,
  ): Promise<T> {
    try {
      return await attempt(email, await stretch(email, password));
    } catch (err) {
      const stored = err instanceof FxaError ? err.email : undefined;
      if (!(err instanceof FxaError) || err.errno !== ERRNO.INCORRECT_EMAIL_CASE || !stored) {
        throw err;
      }
      return attempt(stored, await stretch(stored, password));
    }
  }
}

function sessionInfo(
  res: JsonObject,
  email: string,
  stretched: StretchedPassword,
  status: Pick<SessionInfo, 'verified' | 'verificationMethod' | 'verificationReason'>,
): SessionInfo {
  return defined({
    uid: str(res, 'uid'),
    email,
    sessionToken: str(res, 'sessionToken'),
    keyFetchToken: optStr(res, 'keyFetchToken'),
    authAt: num(res, 'authAt'),
    ...status,
    // What the server says about verification wins over what the caller asked for.
    ...defined({
      verificationMethod: optStr(res, 'verificationMethod'),
      verificationReason: optStr(res, 'verificationReason'),
    }),
    unwrapBKey: bytesToHex(stretched.unwrapBKey),
  });
}
