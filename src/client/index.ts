// The FxA client: the one client of this project. The web pages bundle it
// (esbuild), and every end-to-end test drives the server through it
// (test/client wraps it). It runs unchanged in browsers and in Node 22+, on
// WebCrypto alone: no Node import, no Buffer (enforced by lint).
//
//   const c = new FxaClient(location.origin, { lang: navigator.languages.join(',') });
//   const s = await c.signUp(email, password, { keys: true, verificationMethod: 'email-otp' });
//   await c.verifySessionCode(s.sessionToken, codeFromMail);
//   const { kB } = await c.accountKeys(s.keyFetchToken!, s.unwrapBKey);
//   const keysJwe = await c.keysJwe(s.sessionToken, { kB, clientId, scope, keysJwk });
//   const { code, state, redirect } = await c.createOAuthCode(s.sessionToken, {
//     client_id, scope, state, code_challenge, code_challenge_method: 'S256', keys_jwe: keysJwe,
//   });
//
// The verbs of FxaClient, one line each (hex strings for tokens and keys):
//
//   signUp(email, password, {keys, verificationMethod, service, redirectTo, resume})  -> SessionInfo
//   signIn(email, password, {keys, verificationMethod, service, reason, unblockCode}) -> SessionInfo
//   sendUnblockCode(email)                        mails a code for a login blocked with errno 125
//   rejectUnblockCode(uid, unblockCode)           voids a mailed unblock code (the report link)
//   accountStatus(email)                          -> {exists}: is there an account for the address
//   accountKeys(keyFetchToken, unwrapBKey)        -> {kA, kB}; spends the keyFetchToken
//   accountDestroy(email, password)               deletes the account
//   sessionStatus(sessionToken)                   -> {state, uid}; errno 110 once signed out
//   sessionDestroy(sessionToken)                  signs the session out
//   recoveryEmailStatus(sessionToken)             -> {email, verified}; the waiting page polls it
//   recoveryEmailResendCode(sessionToken, links)  mails the verification link again
//   verifyEmailLink(uid, code)                    the mailed link's values verify the address
//   verifySessionCode(sessionToken, code)         the mailed 6-digit code verifies (errno 183 if not)
//   resendSessionCode(sessionToken)               mails a fresh 6-digit code
//   passwordChange(email, old, new, {keys})       keeps kB; -> the new SessionInfo
//   passwordForgotSendCode(email, links)          -> {passwordForgotToken, ttl, codeLength, tries}
//   passwordForgotResendCode(token, email, links) mails the same reset code again
//   passwordForgotVerifyCode(token, code)         -> {accountResetToken}
//   passwordForgotStatus(token)                   -> {tries, ttl}
//   accountReset(accountResetToken, email, new, {keys, sessionToken}) new kB; -> SessionInfo?
//   devices(sessionToken) / destroyDevice(sessionToken, id)
//   attachedClients(sessionToken) / destroyAttachedClient(sessionToken, client)
//   oauthToken(sessionToken, scope, {ttl})        -> {access_token, scope, expires_in}
//   accountProfile(sessionToken)                  -> {email, displayName, avatar, ...}
//   setDisplayName(sessionToken, name)            POST /profile/v1/display_name
//   scopedKeyData(sessionToken, clientId, scope)  -> {[scope]: {identifier, keyRotationTimestamp...}}
//   keysJwe(sessionToken, {kB, clientId, scope, keysJwk}) -> keys_jwe for createOAuthCode
//   createOAuthCode(sessionToken, {client_id, scope, state, code_challenge, ..., keys_jwe})
//                                                 -> {code, state, redirect}
//
// Errors: FxaError {code, errno, error, message, retryAfter?, body} when the
// server refused (ERRNO names the common errnos), NetworkError when no
// answer came, CryptoUnavailableError when the page is not in a secure
// context (browsers offer WebCrypto only over https or on localhost).
export { FxaClient } from './client.js';
export { FIREFOX_CLIENT_ID } from './signed-in.js';
export type * from './types.js';

export { ERRNO, FxaError, NetworkError, ProtocolError, type JsonObject } from './errors.js';
export { CryptoUnavailableError, type WebCryptoKey } from './crypto.js';

// Firefox's keys (firefox.md §3.4).
export {
  OLDSYNC_SCOPE,
  deriveOldsyncKey,
  deriveScopedKeys,
  type ScopedKey,
  type ScopedKeyData,
} from './keys.js';
export {
  decryptKeysJwe,
  encryptKeysJwe,
  generateKeysJwk,
  parseKeysJwk,
  type EcPublicJwk,
} from './jwe.js';

// The protocol layers under the verbs, for tests and tools.
export {
  BundleError,
  bundleKeys,
  deriveTokenKeys,
  quickStretch,
  stretch,
  unbundleKeys,
  wrapKey,
  type StretchedPassword,
  type TokenKeys,
  type TokenType,
} from './onepw.js';
export { hawkHeader, payloadHash, type HawkRequest } from './hawk.js';
export {
  Transport,
  type ApiResponse,
  type HawkOverrides,
  type RequestOptions,
  type TokenRef,
  type TransportOptions,
} from './transport.js';
export * from './bytes.js';
