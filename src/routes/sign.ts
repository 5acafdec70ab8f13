// /certificate/sign: a BrowserID certificate for the session's account
// (api-v1.md §5). The client's public key is copied verbatim into a signed
// document, so unlike other payloads it admits no unknown keys.
import Joi from 'joi';
import type { Request } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import type { TokenCredentials } from '../auth/hawk.js';
import { error } from '../errors.js';
import { customsGuard } from './customs-guard.js';

const bigint = Joi.string()
  .max(2048)
  .pattern(/^[0-9a-fA-F]+$/);

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

export function signHandlers(d: Pick<Deps, 'signer' | 'clock' | 'customs'>) {
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

  return { sign };
}
