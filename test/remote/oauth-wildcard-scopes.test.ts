// Wildcards in requested scopes (issue 11, finding 6): a client gets only the
// scopes its allowed list covers exactly or as a proper sub-scope. A
// requested `name:*` would, by the covering rule, buy every sub-scope of
// name, writes included, so no grant path hands one out.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { Client } from '../client/client.js';
import { authorize, fxaCredentials, newPkce, refreshGrant } from '../client/oauth.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PASSWORD, assertFxaError, assertOk, randomEmail, useServer } from './support.js';

const EMAIL_ONLY = '0123456789abcdef';
const WILDCARD_CLIENT = 'fedcba9876543210';

describeEachDatabase('OAuth wildcard scopes', (db) => {
  const server = useServer(db, {
    oauth: {
      clients: [
        {
          id: EMAIL_ONLY,
          name: 'Reads the address',
          redirectUri: 'https://email.example/',
          allowedScopes: ['profile:email'],
        },
        {
          id: WILDCARD_CLIENT,
          name: 'Configured with a wildcard',
          redirectUri: 'https://wild.example/',
          allowedScopes: ['profile:*'],
        },
      ],
    },
  });
  let user: Client;

  before(async () => {
    user = await Client.create(server().origin, randomEmail(), PASSWORD, { preVerified: true });
  });

  const credentials = (clientId: string, scope: string, accessType?: 'offline') =>
    fxaCredentials(user.api, user.session(), {
      clientId,
      scope,
      ...(accessType ? { accessType } : {}),
    });

  it('grants a client allowed profile:email that scope, never profile:email:*', async () => {
    const exact = await credentials(EMAIL_ONLY, 'profile:email');
    assertOk(exact);
    assert.equal(exact.body.scope, 'profile:email');

    const wildcard = await credentials(EMAIL_ONLY, 'profile:email:*');
    assertFxaError(wildcard, 400, 163);
    assert.equal(wildcard.body.invalidScopes, 'profile:email:*');
    assertFxaError(await credentials(EMAIL_ONLY, 'profile:email:write'), 400, 163);
  });

  it('refuses a requested wildcard even to a client configured with one', async () => {
    assertOk(await credentials(WILDCARD_CLIENT, 'profile:email'));
    assertFxaError(await credentials(WILDCARD_CLIENT, 'profile:*'), 400, 163);
    assertFxaError(await credentials(WILDCARD_CLIENT, 'profile:email profile:*'), 400, 163);
    assertFxaError(await credentials(WILDCARD_CLIENT, '*'), 400, 163);
  });

  it('issues no authorization code for a wildcard', async () => {
    const res = await authorize(user.api, user.session(), {
      clientId: EMAIL_ONLY,
      scope: 'profile:email:*',
      pkce: newPkce(),
    });
    assertFxaError(res, 400, 163);
  });

  it('does not widen a refresh token to a wildcard', async () => {
    const offline = await credentials(EMAIL_ONLY, 'profile:email', 'offline');
    assertOk(offline);
    const refreshToken = String(offline.body.refresh_token);
    const res = await refreshGrant(user.api, {
      refreshToken,
      clientId: EMAIL_ONLY,
      scope: 'profile:email:*',
    });
    assertFxaError(res, 400, 163);
    assertOk(await refreshGrant(user.api, { refreshToken, clientId: EMAIL_ONLY }));
  });
});
