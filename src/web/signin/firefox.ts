// Signing Firefox itself in, over the WebChannel (firefox.md §2.3, §3.5):
//
//   fxa_status                 are we in Firefox, and which engines does it offer?
//   oauth_flow_begin           (153 only) a PKCE + ECDH flow, when the URL has none
//   ... the user authenticates (flow.tsx) ...
//   can_link_account           Firefox may ask the user before a different account;
//                              asked at once, before anything is spent on a refusal
//   ... the user verifies, chooses what to sync ...
//   keys -> keys_jwe -> code   kB from the key bundle, the scoped keys sealed
//                              to Firefox's keys_jwk, an authorization code
//   login                      Firefox stores the session
//   oauth_login                Firefox redeems the code and starts Sync
//
// ESR 140 has no oauth_flow_begin and no keys_optional: it can only finish
// a flow it started itself, with the parameters it put in the URL.
import { OLDSYNC_SCOPE } from '../../client/index.js';
import { client } from '../api.js';
import type { StoredSession } from '../session.js';
import { send, WebChannelError, WebChannelTimeout } from '../webchannel.js';
import type { FirefoxOAuth, FlowParams } from './params.js';

/**
 * How long Firefox gets to answer fxa_status before the page assumes a
 * plain browser. Only a URL with `context` is asked at all, and Firefox
 * builds those itself, so a slow answer (a busy machine, a cold start) is
 * more likely than none; a plain browser given such a URL waits this long once.
 */
export const FIREFOX_DETECT_MS = 5000;
// The relink question of can_link_account is a modal dialog that waits for the user.
const USER_PROMPT_MS = 10 * 60 * 1000;

export interface FirefoxStatus {
  engines: string[];
  /** Firefox 153 and later: it can begin an OAuth flow on the page's request. */
  canBeginFlow: boolean;
  signedInUser?: { email: string; uid: string } | null;
}

interface StatusReply {
  signedInUser?: { email: string; uid: string } | null;
  capabilities?: { engines?: unknown; keys_optional?: boolean; can_link_account_uid?: boolean };
}

/** Firefox is not listening, or refused the page's origin. */
const absent = (err: unknown) => err instanceof WebChannelTimeout || err instanceof WebChannelError;

/** Firefox's status, or undefined when the page is not talking to Firefox. */
export async function firefoxStatus(p: FlowParams): Promise<FirefoxStatus | undefined> {
  if (!p.context) return undefined;
  let reply: StatusReply;
  try {
    reply = await send<StatusReply>(
      'fxaccounts:fxa_status',
      { service: p.service ?? '', isPairing: false, context: p.context },
      { timeoutMs: FIREFOX_DETECT_MS },
    );
  } catch (err) {
    if (absent(err)) return undefined;
    throw err;
  }
  const caps = reply?.capabilities ?? {};
  const engines = Array.isArray(caps.engines)
    ? caps.engines.filter((e): e is string => typeof e === 'string')
    : [];
  return {
    engines,
    // 140's status lacks the capabilities that came with oauth_flow_begin.
    canBeginFlow: caps.keys_optional === true || caps.can_link_account_uid === true,
    signedInUser: reply?.signedInUser ?? null,
  };
}

/** Firefox cannot finish a sign-in from this page (ESR 140 opened without its parameters). */
export class NoOAuthFlow extends Error {
  constructor() {
    super('no OAuth flow to finish');
    this.name = 'NoOAuthFlow';
  }
}

/** The server's authorization came back for another state than Firefox's flow. */
export class StateMismatch extends Error {
  constructor() {
    super('the authorization names another state');
    this.name = 'StateMismatch';
  }
}

/** The user (or Firefox) declined to link this account. */
export class LinkRefused extends Error {
  constructor() {
    super('Firefox refused to link the account');
    this.name = 'LinkRefused';
  }
}

/** The OAuth parameters from the URL, or from a flow Firefox 153 begins now. */
export async function oauthParams(p: FlowParams, status: FirefoxStatus): Promise<FirefoxOAuth> {
  if (p.oauth) return p.oauth;
  if (!status.canBeginFlow) throw new NoOAuthFlow();
  const r = await send<Partial<FirefoxOAuth>>('fxaccounts:oauth_flow_begin', {
    scopes: [OLDSYNC_SCOPE, 'profile'],
  });
  const { client_id, scope, state, code_challenge, keys_jwk } = r ?? {};
  if (!client_id || !scope || !state || !code_challenge || !keys_jwk) throw new NoOAuthFlow();
  return { client_id, scope, state, code_challenge, code_challenge_method: 'S256', keys_jwk };
}

export interface SyncChoice {
  offered: string[];
  declined: string[];
}

/**
 * Firefox's consent to this account, asked right after the password: a
 * refusal must come before the keyFetchToken is spent or an authorization
 * code exists (LinkRefused when Firefox or the person says no).
 */
export async function askToLink(s: Pick<StoredSession, 'email' | 'uid'>): Promise<void> {
  const link = await send<{ ok?: boolean }>(
    'fxaccounts:can_link_account',
    { email: s.email, uid: s.uid },
    { timeoutMs: USER_PROMPT_MS },
  );
  if (link?.ok !== true) throw new LinkRefused();
}

/** Firefox has no flow with the state it was given (oauth_login answered INVALID_STATE). */
export const lostFlow = (err: unknown) =>
  err instanceof WebChannelError && err.message.includes('INVALID_STATE');

/**
 * The steps after verification, in the order Firefox expects them.
 * `beginAgain` (Firefox 153 on a page whose URL carried no flow) asks
 * Firefox for a fresh flow when it lost the first one; kB stays in memory
 * for that one retry, since the keyFetchToken can be spent only once.
 */
export async function handOver(
  s: StoredSession,
  oauth: FirefoxOAuth,
  opts: {
    action: 'signin' | 'signup';
    sync?: SyncChoice | undefined;
    beginAgain?: (() => Promise<FirefoxOAuth>) | undefined;
  },
): Promise<void> {
  if (!s.keyFetchToken || !s.unwrapBKey) throw new Error('the session carries no keys');
  const { kB } = await client.accountKeys(s.keyFetchToken, s.unwrapBKey);
  const code = await authorize(s, kB, oauth);
  await send('fxaccounts:login', {
    email: s.email,
    uid: s.uid,
    sessionToken: s.sessionToken,
    verified: true,
    services: opts.sync
      ? { sync: { offeredEngines: opts.sync.offered, declinedEngines: opts.sync.declined } }
      : {},
  });
  try {
    await oauthLogin(code, oauth, opts);
  } catch (err) {
    if (!lostFlow(err) || !opts.beginAgain) throw err;
    const again = await opts.beginAgain();
    await oauthLogin(await authorize(s, kB, again), again, opts);
  }
}

/** keys_jwe sealed to Firefox's key, and an authorization code for its PKCE challenge. */
async function authorize(s: StoredSession, kB: string, oauth: FirefoxOAuth): Promise<Grant> {
  const keysJwe = await client.keysJwe(s.sessionToken, {
    kB,
    clientId: oauth.client_id,
    scope: oauth.scope,
    keysJwk: oauth.keys_jwk,
  });
  const code = await client.createOAuthCode(s.sessionToken, {
    client_id: oauth.client_id,
    scope: oauth.scope,
    state: oauth.state,
    code_challenge: oauth.code_challenge,
    code_challenge_method: oauth.code_challenge_method,
    access_type: 'offline',
    ...(keysJwe ? { keys_jwe: keysJwe } : {}),
  });
  // Firefox matches the code to its flow by state: the one it gave, never
  // one the server made up (an echo that differs is not this flow's code).
  if (code.state !== undefined && code.state !== oauth.state) throw new StateMismatch();
  // The client's redirect URI (the WebChannel's urn), as FxA sends it:
  // code and state travel as fields of their own, not in its query.
  return { code: code.code, redirect: code.redirect.split('?')[0] ?? code.redirect };
}

interface Grant {
  code: string;
  redirect: string;
}

function oauthLogin(
  grant: Grant,
  oauth: FirefoxOAuth,
  opts: { action: 'signin' | 'signup'; sync?: SyncChoice | undefined },
): Promise<unknown> {
  return send('fxaccounts:oauth_login', {
    code: grant.code,
    state: oauth.state,
    redirect: grant.redirect,
    action: opts.action,
    ...(opts.sync
      ? { offeredSyncEngines: opts.sync.offered, declinedSyncEngines: opts.sync.declined }
      : {}),
  });
}
