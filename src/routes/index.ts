// The table of contents: every route with who may call it and what it
// accepts, on one screen. Handlers live in the file named after the path.
import type { ServerRoute, RouteOptions, Lifecycle } from '@hapi/hapi';
import type { ObjectSchema, ValidationOptions } from 'joi';
import type { Deps } from '../deps.js';
import type { TokenType } from '../db/store.js';
import { SESSION_DEVICES, SESSION_SUMMARY } from '../auth/hawk.js';
import { accountHandlers, accountSchemas } from './account.js';
import { accountResetHandlers, accountResetSchemas as AR } from './account-reset.js';
import { accountUnblockHandlers, accountUnblockSchemas as AU } from './account-unblock.js';
import { passwordHandlers, passwordSchemas as P } from './password.js';
import { passwordForgotHandlers, passwordForgotSchemas } from './password-forgot.js';
import { recoveryEmailHandlers, recoveryEmailSchemas } from './recovery-email.js';
import { sessionHandlers, sessionSchemas } from './session.js';
import { signHandlers, signSchemas as S } from './sign.js';
import { utilHandlers } from './util.js';
import { wellKnownHandlers } from './well-known.js';
import { keysQuery } from './validators.js';
import { deviceHandlers, deviceSchemas } from './devices.js';
import { deviceCommandHandlers, deviceCommandSchemas as DC } from './devices-commands.js';
import { attachedClientHandlers, attachedClientSchemas as AC } from './attached-clients.js';
import { oauthHandlers, oauthSchemas as O } from './oauth.js';
import { scopedKeyHandlers, scopedKeySchemas as K } from './scoped-keys.js';
import { profileHandlers, profileSchemas as PR } from './profile.js';
import { discoveryHandlers } from './discovery.js';

type Auth = RouteOptions['auth'];
const NONE: Auth = false;
/** Hawk with this token type; a payload hash, when sent, must match the body. */
const hawk = (strategy: TokenType): Auth => ({ strategy, payload: 'optional' });
const hawkGet = (strategy: TokenType): Auth => ({ strategy });
/** Hawk with a payload hash that must be present and match. */
const hawkSigned = (strategy: TokenType): Auth => ({ strategy, payload: 'required' });
const hawkOptional = (strategy: TokenType): Auth => ({ strategy, mode: 'optional' });
/**
 * Hawk with a sessionToken, for the frequent reads that need only the
 * session summary (who, and whether verified); see auth/hawk.ts.
 */
const sessionRead: Auth = { strategy: SESSION_SUMMARY };
const sessionReadPayload: Auth = { strategy: SESSION_SUMMARY, payload: 'optional' };
/** The same with the account's devices read alongside, for the device list. */
const devicesRead: Auth = { strategy: SESSION_DEVICES };

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
  const checks = validate.query ? { ...validate, query: emptyQueryOr(validate.query) } : validate;
  return { method, path, options: { auth, validate: checks, handler } };
}

type QueryCheck = (value: string | object | Buffer, options: ValidationOptions) => Promise<unknown>;

/**
 * A query schema, except that a request without a query gets what joi made
 * of `{}` once, at start-up, without running joi again: Firefox's GETs
 * (the device list, say) carry none, and joi's per-call set-up cost about
 * 6 µs of a 150 µs read. A schema that refuses `{}` is always run, so its
 * errors stay joi's own.
 */
function emptyQueryOr(schema: ObjectSchema): ObjectSchema | QueryCheck {
  const empty = schema.validate({});
  if (empty.error !== undefined) return schema;
  const value = empty.value as object;
  return (query, options) =>
    typeof query === 'object' && Object.keys(query).length === 0
      ? Promise.resolve({ ...value })
      : schema.validateAsync(query, options);
}

export function routes(d: Deps): ServerRoute[] {
  const A = accountSchemas(d.config);
  const R = recoveryEmailSchemas(d.config);
  const F = passwordForgotSchemas(d.config);
  const SS = sessionSchemas(d.config);
  const DV = deviceSchemas(d.config);
  const account = accountHandlers(d);
  const accountReset = accountResetHandlers(d);
  const unblock = accountUnblockHandlers(d);
  const recovery = recoveryEmailHandlers(d);
  const password = passwordHandlers(d);
  const forgot = passwordForgotHandlers(d);
  const session = sessionHandlers(d);
  const sign = signHandlers(d);
  const util = utilHandlers(d);
  const wellKnown = wellKnownHandlers(d);
  const devices = deviceHandlers(d);
  const commands = deviceCommandHandlers(d);
  const attached = attachedClientHandlers(d);
  const oauth = oauthHandlers(d);
  const scopedKeys = scopedKeyHandlers(d);
  const profile = profileHandlers(d);
  const discovery = discoveryHandlers(d);

  // One route per line: this table is the map of the API.
  // prettier-ignore
  return [
    route('POST', '/v1/account/create', NONE, { query: keysQuery, payload: A.create }, account.create),
    route('POST', '/v1/account/login', NONE, { query: keysQuery, payload: A.login }, account.login),
    route('POST', '/v1/account/login/send_unblock_code', NONE, { payload: AU.sendCode }, unblock.sendCode),
    route('POST', '/v1/account/login/reject_unblock_code', NONE, { payload: AU.rejectCode }, unblock.rejectCode),
    route('GET', '/v1/account/status', hawkOptional('sessionToken'), { query: A.statusQuery }, account.statusGet),
    route('POST', '/v1/account/status', NONE, { payload: A.statusPayload }, account.statusPost),
    route('GET', '/v1/account/keys', hawkGet('keyFetchToken'), {}, account.keys),
    route('POST', '/v1/account/destroy', NONE, { payload: A.destroy }, account.destroy),
    route('POST', '/v1/account/reset', hawkSigned('accountResetToken'), { payload: AR.reset }, accountReset.reset),

    route('GET', '/v1/recovery_email/status', sessionRead, {}, recovery.status),
    route('POST', '/v1/recovery_email/resend_code', hawk('sessionToken'), { payload: R.resendCode }, recovery.resendCode),
    route('POST', '/v1/recovery_email/verify_code', NONE, { payload: R.verifyCode }, recovery.verifyCode),
    route('GET', '/v1/verify_email', NONE, { query: R.verifyEmailQuery }, util.toContentServer),

    route('POST', '/v1/password/change/start', NONE, { payload: P.changeStart }, password.changeStart),
    route('POST', '/v1/password/change/finish', hawk('passwordChangeToken'), { payload: P.changeFinish }, password.changeFinish),
    route('POST', '/v1/password/forgot/send_code', NONE, { payload: F.sendCode }, forgot.sendCode),
    route('POST', '/v1/password/forgot/resend_code', hawk('passwordForgotToken'), { payload: F.resendCode }, forgot.resendCode),
    route('POST', '/v1/password/forgot/verify_code', hawk('passwordForgotToken'), { payload: F.verifyCode }, forgot.verifyCode),
    route('GET', '/v1/password/forgot/status', hawkGet('passwordForgotToken'), {}, forgot.status),
    route('GET', '/v1/complete_reset_password', NONE, { query: F.completeResetQuery }, util.toContentServer),

    route('GET', '/v1/session/status', sessionRead, {}, session.status),
    route('POST', '/v1/session/destroy', sessionReadPayload, {}, session.destroy),
    route('POST', '/v1/session/verify_code', hawkSigned('sessionToken'), { payload: SS.verifyCode }, session.verifyCode),
    route('POST', '/v1/session/resend_code', hawk('sessionToken'), { payload: SS.resendCode }, session.resendCode),

    route('POST', '/v1/certificate/sign', hawkSigned('sessionToken'), { payload: S.sign }, sign.sign),
    route('GET', '/.well-known/browserid', NONE, {}, wellKnown.browserid),
    route('GET', '/.well-known/browserid/sign_in.html', NONE, {}, wellKnown.signIn),
    route('GET', '/.well-known/browserid/provision.html', NONE, {}, wellKnown.provision),

    // devices and attached clients
    route('POST', '/v1/account/device', hawk('sessionToken'), { payload: DV.device }, devices.upsert),
    route('GET', '/v1/account/devices', devicesRead, { query: DV.listQuery }, devices.list),
    route('POST', '/v1/account/device/destroy', hawk('sessionToken'), { payload: DV.destroy }, devices.destroy),
    route('GET', '/v1/account/device/commands', sessionRead, { query: DC.commandsQuery }, commands.commands),
    route('POST', '/v1/account/devices/invoke_command', hawk('sessionToken'), { payload: DC.invoke }, commands.invoke),
    route('POST', '/v1/account/devices/notify', hawk('sessionToken'), { payload: DC.notify }, commands.notify),
    route('GET', '/v1/account/attached_clients', sessionRead, {}, attached.list),
    route('POST', '/v1/account/attached_client/destroy', hawk('sessionToken'), { payload: AC.destroy }, attached.destroy),

    // oauth, scoped keys, profile and discovery
    route('POST', '/v1/oauth/authorization', hawk('sessionToken'), { payload: O.authorization }, oauth.authorization),
    route('POST', '/v1/oauth/token', { strategy: 'sessionToken', mode: 'optional', payload: 'optional' }, { payload: O.token }, oauth.token),
    route('POST', '/v1/oauth/destroy', NONE, { payload: O.destroy }, oauth.destroy),
    route('POST', '/v1/account/scoped-key-data', hawk('sessionToken'), { payload: K.scopedKeyData }, scopedKeys.scopedKeyData),
    route('GET', '/v1/jwks', NONE, {}, oauth.jwks),
    route('POST', '/v1/verify', NONE, { payload: O.verify }, oauth.verify),
    route('GET', `${d.config.profile.pathPrefix}/v1/profile`, NONE, {}, profile.profile),
    route('POST', `${d.config.profile.pathPrefix}/v1/display_name`, NONE, { payload: PR.displayName }, profile.displayName),
    route('GET', `${d.config.profile.pathPrefix}/v1/avatar/default`, NONE, {}, profile.defaultAvatar),
    route('GET', '/.well-known/fxa-client-configuration', NONE, {}, discovery.fxaClientConfiguration),
    route('GET', '/.well-known/openid-configuration', NONE, {}, discovery.openidConfiguration),

    route('POST', '/v1/get_random_bytes', NONE, {}, util.randomBytes),
    route('GET', '/__version__', NONE, {}, util.version),
    route('GET', '/__heartbeat__', NONE, {}, util.heartbeat),
    route('GET', '/__lbheartbeat__', NONE, {}, util.lbheartbeat),
    route('*', '/v0/{path*}', NONE, {}, util.gone),
  ];
}
