// What the account routes tell Sync, after their own transaction commits:
//
//   accountDeleted  the account is gone: so is the storage of every Sync uid
//                   it ever had, and its users rows
//   keysChanged     kB was replaced (a password reset): the account's current
//                   uid is retired, so the next token names a fresh one, and
//                   the storage of its replaced uids goes: it was encrypted
//                   with the old kB and can never be read again
//
// Erasing a uid's storage retires it first (SyncStore.deleteUser): a
// client still holding a token for it can write nothing more, so nothing
// of a deleted account outlives the deletion.
//
// A password change keeps kB, and so keeps the uid and the data; nothing is
// called for it.
//
// Storage goes before the rows that name its uids are deleted (a reset
// keeps them, replaced, as the account's history). A process that stops in
// between leaves rows that still lead to whatever is left, so the work can
// be finished: at start, `sweep` finishes every deletion whose account is
// gone, and a reset's leftovers go when the next token finds the new keys
// (routes.ts). The calls log a failure rather than throw it: the account
// change they follow has already happened.
import type { Logger } from '../log.js';
import type { TokenserverStore } from './tokenserver/store.js';

/** The storage side: SyncStore.deleteUser of the built-in storage. */
export interface SyncStorageEraser {
  /** Deletes everything stored under a Sync uid; deleting an empty uid is harmless. */
  deleteUser(syncUid: number): Promise<void>;
  /** Which of `uids` deleteUser has not retired yet (storage that keeps such a record). */
  notRetired?(uids: readonly number[]): Promise<number[]>;
}

export interface SyncLifecycle {
  accountDeleted(fxaUid: Buffer): Promise<void>;
  keysChanged(fxaUid: Buffer): Promise<void>;
  /** Finishes interrupted deletions; returns how many accounts it cleaned up. */
  sweep(): Promise<number>;
}

// A second round finds at most the row of a token request that raced the
// deletion; the third is for good measure.
const DELETE_ROUNDS = 3;

export interface LifecycleDeps {
  users: TokenserverStore;
  eraser: SyncStorageEraser;
  log: Logger;
  clock: () => number;
}

export function syncLifecycle(d: LifecycleDeps): SyncLifecycle {
  // Only rows whose storage is gone are deleted, and the rows are read
  // again after: a token request that verified its access token just
  // before the account went may still have added one, and its uid must be
  // retired like the rest, not forgotten.
  async function deleteAll(fxaUid: Buffer): Promise<void> {
    for (let round = 1; round <= DELETE_ROUNDS; round++) {
      const uids = (await d.users.usersOf(fxaUid)).map((r) => r.uid);
      if (uids.length === 0) return;
      await eraseStorage(d.eraser, uids);
      await d.users.deleteUser(fxaUid, uids);
    }
    throw new Error('Sync users kept appearing for a deleted account');
  }

  // A replaced uid whose erase failed when its keys changed (the database
  // away for a moment) would otherwise stay writable, its data kept for
  // good; the storage knows which it has retired, so only those go now.
  async function eraseForgottenReplaced(): Promise<void> {
    if (d.eraser.notRetired === undefined) return;
    const left = await d.eraser.notRetired(await d.users.replacedUids());
    await eraseStorage(d.eraser, left);
    if (left.length > 0) d.log.info({ uids: left.length }, 'erased replaced Sync uids');
  }

  const logged = (what: string, work: (fxaUid: Buffer) => Promise<void>) => async (uid: Buffer) => {
    try {
      await work(uid);
    } catch (err) {
      d.log.error({ err, uid: uid.toString('hex') }, `sync cleanup after ${what} failed`);
    }
  };

  return {
    accountDeleted: logged('account deletion', deleteAll),
    // The current uid is retired before anything is erased, and only the
    // replaced uids are: a token request that brought the new keys while
    // this ran may have placed a fresh current uid, whose data is the
    // user's new data and stays.
    keysChanged: logged('key change', async (fxaUid) => {
      await d.users.retire(fxaUid, d.clock());
      const rows = await d.users.usersOf(fxaUid);
      const replaced = rows.filter((r) => r.replacedAt !== null).map((r) => r.uid);
      await eraseStorage(d.eraser, replaced);
    }),
    async sweep() {
      const orphans = await d.users.orphans();
      for (const fxaUid of orphans) await logged('account deletion', deleteAll)(fxaUid);
      await eraseForgottenReplaced();
      return orphans.length;
    },
  };
}

/** Deletes the storage of each uid, one after another. */
export async function eraseStorage(eraser: SyncStorageEraser, uids: number[]): Promise<void> {
  for (const uid of uids) await eraser.deleteUser(uid);
}
