// The users-table rules of sync.md §1.3, as syncstorage-rs applies them:
// which row is the account's current one, which requests it refuses, and
// whether a request keeps the uid (updating generation and keys_changed_at
// in place) or gets a new one. Pure: the rows come in, a decision goes out,
// and the store carries it out (routes.ts).
//
// The claims they judge:
//   generation       from the OAuth token (fxa-generation, verifierSetAt):
//                    moves on every password change or reset
//   keys_changed_at  from X-KeyID: moves only when kB changes (a reset)
//   client_state     from X-KeyID: the fingerprint of kB
// Zero stands for "not reported", and a comparison with a value not
// reported is false (`gt`, `le` below), as in syncstorage-rs.
import type { NewSyncUser, SyncUserRecord } from './store.js';
import { tokenserverError, type Refusal, type TokenserverError } from './errors.js';

export interface Claims {
  fxaUid: Buffer;
  generation: number | null;
  keysChangedAt: number | null;
  clientState: string;
}

export interface Placement {
  /** Where new uids go: the configured storage node. */
  node: string;
  allowNewUsers: boolean;
  now: number;
}

export type Decision =
  | { kind: 'refuse'; error: TokenserverError }
  /** Keep this uid; write the new values when `advance` is set. */
  | { kind: 'keep'; user: SyncUserRecord; advance: boolean }
  /**
   * A new uid. `replacing` is the current row it supersedes; `keysChanged`
   * says the old uids' storage was encrypted with another kB.
   */
  | { kind: 'allocate'; user: NewSyncUser; replacing: number | null; keysChanged: boolean };

type Maybe = number | null;
const gt = (a: Maybe, b: Maybe) => a !== null && b !== null && a > b;
const lt = (a: Maybe, b: Maybe) => a !== null && b !== null && a < b;
const le = (a: Maybe, b: Maybe) => a !== null && b !== null && a <= b;

/** The current row: the greatest (generation, created_at); uid breaks a tie. */
export function newestFirst(rows: readonly SyncUserRecord[]): SyncUserRecord[] {
  return [...rows].sort(
    (a, b) => b.generation - a.generation || b.createdAt - a.createdAt || b.uid - a.uid,
  );
}

export function decide(claims: Claims, rows: readonly SyncUserRecord[], p: Placement): Decision {
  const [current, ...older] = newestFirst(rows);
  if (current === undefined) {
    if (!p.allowNewUsers) return refuse('newUsersDisabled');
    const user = { ...fromClaims(claims), createdAt: p.now, node: p.node };
    return { kind: 'allocate', user, replacing: null, keysChanged: false };
  }
  const oldStates = older.map((r) => r.clientState).filter((s) => s !== current.clientState);
  const refused = check(claims, current, oldStates);
  if (refused) return refuse(refused);

  const next = updated(claims, current);
  const stateChanged = claims.clientState !== current.clientState;
  // A replaced row, or one on a node this server no longer sends clients
  // to, cannot be handed out again; its successor is a copy on the node.
  const moved = current.replacedAt !== null || current.node !== p.node;
  if (stateChanged || moved) {
    const replacing = rows.find((r) => r.replacedAt === null)?.uid ?? null;
    const user = {
      fxaUid: claims.fxaUid,
      ...next,
      clientState: claims.clientState,
      createdAt: p.now,
      node: p.node,
    };
    // An empty client state was never a fingerprint, so it proves no change of kB.
    const keysChanged = stateChanged && current.clientState !== '';
    return { kind: 'allocate', user, replacing, keysChanged };
  }
  const advance =
    next.generation !== current.generation || next.keysChangedAt !== current.keysChangedAt;
  return { kind: 'keep', user: { ...current, ...next }, advance };
}

const refuse = (why: Refusal): Decision => ({ kind: 'refuse', error: tokenserverError(why) });

function fromClaims(c: Claims) {
  return {
    fxaUid: c.fxaUid,
    generation: c.generation ?? 0,
    clientState: c.clientState,
    keysChangedAt: c.keysChangedAt,
  };
}

/** The checks of §1.3, in syncstorage-rs's order; the first that fails names the refusal. */
function check(c: Claims, user: SyncUserRecord, oldStates: string[]): Refusal | undefined {
  const gen = user.generation;
  const kca = user.keysChangedAt;
  const stateChanged = c.clientState !== user.clientState;
  // A key change is an auth change, so keys_changed_at <= generation.
  if (gt(c.keysChangedAt, kca) && lt(c.generation, c.keysChangedAt)) return 'keysChangedAtAhead';
  if (user.clientState !== '' && c.clientState === '') return 'clientStateEmpty';
  if (oldStates.includes(c.clientState)) return 'clientStateStale';
  if (stateChanged && le(c.generation, gen)) return 'clientStateWithoutGeneration';
  if (stateChanged && le(c.keysChangedAt, kca)) return 'clientStateWithoutKeysChangedAt';
  if (gt(gen, c.generation)) return 'generationBehind';
  if (gt(kca, c.keysChangedAt)) return 'keysChangedAtBehind';
  if (c.keysChangedAt === null && kca !== null && kca !== 0) return 'keysChangedAtMissing';
  return undefined;
}

/** generation and keys_changed_at after a request that passed the checks. */
function updated(c: Claims, user: SyncUserRecord) {
  const kca = user.keysChangedAt;
  // The checks let a reported value through only when it is not behind.
  const keysChangedAt = c.keysChangedAt ?? (kca === null ? null : 0);
  let generation = user.generation;
  if (c.generation !== null) generation = c.generation;
  else if (
    c.keysChangedAt !== null &&
    (kca === null || c.keysChangedAt > kca) &&
    c.keysChangedAt > user.generation
  ) {
    // Without a reported generation, a newer keys_changed_at stands in for it.
    generation = c.keysChangedAt;
  }
  return { generation, keysChangedAt };
}
