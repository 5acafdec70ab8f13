// The Store over SQL, written once for SQLite and MySQL: the dialects share
// every statement here, and the differences (transactions, locking, error
// codes) live in the drivers. Account SQL sits beside the method that runs
// it; token SQL is in tokens.ts, one entry per token type.

import {
  DEFAULT_LIMITS,
  DuplicateError,
  TOKEN_TYPES,
  type AccountLimits,
  type AccountRecord,
  type GrantCheck,
  type AccountResetTokenRecord,
  type ReadCacheCounts,
  type ReadCacheName,
  type NewToken,
  type SessionSummary,
  type SessionWithDevices,
  type SessionTokenRecord,
  type Store,
  type TokenRecords,
  type TokenRef,
  type TokenType,
  type TokenWithAccount,
  type VerifierFields,
} from '../store.js';
import type { Driver, Executor, Param } from './driver.js';
import {
  ACCOUNT_COLUMNS,
  ACCOUNT_PLACEHOLDERS,
  accountFromRow,
  accountParams,
  int,
} from './rows.js';
import { SELECT_SESSION_SUMMARY, TOKEN_TABLES } from './tokens.js';
import {
  SqlDeviceStore,
  deleteCommandIndexOf,
  deleteDeviceOfSession,
  listBytes,
} from './devices.js';
import {
  SELECT_SESSION_WITH_DEVICES,
  sessionWithDevicesFromRows,
  summaryFromRow,
} from './session-reads.js';
import { SqlOAuthStore } from './oauth.js';
import { checkGrant, checkLimit, lockAccount } from './guard.js';
import { SqlProfileStore } from './profiles.js';
import { SqlUnblockCodeStore } from './unblock-codes.js';
import { SqlAdminStore } from './admin.js';
import { deleteGrantsOf } from './grants.js';
import { ReadCache } from './read-cache.js';

export class SqlStore implements Store {
  private closing: Promise<void> | undefined;
  // Every signed-in request reads its session (read-cache.ts).
  private readonly summaries: ReadCache<SessionSummary>;
  // And the device list asks for its session and devices together.
  private readonly withDevices: ReadCache<SessionWithDevices>;

  readonly devices: SqlDeviceStore;
  readonly oauth: SqlOAuthStore;
  readonly profiles: SqlProfileStore;
  readonly unblockCodes: SqlUnblockCodeStore;
  readonly admin: SqlAdminStore;

  constructor(
    private readonly db: Driver,
    private readonly limits: AccountLimits = DEFAULT_LIMITS,
  ) {
    this.devices = new SqlDeviceStore(db, limits);
    this.oauth = new SqlOAuthStore(db, limits);
    this.profiles = new SqlProfileStore(db);
    this.unblockCodes = new SqlUnblockCodeStore(db);
    this.admin = new SqlAdminStore(db);
    this.summaries = new ReadCache(db);
    this.withDevices = new ReadCache(db, { sizeOf: (v) => 512 + listBytes(v.devices) });
  }

  ping(): Promise<void> {
    return this.db.ping();
  }

  readCaches(): Record<ReadCacheName, ReadCacheCounts> | undefined {
    if (this.db.dialect !== 'sqlite') return undefined;
    return {
      session: this.summaries.counts(),
      devices: this.devices.cacheCounts(),
      session_devices: this.withDevices.counts(),
      profile: this.profiles.cacheCounts(),
    };
  }

  /** Idempotent, so every shutdown path may call it. */
  close(): Promise<void> {
    this.closing ??= this.db.close();
    return this.closing;
  }

  async accountByEmail(normalizedEmail: string): Promise<AccountRecord | undefined> {
    const row = await this.db.get(
      `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE normalizedEmail = ?`,
      [normalizedEmail],
    );
    return row && accountFromRow(row);
  }

  async accountByUid(uid: Buffer): Promise<AccountRecord | undefined> {
    const row = await this.db.get(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE uid = ?`, [uid]);
    return row && accountFromRow(row);
  }

  createAccount(account: AccountRecord, tokens: NewToken[], replaceUid?: Buffer): Promise<void> {
    return this.db.transaction(async (tx) => {
      if (replaceUid !== undefined) await this.replaceUnverifiedIn(tx, replaceUid);
      await this.insert(
        tx,
        'account',
        `INSERT INTO accounts (${ACCOUNT_COLUMNS}) VALUES (${ACCOUNT_PLACEHOLDERS})`,
        accountParams(account),
      );
      for (const token of tokens) await this.insertToken(tx, token);
    });
  }

  deleteAccount(uid: Buffer): Promise<void> {
    return this.db.transaction((tx) => this.deleteAccountIn(tx, uid));
  }

  // The check and the session count run under the account lock (guard.ts),
  // so a reset committing meanwhile either waits for these tokens and
  // deletes them, or has already moved verifierSetAt and refuses them.
  createTokens(tokens: NewToken[], check?: GrantCheck): Promise<void> {
    const sessions = tokens.filter((t) => t.type === 'sessionToken');
    return this.db.transaction(async (tx) => {
      if (check !== undefined) await checkGrant(tx, this.db.dialect, check);
      const uid = sessions[0]?.record.uid;
      if (uid !== undefined) {
        if (check === undefined) await lockAccount(tx, this.db.dialect, uid);
        await checkLimit(
          tx,
          'sessionsPerAccount',
          this.limits.sessionsPerAccount,
          sessions.length,
          'SELECT COUNT(*) AS n FROM sessionTokens WHERE uid = ?',
          [uid],
        );
      }
      for (const token of tokens) await this.insertToken(tx, token);
    });
  }

  async token<T extends TokenType>(
    type: T,
    tokenId: Buffer,
  ): Promise<TokenWithAccount<T> | undefined> {
    const table = TOKEN_TABLES[type];
    const row = await this.db.get(table.selectWithAccount, [tokenId]);
    return row && { token: table.fromRow(row), account: accountFromRow(row, 'account_') };
  }

  sessionSummary(tokenId: Buffer): Promise<SessionSummary | undefined> {
    return this.summaries.read(tokenId, () => this.readSessionSummary(tokenId));
  }

  private async readSessionSummary(tokenId: Buffer): Promise<SessionSummary | undefined> {
    const row = await this.db.get(SELECT_SESSION_SUMMARY, [tokenId]);
    // No row: no session. A null email: the session outlived its account.
    return row && summaryFromRow(row);
  }

  sessionWithDevices(tokenId: Buffer): Promise<SessionWithDevices | undefined> {
    return this.withDevices.read(tokenId, async () =>
      sessionWithDevicesFromRows(await this.db.all(SELECT_SESSION_WITH_DEVICES, [tokenId])),
    );
  }

  async deleteToken(type: TokenType, tokenId: Buffer): Promise<boolean> {
    if (type !== 'sessionToken') {
      return (await this.db.run(TOKEN_TABLES[type].deleteById, [tokenId])).changes > 0;
    }
    // A device lives as long as the session it was registered with. The
    // session goes first: a registration racing this delete locks the
    // session row (guard.ts), so it either commits before the delete takes
    // the row, and the device delete after it sees the new device, or it
    // finds the session gone and registers nothing.
    return this.db.transaction(async (tx) => {
      const deleted = (await tx.run(TOKEN_TABLES[type].deleteById, [tokenId])).changes > 0;
      await deleteDeviceOfSession(tx, tokenId);
      return deleted;
    });
  }

  async sessionsOf(uid: Buffer): Promise<SessionTokenRecord[]> {
    const table = TOKEN_TABLES.sessionToken;
    return (await this.db.all(table.selectByUid, [uid])).map((row) => table.fromRow(row));
  }

  async touchSessionToken(tokenId: Buffer, now: number): Promise<void> {
    await this.db.run('UPDATE sessionTokens SET lastAccessTime = ? WHERE tokenId = ?', [
      now,
      tokenId,
    ]);
  }

  async setLocaleIfUnset(uid: Buffer, locale: string): Promise<void> {
    await this.db.run('UPDATE accounts SET locale = ? WHERE uid = ? AND locale IS NULL', [
      locale,
      uid,
    ]);
  }

  verifyEmail(uid: Buffer): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // MySQL counts only the rows an UPDATE changed, so an address verified
      // before reports 0 there; whether the account exists is asked apart.
      const { changes } = await tx.run(
        'UPDATE accounts SET emailVerified = 1 WHERE uid = ? AND emailVerified = 0',
        [uid],
      );
      if (changes > 0) return true;
      return (await tx.get('SELECT 1 AS found FROM accounts WHERE uid = ?', [uid])) !== undefined;
    });
  }

  // The account lock comes first, as in every grant (guard.ts), so a login
  // or grant racing the reset either commits before it and is deleted here,
  // or waits and then finds the new verifier. The consumed token then
  // decides the outcome: of two requests racing with one token, the second
  // waits for the first to commit, finds no row, and writes nothing.
  resetAccount(uid: Buffer, verifier: VerifierFields, consume: TokenRef): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await lockAccount(tx, this.db.dialect, uid);
      const consumed = await tx.run(TOKEN_TABLES[consume.type].deleteByIdAndUid, [
        consume.tokenId,
        uid,
      ]);
      if (consumed.changes === 0) return false;
      // keysChangedAt moves only when a new one is given (a reset, not a change).
      await tx.run(
        `UPDATE accounts SET authSalt = ?, verifyHash = ?, wrapWrapKb = ?,
          verifierVersion = ?, verifierSetAt = ?, keysChangedAt = COALESCE(?, keysChangedAt)
          WHERE uid = ?`,
        [
          verifier.authSalt,
          verifier.verifyHash,
          verifier.wrapWrapKb,
          verifier.verifierVersion,
          verifier.verifierSetAt,
          verifier.keysChangedAt ?? null,
          uid,
        ],
      );
      await this.deleteGrantsOf(tx, uid);
      return true;
    });
  }

  // The passwordForgotToken must belong to the account the accountResetToken
  // is for, or one account's code could open another account's reset.
  forgotPasswordVerified(
    passwordForgotTokenId: Buffer,
    accountResetToken: AccountResetTokenRecord,
  ): Promise<boolean> {
    const { uid } = accountResetToken;
    return this.db.transaction(async (tx) => {
      // The account first, in the order every reset and grant locks in.
      await lockAccount(tx, this.db.dialect, uid);
      const consumed = await tx.run(TOKEN_TABLES.passwordForgotToken.deleteByIdAndUid, [
        passwordForgotTokenId,
        uid,
      ]);
      if (consumed.changes === 0) return false;
      await this.insertToken(tx, { type: 'accountResetToken', record: accountResetToken });
      await tx.run('UPDATE accounts SET emailVerified = 1 WHERE uid = ?', [uid]);
      return true;
    });
  }

  // The decrement is one statement, so it never loses a concurrent one, and
  // until commit no other request can change the row (MySQL holds its row
  // lock; SQLite runs one transaction at a time), so the tries read back are
  // what this request left.
  failPasswordForgotAttempt(tokenId: Buffer): Promise<number | undefined> {
    return this.db.transaction(async (tx) => {
      await tx.run(
        'UPDATE passwordForgotTokens SET tries = tries - 1 WHERE tokenId = ? AND tries > 0',
        [tokenId],
      );
      const row = await tx.get('SELECT tries FROM passwordForgotTokens WHERE tokenId = ?', [
        tokenId,
      ]);
      if (row === undefined) return undefined;
      const tries = int(row, 'tries');
      if (tries > 0) return tries;
      // Whoever deletes the spent token reports 0; a request that found it
      // already spent and lost the delete sees it gone, like any later one.
      const deleted = await tx.run(TOKEN_TABLES.passwordForgotToken.deleteById, [tokenId]);
      return deleted.changes > 0 ? 0 : undefined;
    });
  }

  // Each type's delete is a transaction of its own. Expired tokens of one
  // type have nothing to do with another's, and a single transaction would
  // hold row locks in several tables at once, which deadlocks against
  // createTokens taking the same tables in another order. The transaction
  // is for MySQL's sake: READ COMMITTED locks only the rows deleted, not the
  // gaps around them, so pruning does not hold up tokens being issued, and a
  // deadlock that does happen is retried rather than thrown.
  async pruneTokens(createdBefore: Partial<Record<TokenType, number>>): Promise<number> {
    let deleted = 0;
    for (const type of TOKEN_TYPES) {
      const cutoff = createdBefore[type];
      if (cutoff === undefined) continue;
      const sql = TOKEN_TABLES[type].deleteCreatedBefore;
      deleted += await this.db.transaction(async (tx) => (await tx.run(sql, [cutoff])).changes);
    }
    return deleted;
  }

  // Locked first, so no grant commits a row between these deletes (guard.ts).
  // Tokens before the account, the order a foreign key would demand; inside
  // the transaction no one sees either half alone.
  private async deleteAccountIn(tx: Executor, uid: Buffer): Promise<void> {
    await lockAccount(tx, this.db.dialect, uid);
    await this.deleteGrantsOf(tx, uid);
    // Only here: a password change keeps the command counter, so indexes never repeat.
    await deleteCommandIndexOf(tx, uid);
    await tx.run('DELETE FROM accounts WHERE uid = ?', [uid]);
  }

  // The caller saw the account unverified before a slow scrypt; if it was
  // verified since, it is no longer ours to replace, and the address is taken.
  private async replaceUnverifiedIn(tx: Executor, uid: Buffer): Promise<void> {
    const sql = 'DELETE FROM accounts WHERE uid = ? AND emailVerified = 0';
    if ((await tx.run(sql, [uid])).changes === 0) throw new DuplicateError('account');
    await this.deleteGrantsOf(tx, uid);
    await deleteCommandIndexOf(tx, uid);
  }

  /** Everything that lets a client act for the account (grants.ts). */
  private deleteGrantsOf(tx: Executor, uid: Buffer): Promise<void> {
    return deleteGrantsOf(tx, uid);
  }

  // Generic in T so the record is checked against its own table's mapping.
  private async insertToken<T extends TokenType>(
    tx: Executor,
    token: { type: T; record: TokenRecords[T] },
  ): Promise<void> {
    const table = TOKEN_TABLES[token.type];
    if (table.onePerAccount) await tx.run(table.deleteByUid, [token.record.uid]);
    await this.insert(tx, token.type, table.insert, table.insertParams(token.record));
  }

  private async insert(tx: Executor, what: string, sql: string, params: Param[]): Promise<void> {
    try {
      await tx.run(sql, params);
    } catch (err) {
      if (this.db.isDuplicate(err)) throw new DuplicateError(what);
      throw err;
    }
  }
}
