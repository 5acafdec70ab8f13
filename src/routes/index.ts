// The table of contents: every route with who may call it and what it
// accepts, on one screen. Handlers live in the file named after the path.
import type { ServerRoute, RouteOptions, Lifecycle } from '@hapi/hapi';
import type { ObjectSchema } from 'joi';
import type { Deps } from '../deps.js';
import type { TokenType } from '../db/store.js';
import { accountHandlers, accountSchemas } from './account.js';
import { accountResetHandlers, accountResetSchemas as AR } from './account-reset.js';
import { passwordHandlers, passwordSchemas as P } from './password.js';
import { passwordForgotHandlers, passwordForgotSchemas } from './password-forgot.js';
import { recoveryEmailHandlers, recoveryEmailSchemas } from './recovery-email.js';
import { sessionHandlers } from './session.js';
import { signHandlers, signSchemas as S } from './sign.js';
import { utilHandlers } from './util.js';
import { wellKnownHandlers } from './well-known.js';
import { keysQuery } from './validators.js';
// devices: imports
// oauth: imports

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
  const A = accountSchemas(d.config);
  const R = recoveryEmailSchemas(d.config);
  const F = passwordForgotSchemas(d.config);
  const account = accountHandlers(d);
  const accountReset = accountResetHandlers(d);
  const recovery = recoveryEmailHandlers(d);
  const password = passwordHandlers(d);
  const forgot = passwordForgotHandlers(d);
  const session = sessionHandlers(d);
  const sign = signHandlers(d);
  const util = utilHandlers(d);
  const wellKnown = wellKnownHandlers(d);

  // One route per line: this table is the map of the API.
  // prettier-ignore
  return [
    route('POST', '/v1/account/create', NONE, { query: keysQuery, payload: A.create }, account.create),
    route('POST', '/v1/account/login', NONE, { query: keysQuery, payload: A.login }, account.login),
    route('GET', '/v1/account/status', hawkOptional('sessionToken'), { query: A.statusQuery }, account.statusGet),
    route('POST', '/v1/account/status', NONE, { payload: A.statusPayload }, account.statusPost),
    route('GET', '/v1/account/keys', hawkGet('keyFetchToken'), {}, account.keys),
    route('POST', '/v1/account/destroy', NONE, { payload: A.destroy }, account.destroy),
    route('POST', '/v1/account/reset', hawkSigned('accountResetToken'), { payload: AR.reset }, accountReset.reset),

    route('GET', '/v1/recovery_email/status', hawkGet('sessionToken'), {}, recovery.status),
    route('POST', '/v1/recovery_email/resend_code', hawk('sessionToken'), { payload: R.resendCode }, recovery.resendCode),
    route('POST', '/v1/recovery_email/verify_code', NONE, { payload: R.verifyCode }, recovery.verifyCode),
    route('GET', '/v1/verify_email', NONE, { query: R.verifyEmailQuery }, recovery.verifyEmailRedirect),

    route('POST', '/v1/password/change/start', NONE, { payload: P.changeStart }, password.changeStart),
    route('POST', '/v1/password/change/finish', hawk('passwordChangeToken'), { payload: P.changeFinish }, password.changeFinish),
    route('POST', '/v1/password/forgot/send_code', NONE, { payload: F.sendCode }, forgot.sendCode),
    route('POST', '/v1/password/forgot/resend_code', hawk('passwordForgotToken'), { payload: F.resendCode }, forgot.resendCode),
    route('POST', '/v1/password/forgot/verify_code', hawk('passwordForgotToken'), { payload: F.verifyCode }, forgot.verifyCode),
    route('GET', '/v1/password/forgot/status', hawkGet('passwordForgotToken'), {}, forgot.status),
    route('GET', '/v1/complete_reset_password', NONE, { query: F.completeResetQuery }, forgot.completeResetRedirect),

    route('GET', '/v1/session/status', hawkGet('sessionToken'), {}, session.status),
    route('POST', '/v1/session/destroy', hawk('sessionToken'), {}, session.destroy),

    route('POST', '/v1/certificate/sign', hawkSigned('sessionToken'), { payload: S.sign }, sign.sign),
    route('GET', '/.well-known/browserid', NONE, {}, wellKnown.browserid),

    // devices: routes

    // oauth: routes

    route('POST', '/v1/get_random_bytes', NONE, {}, util.randomBytes),
    route('GET', '/', NONE, {}, util.version),
    route('GET', '/__version__', NONE, {}, util.version),
    route('GET', '/__heartbeat__', NONE, {}, util.heartbeat),
    route('GET', '/__lbheartbeat__', NONE, {}, util.lbheartbeat),
    route('*', '/v0/{path*}', NONE, {}, util.gone),
  ];
}
