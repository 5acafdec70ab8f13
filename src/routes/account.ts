// /account/*: sign-up, sign-in, existence checks, key fetching and deletion
// (api-v1.md §2.2). Handlers read as the protocol steps; helpers follow.
import { randomUUID } from 'node:crypto';
import Joi from 'joi';
import type { Request } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import type { Config } from '../config.js';
import type { AccountRecord, NewToken } from '../db/store.js';
import { DuplicateError } from '../db/store.js';
import type { TokenCredentials } from '../auth/hawk.js';
import { VERIFIER_VERSION, unwrapKb } from '../crypto/password.js';
import { random } from '../crypto/bytes.js';
import { createSessionToken } from '../tokens/session-token.js';
import { createKeyFetchToken } from '../tokens/key-fetch-token.js';
import { error, grantRefused } from '../errors.js';
import { passwordChecker } from './password-check.js';
import * as v from './validators.js';
import { customsGuard } from './customs-guard.js';
import { unblockCodes } from './unblock-codes.js';
import { sessionVerifyCode } from '../otp/code.js';

// `email` mails the verification link; `email-otp` mails a 6-digit code for
// POST /session/verify_code together with the same link.
const verificationMethod = Joi.string().valid('email', 'email-otp');

export const accountSchemas = (config: Config) => ({
  create: Joi.object({
    email: v.email().required(),
    authPW: v.authPW.required(),
    preVerified: Joi.boolean(),
    verificationMethod,
    ...v.linkFields(config.mail.redirectDomain),
  }),
  login: Joi.object({
    email: v.email().required(),
    authPW: v.authPW.required(),
    reason: Joi.string().max(16),
    verificationMethod,
    ...v.linkFields(config.mail.redirectDomain),
    unblockCode: v.unblockCode,
  }),
  statusQuery: Joi.object({ uid: v.hex(16) }),
  statusPayload: Joi.object({ email: v.email().required() }),
  destroy: Joi.object({ email: v.email().required(), authPW: v.authPW.required() }),
});

interface Credentials {
  email: string;
  authPW: string;
  verificationMethod?: 'email' | 'email-otp';
}

const wantsKeys = (request: Request) => (request.query as { keys?: string }).keys === 'true';
const hexOf = (b: Buffer) => b.toString('hex');

export function accountHandlers(
  d: Pick<
    Deps,
    'config' | 'store' | 'scrypt' | 'clock' | 'mailer' | 'customs' | 'syncLifecycle' | 'push'
  >,
) {
  const customs = customsGuard(d);
  const passwords = passwordChecker(d);
  const unblocks = unblockCodes(d);

  async function create(request: Request) {
    const { email, authPW, preVerified, verificationMethod } = request.payload as Credentials & {
      preVerified?: boolean;
    };
    if (preVerified && !d.config.account.allowPreVerified) {
      throw error.invalidParameter('payload', ['preVerified']);
    }
    await customs.check(request, 'accountCreate', { email });
    // A verified account keeps its address; an unverified one is replaced,
    // so a typo'd or abandoned sign-up never locks the address.
    const existing = await d.store.accountByEmail(email.toLowerCase());
    if (existing?.emailVerified) throw error.accountExists(existing.email);

    const now = d.clock();
    const locale = v.localeFrom(request.headers['accept-language'] as string | undefined);
    // A sign-up shed for load (503) gives its customs count back.
    const account = await customs.unlessShed(request, 'accountCreate', { email }, () =>
      newAccount(email, Buffer.from(authPW, 'hex'), preVerified === true, now),
    );
    account.record.locale = locale;
    const issued = issueTokens(account, wantsKeys(request), now);
    try {
      await d.store.createAccount(account.record, issued.tokens, existing?.uid);
    } catch (err) {
      if (err instanceof DuplicateError) throw error.accountExists(email);
      throw err;
    }
    request.app.uid = hexOf(account.record.uid);
    const otp = verificationMethod === 'email-otp';
    if (!account.record.emailVerified) {
      mailVerification(request, account.record, issued.sessionTokenId, otp, now);
    }
    return {
      uid: hexOf(account.record.uid),
      ...issued.response,
      authAt: Math.floor(now / 1000),
      ...(otp && !account.record.emailVerified ? { verificationMethod: 'email-otp' } : {}),
    };
  }

  async function login(request: Request) {
    const { email, authPW, verificationMethod, unblockCode } = request.payload as Credentials & {
      unblockCode?: string;
    };
    // Counted before the lookup, so probing unknown addresses costs too. An
    // unblock code is only looked at when customs blocks the login.
    const { account, wrapwrapKey } = await customs.passwordAttempt(
      request,
      'accountLogin',
      email,
      () => passwords.checkAccount(request, email, authPW),
      unblockCode === undefined ? undefined : () => unblocks.spend(request, email, unblockCode),
    );
    // Signing in to an unverified account with email-otp mails a code for
    // the waiting page; that mail counts like a resend, before any token exists.
    const otp = verificationMethod === 'email-otp' && !account.emailVerified;
    if (otp) {
      await customs.check(request, 'sessionResendCode', { email, uid: hexOf(account.uid) });
    }

    const now = d.clock();
    const wrapKb = unwrapKb(wrapwrapKey, account.wrapWrapKb);
    const issued = issueTokens({ record: account, wrapKb }, wantsKeys(request), now);
    // A reset or change that committed since the password was checked makes
    // it the wrong password after all; the store checks that with the tokens.
    const checked = { uid: account.uid, verifierSetAt: account.verifierSetAt };
    await d.store.createTokens(issued.tokens, checked).catch((err: unknown) => {
      throw grantRefused(err, () => error.incorrectPassword(account.email));
    });
    if (otp) mailVerification(request, account, issued.sessionTokenId, true, now);
    return {
      uid: hexOf(account.uid),
      ...issued.response,
      verified: account.emailVerified,
      ...(account.emailVerified
        ? {}
        : { verificationMethod: otp ? 'email-otp' : 'email', verificationReason: 'signup' }),
      authAt: Math.floor(now / 1000),
    };
  }

  /** The link, or with email-otp the 6-digit code for this session and the link. */
  function mailVerification(
    request: Request,
    account: AccountRecord,
    sessionTokenId: Buffer,
    otp: boolean,
    now: number,
  ): void {
    const links = v.linkOptions(request.payload, request.query);
    if (!otp) return d.mailer.sendVerifyCode(account, account.emailCode, links);
    const lifetime = d.config.otp.codeLifetimeMs;
    const code = sessionVerifyCode(account.emailCode, sessionTokenId, now, lifetime);
    d.mailer.sendVerifyShortCode(account, code, account.emailCode, links);
  }

  async function statusGet(request: Request) {
    if (request.auth.isAuthenticated) {
      const { account } = request.auth.credentials as unknown as TokenCredentials<'sessionToken'>;
      return { exists: true, locale: account.locale };
    }
    const { uid } = request.query as { uid?: string };
    if (!uid) throw error.missingParameter('uid');
    await customs.check(request, 'accountStatusCheck', { uid });
    return { exists: (await d.store.accountByUid(Buffer.from(uid, 'hex'))) !== undefined };
  }

  async function statusPost(request: Request) {
    const { email } = request.payload as { email: string };
    await customs.check(request, 'accountStatusCheck', { email });
    return { exists: (await d.store.accountByEmail(email.toLowerCase())) !== undefined };
  }

  async function keys(request: Request) {
    const { token, account } = request.auth
      .credentials as unknown as TokenCredentials<'keyFetchToken'>;
    // The token survives this refusal, so the client can fetch keys once the
    // address is verified.
    if (!account.emailVerified) throw error.unverifiedAccount();
    // Single use: only the request whose delete removed the row gets the bundle.
    if (!(await d.store.deleteToken('keyFetchToken', token.tokenId))) throw error.invalidToken();
    return { bundle: hexOf(token.keyBundle) };
  }

  async function destroy(request: Request) {
    const { email, authPW } = request.payload as Credentials;
    const { account } = await customs.passwordAttempt(request, 'accountDestroy', email, () =>
      passwords.checkAccount(request, email, authPW),
    );
    // Read first: the delete takes the devices with it, and each should
    // hear that its account is gone (account_destroyed) and sign out.
    const devices = await d.store.devices.devicesOf(account.uid);
    await d.store.deleteAccount(account.uid);
    // Sync's storage lives apart from the account; it goes once the account has.
    await d.syncLifecycle.accountDeleted(account.uid);
    d.push.accountDestroyed(account.uid, devices);
    return {};
  }

  /** A new account record, with wrapKb kept aside for an immediate key fetch. */
  async function newAccount(email: string, authPW: Buffer, verified: boolean, now: number) {
    const authSalt = random(32);
    const wrapWrapKb = random(32);
    const { verifyHash, wrapwrapKey } = await passwords.stretch(authPW, authSalt);
    const record: AccountRecord = {
      uid: Buffer.from(randomUUID().replaceAll('-', ''), 'hex'),
      email,
      normalizedEmail: email.toLowerCase(),
      emailCode: random(16),
      emailVerified: verified,
      kA: random(32),
      wrapWrapKb,
      authSalt,
      verifyHash,
      verifierVersion: VERIFIER_VERSION,
      verifierSetAt: now,
      keysChangedAt: now,
      createdAt: now,
      locale: null,
    };
    return { record, wrapKb: unwrapKb(wrapwrapKey, wrapWrapKb) };
  }

  return { create, login, statusGet, statusPost, keys, destroy };
}

/** A sessionToken, plus a keyFetchToken sealing (kA, wrapKb) when asked. */
function issueTokens(
  account: { record: AccountRecord; wrapKb: Buffer },
  withKeys: boolean,
  now: number,
): {
  tokens: NewToken[];
  sessionTokenId: Buffer;
  response: { sessionToken: string; keyFetchToken?: string };
} {
  const uid = account.record.uid;
  const session = createSessionToken(uid, now);
  const tokens: NewToken[] = [{ type: 'sessionToken', record: session.record }];
  const response: { sessionToken: string; keyFetchToken?: string } = {
    sessionToken: hexOf(session.seed),
  };
  if (withKeys) {
    const keyFetch = createKeyFetchToken(uid, account.record.kA, account.wrapKb, now);
    tokens.push({ type: 'keyFetchToken', record: keyFetch.record });
    response.keyFetchToken = hexOf(keyFetch.seed);
  }
  return { tokens, sessionTokenId: session.record.tokenId, response };
}
