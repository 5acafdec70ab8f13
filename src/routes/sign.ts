// /certificate/sign: a BrowserID certificate for the session's account
// (api-v1.md §5). The client's public key is copied verbatim into a signed
// document, so unlike other payloads it admits no unknown keys, and its
// numbers must be ones browserid-crypto reads (signer/public-key.ts). An
// account without a locale takes the one this request's Accept-Language
// names, as the 2015 server back-filled it.
import Joi from 'joi';
import type { Request } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import type { TokenCredentials } from '../auth/hawk.js';
import type { AccountRecord } from '../db/store.js';
import { error } from '../errors.js';
import { badKeyField } from '../signer/public-key.js';
import { customsGuard } from './customs-guard.js';
import { localeFrom } from './validators.js';

// Digits only; which digits (decimal or hex) depends on the algorithm and
// is checked with the key's sizes, so each failure names its field.
const bigint = Joi.string().max(2048);

export const signSchemas = {
  sign: Joi.object({
    publicKey: Joi.object({
      algorithm: Joi.string().valid('RS', 'DS').required(),
      n: bigint,
      e: bigint,
      y: bigint,
      p: bigint,
      q: bigint,
      g: bigint,
      version: Joi.string().max(16),
    })
      .unknown(false)
      .required(),
    duration: Joi.number().integer().min(0).max(86_400_000).required(),
  }),
};

const REQUIRED_PARAMS: Record<string, string[]> = { RS: ['n', 'e'], DS: ['y', 'p', 'q', 'g'] };

export function signHandlers(d: Pick<Deps, 'signer' | 'clock' | 'customs' | 'store'>) {
  const customs = customsGuard(d);
  async function sign(request: Request) {
    const { token, account } = request.auth
      .credentials as unknown as TokenCredentials<'sessionToken'>;
    const { publicKey, duration } = request.payload as {
      publicKey: Record<string, string>;
      duration: number;
    };
    if (!account.emailVerified) throw error.unverifiedAccount();
    await customs.check(request, 'certificateSign', { uid: account.uid.toString('hex') });
    const missing = REQUIRED_PARAMS[publicKey.algorithm!]!.find((k) => !publicKey[k]);
    if (missing) throw error.missingParameter(missing);
    const bad = badKeyField(publicKey);
    if (bad) throw error.invalidParameter('payload', [`publicKey.${bad}`]);
    await backfillLocale(request, account);

    const cert = await d.signer.sign({
      publicKey,
      durationMs: duration,
      uid: account.uid.toString('hex'),
      email: account.email,
      verifierSetAt: account.verifierSetAt,
      sessionCreatedAt: token.createdAt,
      now: d.clock(),
    });
    return { cert };
  }

  /** Stores the request's locale on an account that has none yet. */
  async function backfillLocale(request: Request, account: AccountRecord): Promise<void> {
    if (account.locale !== null) return;
    const locale = localeFrom(request.headers['accept-language'] as string | undefined);
    if (locale !== null) await d.store.setLocaleIfUnset(account.uid, locale);
  }

  return { sign };
}
