// /oauth/*, /jwks and /verify: OAuth folded into the auth server, as
// current FxA has it (api-v1.md §9.1; what Firefox sends is firefox.md §3.3).
//
// authorization  a signed-in session asks for a code for one client, bound
//                to its scopes and PKCE challenge (and the client's keys_jwe)
// token          trades a code + PKCE verifier, a session (fxa-credentials),
//                or a refresh token for an access token
// destroy        revokes one of the client's tokens; no auth, result ignored
// jwks, verify   let a relying party (the Sync tokenserver) check tokens
import Joi from 'joi';
import type { Request, ResponseToolkit } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import type { TokenCredentials } from '../auth/hawk.js';
import { error } from '../errors.js';
import { customsGuard } from './customs-guard.js';
import { clientScopes, type OAuthClient } from '../oauth/clients.js';
import { oauthGrants } from '../oauth/grants.js';
import { CHALLENGE, VERIFIER } from '../oauth/pkce.js';
import { scopeParam } from '../oauth/scopes.js';
import * as v from './validators.js';

const scope = scopeParam();
const clientId = v.hex(8);
const accessType = Joi.string().valid('online', 'offline').default('online');
const ttl = Joi.number().integer().min(1);
const jwt = Joi.string().max(8192);

export const oauthSchemas = {
  authorization: Joi.object({
    client_id: clientId.required(),
    // Checked by the handler, so anything but `code` gets errno 168.
    response_type: Joi.string().max(32).default('code'),
    state: Joi.string().max(512),
    scope: scope.required(),
    access_type: accessType,
    code_challenge: Joi.string().pattern(CHALLENGE),
    code_challenge_method: Joi.string().valid('S256'),
    // An opaque compact JWE the server stores and hands back (firefox.md §3.4).
    keys_jwe: Joi.string()
      .max(8192)
      .pattern(/^[A-Za-z0-9_.-]+$/),
    redirect_uri: Joi.string().max(512),
  }),
  token: Joi.object({
    grant_type: Joi.string()
      .valid('authorization_code', 'refresh_token', 'fxa-credentials')
      .default('authorization_code'),
    client_id: clientId.required(),
    code: v.hex(32).when('grant_type', { is: 'authorization_code', then: Joi.required() }),
    // A missing verifier is errno 169, decided by the grant.
    code_verifier: Joi.string().pattern(VERIFIER),
    refresh_token: v.hex(32).when('grant_type', { is: 'refresh_token', then: Joi.required() }),
    scope: scope.when('grant_type', { is: 'fxa-credentials', then: Joi.required() }),
    access_type: accessType,
    ttl,
  }),
  destroy: Joi.object({
    client_id: clientId.required(),
    token: jwt,
    access_token: jwt,
    refresh_token: jwt,
  }).or('token', 'access_token', 'refresh_token'),
  verify: Joi.object({ token: jwt.required() }),
};

interface AuthorizationRequest {
  client_id: string;
  response_type: string;
  state?: string;
  scope: string;
  access_type: 'online' | 'offline';
  code_challenge?: string;
  code_challenge_method?: 'S256';
  keys_jwe?: string;
  redirect_uri?: string;
}

interface TokenRequest {
  grant_type: 'authorization_code' | 'refresh_token' | 'fxa-credentials';
  client_id: string;
  code?: string;
  code_verifier?: string;
  refresh_token?: string;
  scope?: string;
  access_type: 'online' | 'offline';
  ttl?: number;
}

const sessionOf = (request: Request) =>
  request.auth.credentials as unknown as TokenCredentials<'sessionToken'>;

export function oauthHandlers(
  d: Pick<Deps, 'config' | 'store' | 'oauthKeys' | 'clock' | 'customs'>,
) {
  const grants = oauthGrants(d);
  const customs = customsGuard(d);

  async function authorization(request: Request) {
    const { token, account } = sessionOf(request);
    await customs.check(request, 'oauthToken', { uid: account.uid.toString('hex') });
    const p = request.payload as AuthorizationRequest;
    const client = grants.clients.get(p.client_id);
    if (p.response_type !== 'code') throw error.invalidResponseType();
    if (p.redirect_uri !== undefined && p.redirect_uri !== client.redirectUri) {
      throw error.incorrectRedirectUri(p.redirect_uri);
    }
    // Every client is public, so PKCE is what makes its code safe to hand out.
    if (!p.code_challenge || !p.code_challenge_method) throw error.missingPkceParameters();
    if (!account.emailVerified) throw error.unverifiedAccount();
    const code = await grants.createCode({
      client,
      uid: account.uid,
      scopes: clientScopes(client, p.scope),
      offline: p.access_type === 'offline',
      codeChallenge: p.code_challenge,
      keysJwe: p.keys_jwe ?? null,
      authAt: token.createdAt,
      sessionTokenId: token.tokenId,
    });
    return {
      code,
      ...(p.state === undefined ? {} : { state: p.state }),
      redirect: redirectWith(client, { code, state: p.state }),
    };
  }

  async function token(request: Request) {
    const p = request.payload as TokenRequest;
    const uid = request.auth.isAuthenticated
      ? sessionOf(request).account.uid.toString('hex')
      : undefined;
    await customs.check(request, 'oauthToken', uid === undefined ? {} : { uid });
    const client = grants.clients.get(p.client_id);
    switch (p.grant_type) {
      case 'authorization_code':
        return grants.exchangeCode({
          client,
          code: p.code ?? '',
          codeVerifier: p.code_verifier,
          ttl: p.ttl,
        });
      case 'refresh_token':
        return grants.refresh({
          client,
          refreshToken: p.refresh_token ?? '',
          scope: p.scope,
          ttl: p.ttl,
        });
      case 'fxa-credentials':
        return fromSession(request, client, p);
    }
  }

  // The one grant that needs the Hawk session the route only optionally checks.
  function fromSession(request: Request, client: OAuthClient, p: TokenRequest) {
    if (!request.auth.isAuthenticated) throw error.invalidToken();
    const { token, account } = sessionOf(request);
    if (!account.emailVerified) throw error.unverifiedAccount();
    return grants.issue(account, client, clientScopes(client, p.scope ?? ''), {
      ttl: p.ttl,
      offline: p.access_type === 'offline',
      authAt: token.createdAt,
      check: { uid: account.uid, sessionTokenId: token.tokenId },
      stale: () => error.invalidToken(),
    });
  }

  async function destroy(request: Request) {
    const p = request.payload as Record<string, string | undefined>;
    const client = grants.clients.get(p.client_id ?? '');
    const token = p.token ?? p.refresh_token ?? p.access_token ?? '';
    // Always {}: the answer must not tell whether the token existed.
    await grants.revoke(client, token);
    return {};
  }

  function jwks(_request: Request, h: ResponseToolkit) {
    return h.response(d.oauthKeys.jwks).header('Cache-Control', 'public, max-age=600');
  }

  async function verify(request: Request) {
    const { token } = request.payload as { token: string };
    const verified = await grants.verify(token);
    return {
      user: verified.uid.toString('hex'),
      client_id: verified.clientId,
      scope: verified.scopes,
      generation: verified.generation,
    };
  }

  return { authorization, token, destroy, jwks, verify };
}

/** The client's redirect URI with code and state appended as query, as FxA builds it. */
function redirectWith(client: OAuthClient, params: { code: string; state?: string | undefined }) {
  const query = new URLSearchParams({ code: params.code });
  if (params.state !== undefined) query.set('state', params.state);
  const separator = client.redirectUri.includes('?') ? '&' : '?';
  return `${client.redirectUri}${separator}${query.toString()}`;
}
