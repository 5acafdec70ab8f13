// Ending what lets clients act for an account: its sessions (revoke) or
// the whole account (delete). A session is named by its handle (handle.ts).
import type { Store } from '../db/store.js';
import { syncLifecycle } from '../sync/lifecycle.js';
import { SqlSyncStore } from '../sync/storage/sql/store.js';
import { SqlTokenserverStore } from '../sync/tokenserver/sql-store.js';
import { findAccount } from './accounts.js';
import type { Context } from './context.js';
import { sessionHandle } from './handle.js';
import { AdminError, UsageError, hex, type Result } from './output.js';

export type Revoke = { all: true } | { session: string } | { device: string };

export async function revokeSessions(
  ctx: Context,
  ref: string | undefined,
  what: Revoke,
): Promise<Result> {
  const { store } = await ctx.database();
  const account = await findAccount(store, ref);
  const base = { uid: hex(account.uid), email: account.email };
  // Read first, as the routes do: the devices go with their sessions, and
  // each removed one is told (device_disconnected with its own id), so
  // Firefox signs out at once instead of at its next refused request.
  const devices = await store.devices.devicesOf(account.uid);
  const push = await ctx.push();
  if ('all' in what) {
    // Refresh tokens go too: Firefox keeps syncing on one after its session ends.
    const sessions = await store.admin.signOutEverywhere(account.uid);
    // Every device is gone, so each needs to hear only of itself.
    for (const device of devices) push?.deviceDisconnected(account.uid, [device], device.id);
    return {
      text: `signed ${account.email} out everywhere: ${sessions} session(s), with their devices and OAuth grants`,
      json: { ...base, revoked: 'all', sessions },
    };
  }
  if ('session' in what) {
    const tokenId = await revokeByHandle(store, account.uid, what.session);
    const gone = devices.find((d) => d.sessionTokenId?.equals(tokenId));
    if (gone) push?.deviceDisconnected(account.uid, devices, gone.id);
    return {
      text: `revoked session ${what.session} of ${account.email}`,
      json: { ...base, revoked: 'session', session: what.session },
    };
  }
  if (!/^[0-9a-f]{32}$/i.test(what.device)) throw new UsageError('a device id is 32 hex digits');
  // The device and its session, in one transaction (DeviceStore.destroyDevice).
  const id = Buffer.from(what.device, 'hex');
  if (!(await store.devices.destroyDevice(account.uid, id))) {
    throw new AdminError(`${account.email} has no device ${what.device}`);
  }
  push?.deviceDisconnected(account.uid, devices, id);
  return {
    text: `revoked device ${what.device.toLowerCase()} of ${account.email} and its session`,
    json: { ...base, revoked: 'device', device: what.device.toLowerCase() },
  };
}

/** Deletes the session `handle` names and gives its token id. */
async function revokeByHandle(store: Store, uid: Buffer, handle: string): Promise<Buffer> {
  const wanted = handle.toLowerCase();
  const session = (await store.sessionsOf(uid)).find((s) => sessionHandle(s.tokenId) === wanted);
  if (!session) throw new AdminError(`no session ${handle}; \`show\` lists the account's sessions`);
  // Its device goes with it, in the same transaction (Store.deleteToken).
  await store.deleteToken('sessionToken', session.tokenId);
  return session.tokenId;
}

/**
 * As POST /account/destroy does it: the account with its tokens, devices
 * and grants in one transaction, then its Sync users and storage through
 * the same lifecycle the route calls. What a failure there leaves behind,
 * the server's start-up sweep finishes.
 */
export async function deleteAccount(ctx: Context, ref: string | undefined): Promise<Result> {
  const { store, driver } = await ctx.database();
  const account = await findAccount(store, ref);
  const users = new SqlTokenserverStore(driver);
  const syncUids = (await users.usersOf(account.uid)).length;
  // Read first: the delete takes the devices with it (account_destroyed).
  const devices = await store.devices.devicesOf(account.uid);
  await store.deleteAccount(account.uid);
  (await ctx.push())?.accountDestroyed(account.uid, devices);
  const eraser = new SqlSyncStore(driver, ctx.clock, ctx.config.syncStorage.maxPageBytes);
  await syncLifecycle({ users, eraser, log: ctx.log, clock: ctx.clock }).accountDeleted(
    account.uid,
  );
  if ((await users.usersOf(account.uid)).length > 0) {
    throw new AdminError(
      `deleted ${account.email}, but not all of its Sync data (see the error above); ` +
        'the server deletes the rest when it next starts',
    );
  }
  return {
    text: `deleted ${account.email} (uid ${hex(account.uid)}) and the Sync data of ${syncUids} Sync user(s)`,
    json: { uid: hex(account.uid), email: account.email, deleted: true, syncUsers: syncUids },
  };
}
