// What signs an account out everywhere: shared by a password reset, an
// account delete and the operator's sign-out (admin.ts), so the three can
// never disagree on what "everything" is.
import { TOKEN_TYPES } from '../store.js';
import type { Executor } from './driver.js';
import { deleteDevicesOf } from './devices.js';
import { deleteOAuthOf } from './oauth.js';
import { TOKEN_TABLES } from './tokens.js';
import { deleteUnblockCodesOf } from './unblock-codes.js';

/**
 * Every token, device, OAuth grant and unblock code of the account. The
 * caller runs it inside its transaction, holding the account lock (guard.ts).
 */
export async function deleteGrantsOf(tx: Executor, uid: Buffer): Promise<void> {
  await deleteDevicesOf(tx, uid);
  await deleteOAuthOf(tx, uid);
  await deleteUnblockCodesOf(tx, uid);
  for (const type of TOKEN_TYPES) await tx.run(TOKEN_TABLES[type].deleteByUid, [uid]);
}
