// OAuthStore over SQL (both dialects), and the statement that removes an
// account's codes and tokens inside the caller's transaction.
import type { OAuthStore } from '../oauth.js';
import type { Driver, Executor } from './driver.js';

export class SqlOAuthStore implements OAuthStore {
  constructor(private readonly db: Driver) {}
}

/** Inside an account delete or reset: every code and token of `uid`. */
export async function deleteOAuthOf(_tx: Executor, _uid: Buffer): Promise<void> {}
