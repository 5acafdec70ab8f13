// The one way a route asks customs for permission. A block becomes 429
// errno 114 with Retry-After and a localized "retry in …", or, for a login
// that a mailed unblock code can clear, 400 errno 125 with
// verificationMethod "email-captcha" (FxA's sign-in unblock). A customs
// store that cannot answer (only when configured to fail closed) becomes
// 503.
import type { Request } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import type { CustomsAction, CustomsRequest, Verdict } from '../customs/customs.js';
import { retryAfterLocalized } from '../customs/index.js';
import { error, isAppError, ERRNOS } from '../errors.js';
import { StoreUnavailableError } from '../db/store.js';
import { customsAddress } from './client-ip.js';

export interface Who {
  email?: string;
  uid?: string;
}

/** Checks and spends an unblock code the request carried; throws 127 when it is not valid. */
export type SpendUnblockCode = () => Promise<void>;

// Turned away before anything was tried: shed for load (503 errno 201), or
// a database that could not answer (which becomes 503 errno 201 too).
const isShed = (err: unknown) =>
  (isAppError(err) && err.errno === ERRNOS.SERVICE_UNAVAILABLE) ||
  err instanceof StoreUnavailableError;

export function customsGuard(d: Pick<Deps, 'customs'>) {
  const describe = (request: Request, action: CustomsAction, who: Who): CustomsRequest => ({
    action,
    ip: customsAddress(request.app.clientIp ?? request.info.remoteAddress),
    ...who,
  });

  async function ask(request: Request, action: CustomsAction, who: Who): Promise<Verdict> {
    try {
      return await d.customs.check(describe(request, action, who));
    } catch (err) {
      throw error.serviceUnavailable(30, err);
    }
  }

  /**
   * Counts the attempt; throws 429 (or 125) when a limit is reached. A login
   * that brings an unblock code and is blocked only by its address's
   * failures spends the code, clears those failures and is counted afresh.
   */
  async function check(
    request: Request,
    action: CustomsAction,
    who: Who = {},
    unblock?: SpendUnblockCode,
  ): Promise<void> {
    const verdict = await ask(request, action, who);
    if (!verdict.block) return;
    const clearable = action === 'accountLogin' && verdict.unblockable;
    if (clearable && unblock) {
      await unblock();
      await d.customs.resetFailures(describe(request, action, who));
      return check(request, action, who);
    }
    if (clearable) throw error.requestBlocked(verdict.retryAfter);
    const language = request.headers['accept-language'] as string | undefined;
    throw error.tooManyRequests(
      verdict.retryAfter,
      retryAfterLocalized(verdict.retryAfter, language),
    );
  }

  /**
   * Runs work that a check has counted, refunding that count when the work
   * was shed with 503 errno 201 or the database could not answer: such a
   * request tried nothing, so it must not use up the client's quota.
   */
  async function unlessShed<T>(
    request: Request,
    action: CustomsAction,
    who: Who,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (isShed(err)) await d.customs.refund(describe(request, action, who));
      throw err;
    }
  }

  /**
   * Runs a password check under customs: counted before it starts, and
   * refunded when the password was right, never tried because of a wrong
   * email case (errno 120: the client retries with the stored spelling, as
   * Firefox does), or shed (503 errno 201).
   */
  async function passwordAttempt<T>(
    request: Request,
    action: CustomsAction,
    email: string,
    attempt: () => Promise<T>,
    unblock?: SpendUnblockCode,
  ): Promise<T> {
    await check(request, action, { email }, unblock);
    const refund = () => d.customs.passwordOk(describe(request, action, { email }));
    return unlessShed(request, action, { email }, async () => {
      try {
        const result = await attempt();
        await refund();
        return result;
      } catch (err) {
        if (isAppError(err) && err.errno === ERRNOS.INCORRECT_EMAIL_CASE) await refund();
        throw err;
      }
    });
  }

  return { check, unlessShed, passwordAttempt };
}
