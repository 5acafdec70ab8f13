// What the tokenserver stories share: a signed-up Firefox with its Sync
// credentials, and the one way of asserting the tokenserver's error shape
// (sync.md §1.2), so each story states only what it expects.
import assert from 'node:assert/strict';
import type { ApiResponse } from '../client/api.js';
import { Client } from '../client/client.js';
import { Api } from '../client/api.js';
import { SyncClient } from '../client/sync.js';
import { getSyncToken, syncCredentials, type SyncCredentials } from '../client/tokenserver.js';
import { PASSWORD, randomEmail } from './support.js';

export const MASTER_SECRET = 'tokenserver stories master secret';

export interface SyncingBrowser {
  client: Client;
  creds: SyncCredentials;
}

/** A verified account, signed in with keys, holding an oldsync token and its kid. */
export async function syncingBrowser(origin: string): Promise<SyncingBrowser> {
  const client = await Client.create(origin, randomEmail('sync'), PASSWORD, {
    preVerified: true,
    keys: true,
  });
  return { client, creds: await syncCredentials(client) };
}

/**
 * The storage client the tokenserver's answer names, as Firefox builds it:
 * a token for the account's uid on the built-in storage.
 */
export async function storageFor(
  server: { origin: string; publicUrl: string },
  creds: SyncCredentials,
): Promise<SyncClient> {
  const res = await getSyncToken(new Api(server.origin), creds);
  assert.equal(res.status, 200, res.text);
  const uid = Number(res.body.uid);
  assert.equal(res.body.api_endpoint, `${server.publicUrl}/sync/1.5/${uid}`);
  const token = { id: String(res.body.id), key: String(res.body.key) };
  return new SyncClient(server.publicUrl, uid, token);
}

export interface ErrorDetail {
  location: string;
  name?: string;
  description: string;
}

/** `{status, errors: [{location, name, description}]}` with this HTTP status, and no X-Timestamp. */
export function assertTokenserverError(
  res: ApiResponse,
  http: number,
  status: string,
  detail: ErrorDetail,
): void {
  const body: unknown = JSON.parse(res.text);
  assert.deepEqual(
    { http: res.status, body },
    {
      http,
      body: {
        status,
        errors: [
          { location: detail.location, name: detail.name ?? '', description: detail.description },
        ],
      },
    },
  );
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('x-timestamp'), null, 'errors carry no X-Timestamp');
}

export const unauthorized = (status: string, location = 'body') =>
  [401, status, { location, description: 'Unauthorized' }] as const;

/** The two halves of an X-KeyID; the base64url half may itself hold dashes. */
export function splitKeyId(keyId: string): { stamp: string; state: string } {
  const dash = keyId.indexOf('-');
  return { stamp: keyId.slice(0, dash), state: keyId.slice(dash + 1) };
}
