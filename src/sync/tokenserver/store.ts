// The tokenserver's port onto its users table (sync.md §1.3). A row ties one
// Sync uid, the path segment of a storage node, to an FxA account at one
// client_state (the fingerprint of kB) on one node. The uid changes whenever
// the keys change, so storage encrypted with an old kB is never handed to a
// client holding the new one; the replaced rows stay behind as the account's
// history of client states, which may never come back.
//
// Of an account's rows at most one is current (replacedAt null); the store
// guarantees it, so the rules (rules.ts) can decide on a plain read, and two
// requests that decide to create that row at once cannot both succeed: the
// loser learns it from `allocate` and decides again on a fresh read.
//
// Times are milliseconds. A generation of 0 and a null keysChangedAt mean
// "never reported", as in syncstorage-rs.

export interface SyncUserRecord {
  /** The Sync uid: autoincrement, never reused. */
  uid: number;
  /** The FxA account's uid, 16 bytes. */
  fxaUid: Buffer;
  generation: number;
  /** Hex of the client state bytes; '' when none was ever sent. */
  clientState: string;
  keysChangedAt: number | null;
  createdAt: number;
  replacedAt: number | null;
  /** The storage node URL the uid lives on. */
  node: string;
}

export type NewSyncUser = Pick<
  SyncUserRecord,
  'fxaUid' | 'generation' | 'clientState' | 'keysChangedAt' | 'createdAt' | 'node'
>;

/** Another request changed the account's rows between the read and the write. */
export const CONFLICT = Symbol('conflict');

export interface TokenserverStore {
  /** Every row of the account, in no particular order. */
  usersOf(fxaUid: Buffer): Promise<SyncUserRecord[]>;

  /**
   * In one transaction: marks the current row `replacing` replaced at
   * `user.createdAt`, then inserts `user` as the account's current row.
   * Returns CONFLICT, changing nothing, when `replacing` is no longer the
   * current row, or when there is a current row and `replacing` is null.
   */
  allocate(user: NewSyncUser, replacing: number | null): Promise<SyncUserRecord | typeof CONFLICT>;

  /**
   * Moves the current row's generation and keysChangedAt forward. Never
   * backwards: a concurrent request that already moved them further wins.
   */
  advance(uid: number, generation: number, keysChangedAt: number | null): Promise<void>;

  /** Marks the account's current row replaced, so its next token gets a new uid. */
  retire(fxaUid: Buffer, now: number): Promise<void>;

  /** Deletes the account's rows: every one, or only those of `uids`. */
  deleteUser(fxaUid: Buffer, uids?: readonly number[]): Promise<void>;

  /** The FxA uids that have rows but no account: left behind by an interrupted deletion. */
  orphans(): Promise<Buffer[]>;

  /** The uids of every replaced row, of any account. */
  replacedUids(): Promise<number[]>;
}
