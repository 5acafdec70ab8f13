// The OAuth calls Firefox and its web content make (firefox.md §3.3, §3.5),
// written from the spec: PKCE S256, the authorization request a signed-in
// session makes, and the three token grants. Each returns the raw response
// of src/client's transport, so stories can assert on errors as easily as
// on success.
import { createHash, randomBytes } from 'node:crypto';
import type { Api, ApiResponse, TokenRef } from './api.js';

import { FIREFOX_CLIENT_ID as FIREFOX } from '../../src/client/index.js';

export { FIREFOX_CLIENT_ID } from '../../src/client/index.js';
export const WEBCHANNEL_REDIRECT = 'urn:ietf:wg:oauth:2.0:oob:oauth-redirect-webchannel';

export interface Pkce {
  verifier: string;
  challenge: string;
}

/** RFC 7636: a 43-character verifier and its S256 challenge. */
export function newPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface AuthorizeParams {
  clientId?: string;
  scope: string;
  pkce?: Pkce;
  state?: string;
  accessType?: 'online' | 'offline';
  keysJwe?: string;
  /** Extra or overriding body fields, for probing validation. */
  extra?: Record<string, unknown>;
}

/** POST /v1/oauth/authorization with the session, as the web content does. */
export function authorize(api: Api, session: TokenRef, p: AuthorizeParams): Promise<ApiResponse> {
  const body: Record<string, unknown> = {
    client_id: p.clientId ?? FIREFOX,
    response_type: 'code',
    state: p.state ?? randomBytes(16).toString('base64url'),
    scope: p.scope,
    access_type: p.accessType ?? 'offline',
    ...(p.pkce ? { code_challenge: p.pkce.challenge, code_challenge_method: 'S256' } : {}),
    ...(p.keysJwe ? { keys_jwe: p.keysJwe } : {}),
    ...p.extra,
  };
  return api.request('POST', '/v1/oauth/authorization', { token: session, body });
}

/** The authorization_code grant, Hawk-signed with the session as Firefox sends it. */
export function exchangeCode(
  api: Api,
  p: { code: string; verifier?: string; clientId?: string; session?: TokenRef },
): Promise<ApiResponse> {
  const body: Record<string, unknown> = {
    grant_type: 'authorization_code',
    client_id: p.clientId ?? FIREFOX,
    code: p.code,
    ...(p.verifier === undefined ? {} : { code_verifier: p.verifier }),
  };
  return api.request('POST', '/v1/oauth/token', {
    body,
    ...(p.session ? { token: p.session } : {}),
  });
}

/** The fxa-credentials grant: a token for the signed-in session. */
export function fxaCredentials(
  api: Api,
  session: TokenRef | undefined,
  p: { scope: string; ttl?: number; accessType?: 'online' | 'offline'; clientId?: string },
): Promise<ApiResponse> {
  const body: Record<string, unknown> = {
    grant_type: 'fxa-credentials',
    client_id: p.clientId ?? FIREFOX,
    scope: p.scope,
    ...(p.ttl === undefined ? {} : { ttl: p.ttl }),
    ...(p.accessType === undefined ? {} : { access_type: p.accessType }),
  };
  return api.request('POST', '/v1/oauth/token', { body, ...(session ? { token: session } : {}) });
}

export function refreshGrant(
  api: Api,
  p: { refreshToken: string; scope?: string; clientId?: string },
): Promise<ApiResponse> {
  const body: Record<string, unknown> = {
    grant_type: 'refresh_token',
    client_id: p.clientId ?? FIREFOX,
    refresh_token: p.refreshToken,
    ...(p.scope === undefined ? {} : { scope: p.scope }),
  };
  return api.request('POST', '/v1/oauth/token', { body });
}

/** POST /v1/oauth/destroy: no auth, as Firefox calls it at sign-out. */
export function destroyToken(api: Api, token: string, clientId = FIREFOX) {
  return api.request('POST', '/v1/oauth/destroy', { body: { client_id: clientId, token } });
}

/** POST /v1/verify, as a tokenserver without local JWKs does. */
export function verifyToken(api: Api, token: string): Promise<ApiResponse> {
  return api.request('POST', '/v1/verify', { body: { token } });
}

/** GET <profile>/v1/profile with a bearer token, optionally revalidating an ETag. */
export function fetchProfile(api: Api, token: string, etag?: string): Promise<ApiResponse> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (etag !== undefined) headers['if-none-match'] = etag;
  return api.request('GET', '/profile/v1/profile', { headers });
}
