// What a verb throws. An answer from the server that is not a success is an
// FxaError carrying the server's `{code, errno, error, message}` (and the
// extras some errnos add: `retryAfter` on 114, `email` on 102/103/120,
// `serverTime` on 111, `tries`/`ttl` on a wrong reset code), so a page
// branches on `errno` and localizes by it. A request that never got an
// answer (no network, server down, a timeout) is a NetworkError instead,
// which a page shows as "cannot reach the server".

/** The errnos a page is likely to branch on (api-v1.md §1.2, §9.3). */
export const ERRNO = {
  ACCOUNT_EXISTS: 101,
  UNKNOWN_ACCOUNT: 102,
  INCORRECT_PASSWORD: 103,
  UNVERIFIED_ACCOUNT: 104,
  INVALID_VERIFICATION_CODE: 105,
  INVALID_PARAMETER: 107,
  MISSING_PARAMETER: 108,
  INVALID_SIGNATURE: 109,
  INVALID_TOKEN: 110,
  INVALID_TIMESTAMP: 111,
  TOO_MANY_REQUESTS: 114,
  INCORRECT_EMAIL_CASE: 120,
  REQUEST_BLOCKED: 125,
  INVALID_UNBLOCK_CODE: 127,
  UNKNOWN_DEVICE: 123,
  INVALID_SCOPES: 163,
  INVALID_EXPIRED_OTP_CODE: 183,
  SERVICE_UNAVAILABLE: 201,
  UNEXPECTED: 999,
} as const;

export type JsonObject = Record<string, unknown>;

export class FxaError extends Error {
  /** The HTTP status. */
  readonly code: number;
  readonly errno: number;
  /** The HTTP reason phrase. */
  readonly error: string;
  /** Seconds to wait before trying again (errno 114, 201). */
  readonly retryAfter?: number;
  /** The whole error body, for the extras of particular errnos. */
  readonly body: JsonObject;
  /** The answer's headers (Retry-After, Timestamp). */
  readonly headers: Headers;

  constructor(status: number, body: JsonObject, fallbackMessage: string, headers = new Headers()) {
    super(typeof body.message === 'string' ? body.message : fallbackMessage);
    this.name = 'FxaError';
    this.code = typeof body.code === 'number' ? body.code : status;
    // An answer without an errno (a proxy's 502 page, say) is still an error.
    this.errno = typeof body.errno === 'number' ? body.errno : ERRNO.UNEXPECTED;
    this.error = typeof body.error === 'string' ? body.error : 'Error';
    if (typeof body.retryAfter === 'number') this.retryAfter = body.retryAfter;
    this.body = body;
    this.headers = headers;
  }

  /** The address as the account spells it (errno 102, 103, 120). */
  get email(): string | undefined {
    return typeof this.body.email === 'string' ? this.body.email : undefined;
  }
}

export class NetworkError extends Error {
  /** True when the request was abandoned after the client's timeout. */
  readonly timedOut: boolean;

  constructor(url: string, cause: unknown, timedOut = false) {
    super(`no answer from ${new URL(url).origin}${timedOut ? ' (timed out)' : ''}`, { cause });
    this.name = 'NetworkError';
    this.timedOut = timedOut;
  }
}

/** A success answer whose body is not what the protocol promises. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}
