// The registry of OAuth clients, read from config (`oauth.clients`). Every
// client is public: it holds no secret and proves possession of its code
// with PKCE instead, which is how Firefox signs in. A client may receive
// only the scopes its allowedScopes cover (scopes.ts), and its code goes
// back only to its one registered redirect URI.
import Joi from 'joi';
import { error } from '../errors.js';
import { OLDSYNC_SCOPE, formatScope, parseScope, uncovered } from './scopes.js';

export interface OAuthClient {
  /** 16 hex characters, as FxA spells client ids. */
  id: string;
  name: string;
  redirectUri: string;
  allowedScopes: string[];
}

/** Firefox desktop, with the redirect its web channel flow uses (firefox.md §3.5). */
export const DEFAULT_CLIENTS: OAuthClient[] = [
  {
    id: '5882386c6d801776',
    name: 'Firefox',
    redirectUri: 'urn:ietf:wg:oauth:2.0:oob:oauth-redirect-webchannel',
    allowedScopes: ['profile', 'profile:*', OLDSYNC_SCOPE],
  },
];

const clientSchema = Joi.object({
  id: Joi.string()
    .pattern(/^[0-9a-f]{16}$/)
    .required(),
  name: Joi.string().max(255).required(),
  redirectUri: Joi.string().max(512).required(),
  allowedScopes: Joi.array().items(Joi.string().max(256)).required(),
});

const registrySchema = Joi.array()
  .items(clientSchema)
  .unique((a: OAuthClient, b: OAuthClient) => a.id === b.id);

/** Throws on a malformed registry; config.ts uses it as a convict format. */
export function validateClients(value: unknown): OAuthClient[] {
  const result = registrySchema.validate(value);
  if (result.error) throw new Error(`oauth clients: ${result.error.message}`);
  return result.value as OAuthClient[];
}

export interface ClientRegistry {
  /** The client with this id; errno 162 when there is none. */
  get(id: string): OAuthClient;
}

export function clientRegistry(clients: readonly OAuthClient[]): ClientRegistry {
  const byId = new Map(clients.map((c) => [c.id, c]));
  return {
    get(id) {
      const client = byId.get(id.toLowerCase());
      if (client === undefined) throw error.unknownClientId(id);
      return client;
    },
  };
}

/** The scopes `scope` asks for, all of which the client must be allowed (163 otherwise). */
export function clientScopes(client: OAuthClient, scope: string): string[] {
  const scopes = parseScope(scope);
  const refused = uncovered(client.allowedScopes, scopes);
  if (scopes.length === 0 || refused.length > 0) throw error.invalidScopes(formatScope(refused));
  return scopes;
}
