// The Store over SQL, written once for SQLite and MySQL: the dialects share
// every statement here, and the differences (transactions, locking, error
// codes) live in the drivers. Account SQL sits beside the method that runs
// it; token SQL is in tokens.ts, one entry per token type.

import {
  DuplicateError,
  TOKEN_TYPES,
  type AccountRecord,
  type NewToken,
  type Store,
  type TokenRecords,
  type TokenType,
  type TokenWithAccount,
} from '../store.js';
import type { Driver, Executor, Param } from './driver.js';
import { ACCOUNT_COLUMNS, ACCOUNT_PLACEHOLDERS, accountFromRow, accountParams } from './rows.js';
import { TOKEN_TABLES } from './tokens.js';

export class SqlStore implements Store {
  private closing: Promise<void> | undefined;

  constructor(private readonly db: Driver) {}

  ping(): Promise<void> {
    return this.db.ping();
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
      if (replaceUid !== undefined) await this.deleteAccountIn(tx, replaceUid);
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

  createTokens(tokens: NewToken[]): Promise<void> {
    return this.db.transaction(async (tx) => {
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

  async deleteToken(type: TokenType, tokenId: Buffer): Promise<boolean> {
    const { changes } = await this.db.run(TOKEN_TABLES[type].deleteById, [tokenId]);
    return changes > 0;
  }

  // Tokens before the account, the order a foreign key would demand; inside
  // the transaction no one sees either half alone.
  private async deleteAccountIn(tx: Executor, uid: Buffer): Promise<void> {
    for (const type of TOKEN_TYPES) await tx.run(TOKEN_TABLES[type].deleteByUid, [uid]);
    await tx.run('DELETE FROM accounts WHERE uid = ?', [uid]);
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
