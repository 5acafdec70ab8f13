// The one way a route asks customs for permission. A block becomes 429
// errno 114 with Retry-After and a localized "retry in …"; a customs store
// that cannot answer (only when configured to fail closed) becomes 503.
import type { Request } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import type { CustomsAction, CustomsRequest } from '../customs/customs.js';
import { retryAfterLocalized } from '../customs/index.js';
import { error, isAppError, ERRNOS } from '../errors.js';
import { StoreUnavailableError } from '../db/store.js';
import { customsAddress } from './client-ip.js';

const REFUNDED = new Set<number>([ERRNOS.INCORRECT_EMAIL_CASE, ERRNOS.SERVICE_UNAVAILABLE]);

export interface Who {
  email?: string;
  uid?: string;
}

export function customsGuard(d: Pick<Deps, 'customs'>) {
  const describe = (request: Request, action: CustomsAction, who: Who): CustomsRequest => ({
    action,
    ip: customsAddress(request.app.clientIp ?? request.info.remoteAddress),
    ...who,
  });

  /** Counts the attempt; throws 429 when a limit is reached. */
  async function check(request: Request, action: CustomsAction, who: Who = {}): Promise<void> {
    let verdict;
    try {
      verdict = await d.customs.check(describe(request, action, who));
    } catch (err) {
      throw error.serviceUnavailable(30, err);
    }
    if (verdict.block) {
      const language = request.headers['accept-language'] as string | undefined;
      throw error.tooManyRequests(
        verdict.retryAfter,
        retryAfterLocalized(verdict.retryAfter, language),
      );
    }
  }

  /**
   * Runs a password check under customs: counted before it starts, and
   * refunded when the password was right or never tried (errno 120: the
   * client retries with the stored spelling of the address, as Firefox does).
   */
  async function passwordAttempt<T>(
    request: Request,
    action: CustomsAction,
    email: string,
    attempt: () => Promise<T>,
  ): Promise<T> {
    await check(request, action, { email });
    const refund = () => d.customs.passwordOk(describe(request, action, { email }));
    try {
      const result = await attempt();
      await refund();
      return result;
    } catch (err) {
      // Not a guess either: a wrong email case (the client retries with the
      // stored spelling), a shed request (503 errno 201: never checked), or
      // a database that could not answer (also 503 errno 201).
      const notAGuess =
        (isAppError(err) && REFUNDED.has(err.errno)) || err instanceof StoreUnavailableError;
      if (notAGuess) await refund();
      throw err;
    }
  }

  return { check, passwordAttempt };
}
