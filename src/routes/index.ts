// The table of contents: every route with who may call it and what it
// accepts, on one screen. Handlers live in the file named after the path.
import type { ServerRoute, RouteOptions, Lifecycle } from '@hapi/hapi';
import type { ObjectSchema } from 'joi';
import type { Deps } from '../deps.js';
import type { TokenType } from '../db/store.js';
import { accountHandlers, accountSchemas as A } from './account.js';
import { sessionHandlers } from './session.js';
import { signHandlers, signSchemas as S } from './sign.js';
import { utilHandlers } from './util.js';
import { wellKnownHandlers } from './well-known.js';
import { keysQuery } from './validators.js';

type Auth = RouteOptions['auth'];
const NONE: Auth = false;
/** Hawk with this token type; a payload hash, when sent, must match the body. */
const hawk = (strategy: TokenType): Auth => ({ strategy, payload: 'optional' });
const hawkGet = (strategy: TokenType): Auth => ({ strategy });
/** Hawk with a payload hash that must be present and match. */
const hawkSigned = (strategy: TokenType): Auth => ({ strategy, payload: 'required' });
const hawkOptional = (strategy: TokenType): Auth => ({ strategy, mode: 'optional' });

interface Validate {
  query?: ObjectSchema;
  payload?: ObjectSchema;
}

function route(
  method: ServerRoute['method'],
  path: string,
  auth: Auth,
  validate: Validate,
  handler: Lifecycle.Method,
): ServerRoute {
  return { method, path, options: { auth, validate, handler } };
}

export function routes(d: Deps): ServerRoute[] {
  const account = accountHandlers(d);
  const session = sessionHandlers(d);
  const sign = signHandlers(d);
  const util = utilHandlers(d);
  const wellKnown = wellKnownHandlers(d);

  return [
    route(
      'POST',
      '/v1/account/create',
      NONE,
      { query: keysQuery, payload: A.create },
      account.create,
    ),
    route('POST', '/v1/account/login', NONE, { query: keysQuery, payload: A.login }, account.login),
    route(
      'GET',
      '/v1/account/status',
      hawkOptional('sessionToken'),
      { query: A.statusQuery },
      account.statusGet,
    ),
    route('POST', '/v1/account/status', NONE, { payload: A.statusPayload }, account.statusPost),
    route('GET', '/v1/account/keys', hawkGet('keyFetchToken'), {}, account.keys),
    route('POST', '/v1/account/destroy', NONE, { payload: A.destroy }, account.destroy),

    route('GET', '/v1/session/status', hawkGet('sessionToken'), {}, session.status),
    route('POST', '/v1/session/destroy', hawk('sessionToken'), {}, session.destroy),

    route(
      'POST',
      '/v1/certificate/sign',
      hawkSigned('sessionToken'),
      { payload: S.sign },
      sign.sign,
    ),
    route('GET', '/.well-known/browserid', NONE, {}, wellKnown.browserid),

    route('POST', '/v1/get_random_bytes', NONE, {}, util.randomBytes),
    route('GET', '/', NONE, {}, util.version),
    route('GET', '/__version__', NONE, {}, util.version),
    route('GET', '/__heartbeat__', NONE, {}, util.heartbeat),
    route('GET', '/__lbheartbeat__', NONE, {}, util.lbheartbeat),
    route('*', '/v0/{path*}', NONE, {}, util.gone),
  ];
}
