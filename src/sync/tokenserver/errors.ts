// The tokenserver's errors, in the shape its clients parse (sync.md §1.2):
//
//   {"status": S, "errors": [{"location": L, "name": N, "description": D}]}
//
// not the FxA {code, errno} body of the /v1 routes. Firefox reads `status`
// (invalid-credentials, invalid-client-state, ...) to tell a stale OAuth
// token from a key change, so each refusal is a row of the table below
// with syncstorage-rs's exact words.
//
// A refusal is a Boom carrying its row, thrown like any hapi error. The
// routes' own onPreResponse (corniceResponse) turns every Boom that reaches
// a tokenserver response into this shape, before the server-wide one, which
// speaks FxA, ever sees it.
import { Boom, isBoom } from '@hapi/boom';
import type { Request, ResponseToolkit } from '@hapi/hapi';
import type { Logger } from '../../log.js';

type Location = 'body' | 'header' | 'url' | 'internal';

interface Row {
  http: number;
  status: string;
  location: Location;
  name: string;
  description: string;
}

const row = (
  http: number,
  status: string,
  location: Location,
  name: string,
  description: string,
): Row => ({ http, status, location, name, description });

const UNAUTHORIZED = 'Unauthorized';
const clientState = (description: string) =>
  row(401, 'invalid-client-state', 'header', 'X-Client-State', description);

const ROWS = {
  noAuthorization: row(401, 'error', 'body', '', UNAUTHORIZED),
  unsupportedScheme: row(401, 'error', 'body', '', 'Unsupported'),
  invalidCredentials: row(401, 'invalid-credentials', 'body', '', UNAUTHORIZED),
  missingKeyId: row(401, 'invalid-key-id', 'header', '', 'Missing X-KeyID header'),
  invalidKeyId: row(401, 'invalid-key-id', 'header', '', 'Invalid X-KeyID header'),
  invalidClientStateHeader: row(
    400,
    'error',
    'header',
    'X-Client-State',
    'Invalid client state value',
  ),
  clientStateMismatch: row(401, 'invalid-client-state', 'body', '', UNAUTHORIZED),
  unsupportedApplication: row(404, 'error', 'url', 'application', 'Unsupported application'),
  // 403 where the Python tokenserver said 401: nothing a client can retry.
  newUsersDisabled: row(403, 'new-users-disabled', 'body', '', 'New users are not allowed'),
  keysChangedAtAhead: row(401, 'invalid-keysChangedAt', 'body', '', UNAUTHORIZED),
  keysChangedAtBehind: row(401, 'invalid-keysChangedAt', 'body', '', UNAUTHORIZED),
  keysChangedAtMissing: row(401, 'invalid-keysChangedAt', 'body', '', UNAUTHORIZED),
  clientStateEmpty: clientState('Unacceptable client-state value empty string'),
  clientStateStale: clientState('Unacceptable client-state value stale value'),
  clientStateWithoutGeneration: clientState(
    'Unacceptable client-state value new value with no generation change',
  ),
  clientStateWithoutKeysChangedAt: clientState(
    'Unacceptable client-state value new value with no keys_changed_at change',
  ),
  generationBehind: row(401, 'invalid-generation', 'body', '', UNAUTHORIZED),
  notFound: row(404, 'error', 'url', '', 'Not Found'),
  methodNotAllowed: row(405, 'error', 'url', '', 'Method Not Allowed'),
  badRequest: row(400, 'error', 'body', '', 'Bad Request'),
  // The OAuth tokens cannot be checked (their store is down).
  unavailable: row(503, 'error', 'body', '', 'Resource is not available'),
  internal: row(500, 'internal-error', 'internal', '', 'Server error'),
} satisfies Record<string, Row>;

export type Refusal = keyof typeof ROWS;

export interface TokenserverError extends Boom {
  tokenserver: Row;
}

function fromRow(r: Row, cause?: unknown): TokenserverError {
  const err = new Boom(r.description, { statusCode: r.http }) as TokenserverError;
  err.tokenserver = r;
  if (cause !== undefined) err.cause = cause;
  return err;
}

export function tokenserverError(why: Refusal, cause?: unknown): TokenserverError {
  return fromRow(ROWS[why], cause);
}

/** 404 for a version other than 1.5, naming the version asked for. */
export function unsupportedVersion(version: string): TokenserverError {
  return fromRow(row(404, 'error', 'url', version, 'Unsupported application version'));
}

export const isTokenserverError = (err: unknown): err is TokenserverError =>
  isBoom(err) && 'tokenserver' in err;

/** The row for anything else that reached a response: hapi's own errors, or a bug. */
function rowFor(err: Boom): Row {
  if (isTokenserverError(err)) return err.tokenserver;
  const status = err.output.statusCode;
  if (status === 404) return ROWS.notFound;
  if (status === 405) return ROWS.methodNotAllowed;
  if (status >= 500) return ROWS.internal;
  // hapi's phrase for the status (Bad Request, Unsupported Media Type, ...).
  const phrase = (err.output.payload as { error?: unknown }).error;
  const description = typeof phrase === 'string' ? phrase : ROWS.badRequest.description;
  return { ...ROWS.badRequest, http: status, description };
}

/** The routes' onPreResponse: every error in the tokenserver's shape, 5xx logged. */
export function corniceResponse(log: Logger) {
  return (request: Request, h: ResponseToolkit) => {
    const response = request.response;
    if (!isBoom(response)) return h.continue;
    const r = rowFor(response);
    if (r.http >= 500) {
      log.error({ err: response.cause ?? response, path: request.path }, 'tokenserver failed');
    }
    const body = {
      status: r.status,
      errors: [{ location: r.location, name: r.name, description: r.description }],
    };
    return h.response(body).code(r.http).header('X-Content-Type-Options', 'nosniff');
  };
}
