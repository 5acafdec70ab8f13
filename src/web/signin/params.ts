// What the URL says about this sign-in: the query Firefox builds for its
// entry page (firefox.md §2.1), or a plain visit with none of it. The OAuth
// parameters are usable only when all of them are present; a partial set
// is treated as absent, and Firefox 153 is then asked for a fresh one.
import { query } from '../router.js';

/** The authorization Firefox asks for: its PKCE challenge and its key for keys_jwe. */
export interface FirefoxOAuth {
  client_id: string;
  scope: string;
  state: string;
  code_challenge: string;
  code_challenge_method: 'S256';
  keys_jwk: string;
}

export interface FlowParams {
  /** `oauth_webchannel_v1` when Firefox opened the page; absent in a plain browser. */
  context?: string;
  /** `sync` when signing Firefox in to Sync. */
  service?: string;
  email?: string;
  oauth?: FirefoxOAuth;
}

export function flowParams(q: URLSearchParams = query()): FlowParams {
  const get = (name: string) => q.get(name) || undefined;
  const oauth = {
    client_id: get('client_id'),
    scope: get('scope'),
    state: get('state'),
    code_challenge: get('code_challenge'),
    code_challenge_method: get('code_challenge_method') ?? 'S256',
    keys_jwk: get('keys_jwk'),
  };
  const complete =
    oauth.code_challenge_method === 'S256' &&
    Object.values(oauth).every((value) => value !== undefined);
  const params: FlowParams = {};
  const context = get('context');
  const service = get('service');
  const email = get('email');
  if (context) params.context = context;
  if (service) params.service = service;
  if (email) params.email = email;
  if (complete) params.oauth = oauth as FirefoxOAuth;
  return params;
}
