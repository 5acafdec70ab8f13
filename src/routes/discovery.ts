// The discovery documents: /.well-known/fxa-client-configuration, which
// Firefox reads through identity.fxaccounts.autoconfig.uri (firefox.md §1.1),
// and the OpenID Connect one. Both are fixed by config, so they are built
// once. No URL carries /v1: Firefox appends it.
import type { Request, ResponseToolkit } from '@hapi/hapi';
import type { Deps } from '../deps.js';

const CACHE = 'public, max-age=3600';

export function discoveryHandlers(d: Pick<Deps, 'config'>) {
  const { discovery, publicUrl, contentServer, oauth } = d.config;

  const clientConfigurationDocument = {
    auth_server_base_url: discovery.authServerUrl,
    oauth_server_base_url: discovery.oauthServerUrl,
    profile_server_base_url: discovery.profileServerUrl,
    sync_tokenserver_base_url: discovery.syncTokenserverUrl,
    ...(discovery.pairingServerUrl ? { pairing_server_base_uri: discovery.pairingServerUrl } : {}),
  };

  // Wildcard entries (`profile:*`) are rules, not scopes anyone can ask for.
  const scopes = new Set(oauth.clients.flatMap((c) => c.allowedScopes));
  const openidDocument = {
    issuer: publicUrl,
    authorization_endpoint: `${contentServer.url}/authorization`,
    token_endpoint: `${discovery.authServerUrl}/v1/oauth/token`,
    userinfo_endpoint: `${discovery.profileServerUrl}/v1/profile`,
    revocation_endpoint: `${discovery.authServerUrl}/v1/oauth/destroy`,
    jwks_uri: `${discovery.oauthServerUrl}/v1/jwks`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'fxa-credentials'],
    scopes_supported: [...scopes].filter((s) => !s.endsWith(':*')),
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['none'],
    code_challenge_methods_supported: ['S256'],
    claims_supported: ['aud', 'exp', 'iat', 'iss', 'sub'],
  };

  function fxaClientConfiguration(_request: Request, h: ResponseToolkit) {
    return h.response(clientConfigurationDocument).header('Cache-Control', CACHE);
  }

  function openidConfiguration(_request: Request, h: ResponseToolkit) {
    return h.response(openidDocument).header('Cache-Control', CACHE);
  }

  return { fxaClientConfiguration, openidConfiguration };
}
