// What a person reads when something fails: the FxA errno (or the kind of
// failure) mapped to a localized message. Pages pass the error they caught
// and, where the same errno means different things, what was being done.
import { CryptoUnavailableError, ERRNO, FxaError, NetworkError } from '../client/index.js';
import { formatWait, t, type MessageKey } from './i18n/index.js';

/** What the failed request was about, where it changes the message. */
export type ErrorContext = 'code' | 'link' | 'unblock' | 'reset' | 'resetLink';

const BY_ERRNO: Partial<Record<number, MessageKey>> = {
  [ERRNO.ACCOUNT_EXISTS]: 'error.accountExists',
  [ERRNO.UNKNOWN_ACCOUNT]: 'error.unknownAccount',
  [ERRNO.INCORRECT_PASSWORD]: 'error.incorrectPassword',
  [ERRNO.UNVERIFIED_ACCOUNT]: 'error.unverified',
  [ERRNO.INVALID_TOKEN]: 'error.invalidToken',
  [ERRNO.INVALID_EXPIRED_OTP_CODE]: 'error.invalidCode',
  [ERRNO.INVALID_UNBLOCK_CODE]: 'error.invalidUnblockCode',
  [ERRNO.SERVICE_UNAVAILABLE]: 'error.unavailable',
};

export function errorMessage(err: unknown, context?: ErrorContext): string {
  if (err instanceof NetworkError) return t('error.network');
  if (err instanceof CryptoUnavailableError) return t('error.insecure');
  if (!(err instanceof FxaError)) return t('error.unexpected');
  switch (err.errno) {
    case ERRNO.TOO_MANY_REQUESTS:
      return err.retryAfter
        ? t('error.throttled', { wait: formatWait(err.retryAfter) })
        : t('error.throttledLater');
    // A link naming no account is as wrong as one with a wrong code.
    case ERRNO.UNKNOWN_ACCOUNT:
      return t(context === 'link' ? 'error.invalidLink' : 'error.unknownAccount');
    // A wrong code and a used or expired link share errno 105.
    case ERRNO.INVALID_VERIFICATION_CODE: {
      // A wrong reset code says how many tries are left before it dies.
      const tries = err.body.tries;
      if (context === 'reset' && typeof tries === 'number' && tries > 0) {
        return t('reset.code.triesLeft', { tries });
      }
      if (context === 'reset') return t('reset.expired');
      return t(
        context === 'link' || context === 'resetLink' ? 'error.invalidLink' : 'error.invalidCode',
      );
    }
    // In a reset, the token that lapsed is the mailed one, not a session.
    case ERRNO.INVALID_TOKEN:
      if (context === 'reset' || context === 'resetLink') return t('reset.expired');
      break;
    case ERRNO.INVALID_PARAMETER:
      if (context === 'code' || context === 'reset') return t('error.invalidCode');
      if (context === 'unblock') return t('error.invalidUnblockCode');
      if (context === 'link' || context === 'resetLink') return t('error.invalidLink');
      return t('error.unexpected');
  }
  const key = BY_ERRNO[err.errno];
  return key ? t(key) : t('error.unexpected');
}
