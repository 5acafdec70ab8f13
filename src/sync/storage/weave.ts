// The response side of SyncStorage: its own error shape (sync.md §2.7, a
// bare JSON integer), the X-Weave-Timestamp every response carries (§2.6),
// and CORS (§2.1). It runs as the storage routes' own onPreResponse, and
// src/server.ts leaves routes marked `ownErrors` to it, so neither the FxA
// error translation nor hapi's Boom JSON ever reaches a Sync client.
import { isBoom } from '@hapi/boom';
import type { Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';
import { StoreUnavailableError } from '../../db/store.js';
import { formatTimestamp, tick } from './clock.js';

/** The weave error codes of §2.7 that this server sends. */
export const WEAVE = {
  UNKNOWN: 0,
  INVALID_BSO: 8,
  OVER_QUOTA: 14,
  SIZE_LIMIT: 17,
} as const;

type WeaveCode = (typeof WEAVE)[keyof typeof WEAVE];

/**
 * A storage outcome other than success: its status, its weave code, and
 * headers such as X-Last-Modified. Not a Boom, since Boom refuses the
 * statuses below 400 that preconditions answer with (304); hapi wraps it
 * as it wraps any thrown error, and weaveResponse unwraps it again.
 */
export class WeaveStatus extends Error {
  constructor(
    readonly status: number,
    readonly code: WeaveCode,
    readonly headers: Record<string, string>,
  ) {
    super(`weave ${status} ${code}`);
    this.name = 'WeaveStatus';
  }
}

export function weaveError(
  status: number,
  code: WeaveCode = WEAVE.UNKNOWN,
  headers: Record<string, string> = {},
): WeaveStatus {
  return new WeaveStatus(status, code, headers);
}

export const weave = {
  badRequest: (code: WeaveCode = WEAVE.UNKNOWN) => weaveError(400, code),
  invalidBso: () => weaveError(400, WEAVE.INVALID_BSO),
  sizeLimit: (status = 400) => weaveError(status, WEAVE.SIZE_LIMIT),
  unauthorized: () => weaveError(401),
  notFound: () => weaveError(404),
  notAcceptable: () => weaveError(406),
  overQuota: () => weaveError(403, WEAVE.OVER_QUOTA),
  /** 304 and 412 carry no body, only the resource's timestamp. */
  precondition: (status: 304 | 412, lastModified: number) =>
    weaveError(status, WEAVE.UNKNOWN, { 'X-Last-Modified': formatTimestamp(lastModified) }),
  methodNotAllowed: (allow: string) => weaveError(405, WEAVE.UNKNOWN, { Allow: allow }),
};

const NO_BODY = new Set([304, 405, 412]);
// Headers a storage error may carry to the client; Boom's own (such as
// WWW-Authenticate from Hawk) stay behind.
const PASSED_ON = ['X-Last-Modified', 'Allow', 'Retry-After'];

const EXPOSED = [
  'X-Weave-Timestamp',
  'X-Last-Modified',
  'X-Weave-Records',
  'X-Weave-Next-Offset',
  'X-Weave-Quota-Remaining',
  'X-Weave-Backoff',
  'Retry-After',
].join(', ');
const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'X-If-Modified-Since',
  'X-If-Unmodified-Since',
  'X-Last-Modified',
  'X-Weave-Records',
  'X-Weave-Bytes',
  'X-Weave-Total-Records',
  'X-Weave-Total-Bytes',
  'X-Confirm-Delete',
].join(', ');
const PREFLIGHT_MAX_AGE_S = '1728000';

export interface WeaveDeps {
  clock: () => number;
  log: { error(obj: object, msg: string): void };
  /** The Retry-After of a 503 when the database cannot answer. */
  storeRetryAfterSec: number;
}

/** The storage routes' onPreResponse: weave error bodies, X-Weave-Timestamp, CORS. */
export function weaveResponse(d: WeaveDeps) {
  return (request: Request, h: ResponseToolkit) => {
    const response = request.response;
    let out: ResponseObject;
    const failure = failureOf(response, d.storeRetryAfterSec);
    if (failure) {
      const { status, code, headers } = failure;
      if (status >= 500) d.log.error({ err: response, path: request.path }, 'sync request failed');
      // A 5xx says nothing of its cause.
      out = NO_BODY.has(status) ? h.response() : h.response(String(status >= 500 ? 0 : code));
      out.code(status).type('application/json');
      for (const name of PASSED_ON) {
        const value = headers[name];
        if (value !== undefined) out.header(name, value);
      }
    } else {
      out = response as ResponseObject;
    }
    // §2.6: max(now, X-Last-Modified), so a client never sees its own write in the future.
    const lastModified = out.headers['X-Last-Modified'];
    const now = tick(d.clock());
    const last = typeof lastModified === 'string' ? Math.round(Number(lastModified) * 1000) : 0;
    out.header('X-Weave-Timestamp', formatTimestamp(Math.max(now, last)));
    const origin = request.headers.origin as string | undefined;
    if (origin) {
      out.header('Access-Control-Allow-Origin', origin);
      out.header('Access-Control-Expose-Headers', EXPOSED);
      out.header('Vary', 'Origin', { append: true });
    }
    return out;
  };
}

/** What a failed response is to say: ours as thrown, or a framework Boom (auth, 413, 415). */
function failureOf(response: unknown, storeRetryAfterSec: number) {
  if (response instanceof WeaveStatus) return response;
  // A database that cannot answer is a 503 with Retry-After, which Firefox
  // takes as its backoff, not a 500 that would look like a broken server.
  if (response instanceof StoreUnavailableError) {
    const headers: Record<string, string> = { 'Retry-After': String(storeRetryAfterSec) };
    return { status: 503, code: WEAVE.UNKNOWN, headers };
  }
  if (!isBoom(response)) return undefined;
  const status = response.output.statusCode;
  const code = status === 413 ? WEAVE.SIZE_LIMIT : WEAVE.UNKNOWN;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.output.headers)) {
    if (typeof value === 'string' || typeof value === 'number') headers[name] = String(value);
  }
  return { status, code, headers };
}

/** OPTIONS on any storage path: the preflight answer of syncstorage-rs. */
export function preflight(_request: Request, h: ResponseToolkit) {
  return h
    .response()
    .code(200)
    .header('Access-Control-Allow-Methods', 'DELETE, GET, POST, PUT')
    .header('Access-Control-Allow-Headers', ALLOWED_HEADERS)
    .header('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_S);
}

/** A JSON body written by hand (timestamps keep their two decimals). */
export function jsonBody(h: ResponseToolkit, body: string, lastModified?: number): ResponseObject {
  const response = h.response(body).type('application/json');
  if (lastModified !== undefined) response.header('X-Last-Modified', formatTimestamp(lastModified));
  return response;
}
