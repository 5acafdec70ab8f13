// The errno table. Errnos are a public contract (api-v1.md §1.2): clients
// branch on them, so each one has exactly one factory here, and the README's
// table is checked against ERRNOS by a test.
//
// An AppError carries what the client sees (status, errno, message and a few
// public fields) apart from `cause`, which is logged and never serialised.
import { Boom, isBoom } from '@hapi/boom';
import { LimitError, StaleGrantError, StoreUnavailableError } from './db/store.js';

export const INFO_URL =
  'https://github.com/mozilla/fxa/blob/main/packages/fxa-auth-server/docs/api.md#response-format';

export const ERRNOS = {
  DB_PATCH_LEVEL: 100,
  ACCOUNT_EXISTS: 101,
  UNKNOWN_ACCOUNT: 102,
  INCORRECT_PASSWORD: 103,
  UNVERIFIED_ACCOUNT: 104,
  INVALID_VERIFICATION_CODE: 105,
  INVALID_JSON: 106,
  INVALID_PARAMETER: 107,
  MISSING_PARAMETER: 108,
  INVALID_SIGNATURE: 109,
  INVALID_TOKEN: 110,
  INVALID_TIMESTAMP: 111,
  REQUEST_TOO_LARGE: 113,
  TOO_MANY_REQUESTS: 114,
  ENDPOINT_GONE: 116,
  INCORRECT_EMAIL_CASE: 120,
  UNKNOWN_DEVICE: 123,
  DEVICE_SESSION_CONFLICT: 124,
  REQUEST_BLOCKED: 125,
  INVALID_UNBLOCK_CODE: 127,
  DEVICE_COMMAND_UNAVAILABLE: 157,
  UNKNOWN_CLIENT_ID: 162,
  INVALID_SCOPES: 163,
  NOT_PUBLIC_CLIENT: 166,
  INCORRECT_REDIRECT_URI: 167,
  INVALID_RESPONSE_TYPE: 168,
  MISSING_PKCE_PARAMETERS: 169,
  UNKNOWN_AUTHORIZATION_CODE: 172,
  MISMATCH_AUTHORIZATION_CODE: 173,
  EXPIRED_AUTHORIZATION_CODE: 174,
  INVALID_PKCE_CHALLENGE: 175,
  REFRESH_TOKEN_UNKNOWN: 182,
  INVALID_EXPIRED_OTP_CODE: 183,
  ACCOUNT_LIMIT_REACHED: 189,
  SERVICE_UNAVAILABLE: 201,
  UNEXPECTED: 999,
} as const;

type Extra = Record<string, unknown>;

// Boom's constructor returns a plain Error, so a subclass would lose its
// prototype; an AppError is therefore a Boom branded by this module. The
// brand is a symbol, not the errno: driver errors carry a numeric `errno` of
// their own (-111 for a refused connection), and hapi makes every thrown
// error a Boom, so "a Boom with a number errno" also describes a dead MySQL.
const BRAND = Symbol('AppError');

export interface AppError extends Boom {
  errno: number;
}

export function isAppError(err: unknown): err is AppError {
  return isBoom(err) && (err as { [BRAND]?: true })[BRAND] === true;
}

function appError(
  status: number,
  errno: number,
  message: string,
  extra: Extra = {},
  options: { headers?: Record<string, string>; cause?: unknown } = {},
): AppError {
  const err = new Boom(message, { statusCode: status }) as AppError;
  Object.defineProperty(err, BRAND, { value: true });
  err.errno = errno;
  if (options.cause !== undefined) err.cause = options.cause;
  err.output.payload = {
    code: status,
    errno,
    error: err.output.payload.error,
    message,
    info: INFO_URL,
    ...extra,
  } as unknown as Boom['output']['payload'];
  Object.assign(err.output.headers, options.headers ?? {});
  return err;
}

const withRetry = (retryAfter: number) => ({ 'Retry-After': String(retryAfter) });

// The part of a request that exceeded its limit, and the status that names it.
const TOO_LARGE = {
  body: { status: 413, message: 'Request body too large' },
  headers: { status: 431, message: 'Request headers too large' },
  url: { status: 414, message: 'Request URL too long' },
} as const;

export const error = {
  dbPatchLevel: (level: number, levelRequired: number) =>
    appError(400, ERRNOS.DB_PATCH_LEVEL, 'Incorrect Database Patch Level', {
      level,
      levelRequired,
    }),
  accountExists: (email: string) =>
    appError(400, ERRNOS.ACCOUNT_EXISTS, 'Account already exists', { email }),
  unknownAccount: (email?: string) =>
    appError(400, ERRNOS.UNKNOWN_ACCOUNT, 'Unknown account', email ? { email } : {}),
  incorrectPassword: (email: string) =>
    appError(400, ERRNOS.INCORRECT_PASSWORD, 'Incorrect password', { email }),
  unverifiedAccount: () => appError(400, ERRNOS.UNVERIFIED_ACCOUNT, 'Unverified account'),
  invalidVerificationCode: (extra: Extra = {}) =>
    appError(400, ERRNOS.INVALID_VERIFICATION_CODE, 'Invalid verification code', extra),
  invalidJson: () => appError(400, ERRNOS.INVALID_JSON, 'Invalid JSON in request body'),
  invalidParameter: (source: string, keys: string[]) =>
    appError(400, ERRNOS.INVALID_PARAMETER, 'Invalid parameter in request body', {
      validation: { source, keys },
    }),
  missingParameter: (param: string) =>
    appError(400, ERRNOS.MISSING_PARAMETER, `Missing parameter in request body: ${param}`, {
      param,
    }),
  invalidSignature: (message = 'Invalid request signature') =>
    appError(401, ERRNOS.INVALID_SIGNATURE, message),
  invalidToken: (message = 'Invalid authentication token in request signature') =>
    appError(401, ERRNOS.INVALID_TOKEN, message),
  invalidTimestamp: (serverTime: number, wwwAuthenticate?: string) =>
    appError(
      401,
      ERRNOS.INVALID_TIMESTAMP,
      'Invalid timestamp in request signature',
      { serverTime },
      wwwAuthenticate ? { headers: { 'WWW-Authenticate': wwwAuthenticate } } : {},
    ),
  requestTooLarge: (part: keyof typeof TOO_LARGE = 'body') =>
    appError(TOO_LARGE[part].status, ERRNOS.REQUEST_TOO_LARGE, TOO_LARGE[part].message),
  tooManyRequests: (retryAfter: number, retryAfterLocalized: string) =>
    appError(
      429,
      ERRNOS.TOO_MANY_REQUESTS,
      'Client has sent too many requests',
      { retryAfter, retryAfterLocalized },
      { headers: withRetry(retryAfter) },
    ),
  endpointGone: () => appError(410, ERRNOS.ENDPOINT_GONE, 'This endpoint is no longer supported'),
  incorrectEmailCase: (email: string) =>
    appError(400, ERRNOS.INCORRECT_EMAIL_CASE, 'Incorrect email case', { email }),
  unknownDevice: () => appError(400, ERRNOS.UNKNOWN_DEVICE, 'Unknown device'),
  deviceSessionConflict: () =>
    appError(400, ERRNOS.DEVICE_SESSION_CONFLICT, 'Session already registered by another device'),
  /** A login customs blocked that a mailed unblock code can let through. */
  requestBlocked: (retryAfter: number) =>
    appError(400, ERRNOS.REQUEST_BLOCKED, 'The request was blocked for security reasons', {
      verificationMethod: 'email-captcha',
      verificationReason: 'login',
      retryAfter,
    }),
  invalidUnblockCode: () => appError(400, ERRNOS.INVALID_UNBLOCK_CODE, 'Invalid unblock code'),
  deviceCommandUnavailable: () =>
    appError(400, ERRNOS.DEVICE_COMMAND_UNAVAILABLE, 'Unavailable device command'),
  unknownClientId: (clientId: string) =>
    appError(400, ERRNOS.UNKNOWN_CLIENT_ID, 'Unknown client_id', { clientId }),
  invalidScopes: (invalidScopes: string) =>
    appError(400, ERRNOS.INVALID_SCOPES, 'Requested scopes are not allowed', { invalidScopes }),
  notPublicClient: () =>
    appError(400, ERRNOS.NOT_PUBLIC_CLIENT, 'This client is not a public client'),
  incorrectRedirectUri: (redirectUri: string) =>
    appError(400, ERRNOS.INCORRECT_REDIRECT_URI, 'Incorrect redirect_uri', { redirectUri }),
  invalidResponseType: () => appError(400, ERRNOS.INVALID_RESPONSE_TYPE, 'Invalid response_type'),
  missingPkceParameters: () =>
    appError(400, ERRNOS.MISSING_PKCE_PARAMETERS, 'Public clients require PKCE parameters'),
  unknownAuthorizationCode: () =>
    appError(400, ERRNOS.UNKNOWN_AUTHORIZATION_CODE, 'Unknown authorization code'),
  mismatchAuthorizationCode: () =>
    appError(
      400,
      ERRNOS.MISMATCH_AUTHORIZATION_CODE,
      'Authorization code belongs to another client',
    ),
  expiredAuthorizationCode: () =>
    appError(400, ERRNOS.EXPIRED_AUTHORIZATION_CODE, 'Authorization code has expired'),
  invalidPkceChallenge: () =>
    appError(400, ERRNOS.INVALID_PKCE_CHALLENGE, 'PKCE code_verifier does not match the challenge'),
  refreshTokenUnknown: () => appError(400, ERRNOS.REFRESH_TOKEN_UNKNOWN, 'Unknown refresh token'),
  invalidExpiredOtpCode: () =>
    appError(400, ERRNOS.INVALID_EXPIRED_OTP_CODE, 'Invalid or expired verification code'),
  // FxA caps nothing per account, so it has no errno for this; 189 is one
  // its table leaves unused. `limit` names the cap (README "Security").
  accountLimitReached: (limit: string) =>
    appError(400, ERRNOS.ACCOUNT_LIMIT_REACHED, 'Account limit reached', { limit }),
  serviceUnavailable: (retryAfter: number, cause?: unknown) =>
    appError(
      503,
      ERRNOS.SERVICE_UNAVAILABLE,
      'Service unavailable',
      { retryAfter },
      { headers: withRetry(retryAfter), cause },
    ),
  unexpected: (cause?: unknown) =>
    appError(500, ERRNOS.UNEXPECTED, 'Unspecified error', {}, { cause }),
  // FxA has no errno for a client too slow to send its request.
  requestTimeout: () => appError(408, ERRNOS.UNEXPECTED, 'Request timed out'),
  malformedRequest: () => appError(400, ERRNOS.UNEXPECTED, 'Malformed HTTP request'),
};

export interface TranslateOptions {
  /** Retry-After for a database that cannot answer. */
  storeRetryAfterSec: number;
}

/**
 * A grant the store refused, as the caller's errno: `stale()` when the
 * credential it rested on was revoked meanwhile (what the request would have
 * got a moment later: 103 for a password, 110 for a token), 189 at a cap.
 * Anything else passes through unchanged.
 */
export function grantRefused(err: unknown, stale: () => AppError): unknown {
  if (err instanceof StaleGrantError) return stale();
  if (err instanceof LimitError) return error.accountLimitReached(err.limit);
  return err;
}

/**
 * Turns any error that reached the response into an AppError: framework
 * errors (payload parsing, unknown routes) keep their status and get the
 * errno that names them, a database that cannot answer becomes 503 errno
 * 201, and anything unexpected becomes an opaque 500.
 */
export function translate(err: unknown, opts: TranslateOptions): AppError {
  if (isAppError(err)) return err;
  if (err instanceof StoreUnavailableError) {
    return error.serviceUnavailable(opts.storeRetryAfterSec, err.cause);
  }
  if (!isBoom(err)) return error.unexpected(err);
  const boom = err;
  const status = boom.output.statusCode;
  if (status === 413) return error.requestTooLarge();
  if (status === 415) return error.invalidJson();
  if (status === 400 && /JSON/i.test(boom.message)) return error.invalidJson();
  if (status === 401) return error.invalidToken(boom.message || undefined);
  if (status >= 500) return error.unexpected(err);
  return appError(status, ERRNOS.UNEXPECTED, boom.message || boom.output.payload.error);
}

/**
 * An error while reading a request body, found by where it happened rather
 * than by its message: the body was too large (113), arrived too slowly
 * (408), cannot be read as JSON (106: a content type other than JSON, a
 * content encoding that does not decode, malformed JSON), or never arrived
 * whole (400 errno 999).
 */
export function payloadError(err: unknown): AppError {
  if (isAppError(err)) return err;
  const status = isBoom(err) ? err.output.statusCode : 500;
  if (status === 413) return error.requestTooLarge();
  if (status === 408) return error.requestTimeout();
  if (status === 400 || status === 415) return error.invalidJson();
  // The stream failed or ended short: the client went away mid-body.
  return error.malformedRequest();
}
