// The OAuth settings, plugged into the server's schema as `oauth`: the
// signing key, the clients, and the lifetimes of codes and access tokens.
import { DEFAULT_CLIENTS } from './clients.js';
import { OLDSYNC_SCOPE } from './scopes.js';

export const oauthSchema = {
  keyFile: {
    doc: 'Path of the RSA key (JWK) that signs OAuth access tokens. Generated on first start when missing. Empty means `<dataDir>/oauth-key.json`.',
    format: String,
    default: '',
    env: 'OAUTH_KEY_FILE',
  },
  oldPublicKeyFile: {
    doc: 'Path of a previous public key (JWK) still published in /v1/jwks during a key rotation, until the tokens it signed expire. Empty means `<keyFile>` with `.previous.json` in place of `.json`, when that file exists (`admin rotate-keys` writes it).',
    format: String,
    default: '',
    env: 'OAUTH_OLD_PUBLIC_KEY_FILE',
  },
  clients: {
    doc: 'The OAuth clients, as a JSON array of `{id, name, redirectUri, allowedScopes}` (id: 16 hex characters). Every client is public and must use PKCE. The default holds Firefox desktop.',
    format: 'oauth-clients',
    default: DEFAULT_CLIENTS,
    env: 'OAUTH_CLIENTS',
  },
  scopesWithKeys: {
    doc: 'Comma-separated scopes that carry scoped keys, reported by /v1/account/scoped-key-data.',
    format: 'string-list',
    default: [OLDSYNC_SCOPE],
    env: 'OAUTH_SCOPES_WITH_KEYS',
  },
  codeLifetimeMs: {
    doc: 'How long an authorization code may be exchanged, in ms.',
    format: 'nat',
    default: 15 * 60 * 1000,
    env: 'OAUTH_CODE_LIFETIME_MS',
  },
  accessTokenTtlSec: {
    doc: 'Access token lifetime in seconds when the client asks for none (`ttl`).',
    format: 'nat',
    default: 6 * 3600,
    env: 'OAUTH_ACCESS_TOKEN_TTL_SEC',
  },
  accessTokenMaxTtlSec: {
    doc: 'The longest access token lifetime a client may ask for, in seconds.',
    format: 'nat',
    default: 14 * 24 * 3600,
    env: 'OAUTH_ACCESS_TOKEN_MAX_TTL_SEC',
  },
};
