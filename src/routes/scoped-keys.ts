// /account/scoped-key-data: what a client needs, besides kB, to derive the
// keys of a scope (firefox.md §3.4). This server never rotates a scope's
// secret, so keyRotationSecret is all zeros and the key changes only with
// kB; keyRotationTimestamp (ms) tells clients and the tokenserver when.
import Joi from 'joi';
import type { Request } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import type { TokenCredentials } from '../auth/hawk.js';
import { error } from '../errors.js';
import { clientRegistry, clientScopes } from '../oauth/clients.js';
import { scopeParam } from '../oauth/scopes.js';
import * as v from './validators.js';

export const scopedKeySchemas = {
  scopedKeyData: Joi.object({ client_id: v.hex(8).required(), scope: scopeParam().required() }),
};

const ZERO_SECRET = '0'.repeat(64);

export function scopedKeyHandlers(d: Pick<Deps, 'config'>) {
  const clients = clientRegistry(d.config.oauth.clients);
  const withKeys = new Set(d.config.oauth.scopesWithKeys);

  function scopedKeyData(request: Request) {
    const { account } = request.auth.credentials as unknown as TokenCredentials<'sessionToken'>;
    const p = request.payload as { client_id: string; scope: string };
    const client = clients.get(p.client_id);
    const scopes = clientScopes(client, p.scope);
    // Key material is for verified accounts only, as with /account/keys.
    if (!account.emailVerified) throw error.unverifiedAccount();
    const data: Record<string, unknown> = {};
    for (const scope of scopes.filter((s) => withKeys.has(s))) {
      data[scope] = {
        identifier: scope,
        keyRotationSecret: ZERO_SECRET,
        keyRotationTimestamp: account.keysChangedAt,
      };
    }
    return data;
  }

  return { scopedKeyData };
}
