// How a grant is kept from outliving a revocation, on both dialects.
//
// A grant (a session from a login, an OAuth code or token, a device, a
// queued command) is decided on something the request read earlier: the
// password it verified, the session or refresh token it came with. A
// password change, reset, sign-out or account delete may commit in
// between, and its deletes cannot remove a row that is not there yet. So
// the grant's transaction starts by locking the account row, re-reads what
// the grant rests on, and inserts only when that still holds. Every
// revocation of a whole account (reset, delete) takes the same lock first,
// so the two are serialised: either the grant commits first and the
// revocation deletes it, or the revocation commits first and the grant
// finds its credential gone.
//
// MySQL runs the store's transactions at READ COMMITTED (mysql.ts), where a
// plain SELECT, also inside INSERT ... SELECT, reads the last committed
// version without any lock: a conditional insert alone would read the old
// verifier while an uncommitted reset already holds the row. Hence the
// locking reads (FOR UPDATE), which wait for that reset and then see what
// it committed. SQLite needs no lock clause: its transactions take the
// write lock at BEGIN IMMEDIATE and run one at a time.
//
// Revocations that end one session or one device do not lock the account.
// They delete the session or device row first and its dependants after,
// and a grant bound to that row reads it FOR UPDATE, so the two still meet
// on one row lock in either order. Each dependant delete is a statement of
// its own, which at READ COMMITTED sees a grant committed while it waited.
//
// Caps are counted under the same account lock, so concurrent grants
// cannot all see room for one more.
import { LimitError, StaleGrantError, type GrantCheck, type LimitName } from '../store.js';
import type { Dialect, Executor, Param } from './driver.js';
import { int } from './rows.js';

const FOR_UPDATE: Record<Dialect, string> = { sqlite: '', mysql: ' FOR UPDATE' };

/** The locking suffix of a SELECT in this dialect. */
export const forUpdate = (dialect: Dialect) => FOR_UPDATE[dialect];

/**
 * Locks the account row until the transaction ends and returns its
 * verifierSetAt, or undefined when there is no such account.
 */
export async function lockAccount(
  tx: Executor,
  dialect: Dialect,
  uid: Buffer,
): Promise<number | undefined> {
  const sql = `SELECT verifierSetAt FROM accounts WHERE uid = ?${forUpdate(dialect)}`;
  const row = await tx.get(sql, [uid]);
  return row === undefined ? undefined : int(row, 'verifierSetAt');
}

/** Locks the account and checks `check`; throws StaleGrantError when it no longer holds. */
export async function checkGrant(tx: Executor, dialect: Dialect, check: GrantCheck): Promise<void> {
  const verifierSetAt = await lockAccount(tx, dialect, check.uid);
  if (verifierSetAt === undefined) throw new StaleGrantError();
  if ('verifierSetAt' in check) {
    if (check.verifierSetAt !== verifierSetAt) throw new StaleGrantError();
    return;
  }
  const [sql, params]: [string, Param[]] =
    'sessionTokenId' in check
      ? [
          'SELECT 1 AS found FROM sessionTokens WHERE tokenId = ? AND uid = ?',
          [check.sessionTokenId, check.uid],
        ]
      : [
          'SELECT 1 AS found FROM oauthRefreshTokens WHERE tokenHash = ? AND uid = ?',
          [check.refreshTokenHash, check.uid],
        ];
  if ((await tx.get(sql + forUpdate(dialect), params)) === undefined) throw new StaleGrantError();
}

/**
 * Throws LimitError when `adding` more rows would take the count `countSql`
 * reads (a `SELECT COUNT(*) AS n ...`) past `max`. Call it with the account
 * locked, so the count stays true until commit.
 */
export async function checkLimit(
  tx: Executor,
  limit: LimitName,
  max: number,
  adding: number,
  countSql: string,
  params: Param[],
): Promise<void> {
  if (adding === 0) return;
  const row = await tx.get(countSql, params);
  const held = row === undefined ? 0 : int(row, 'n');
  if (held + adding > max) throw new LimitError(limit);
}
