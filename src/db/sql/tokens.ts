// One entry per token type: its table's SQL and how a record maps to and
// from a row. The store looks a type up here, so adding a token type is one
// entry (and a patch for its table), not a new set of store methods.
//
// Token reads join the account in the same query, because Hawk
// authentication needs both on every request (the fxa-auth-db-mysql
// sessionToken_3 procedure did the same). Token columns keep their names;
// account columns come back as account_<column> (rows.ts), so the two uid
// and createdAt columns do not collide.

import type { TokenRecords, TokenType } from '../store.js';
import type { Param, Row } from './driver.js';
import { ACCOUNT_COLUMNS_JOINED, bytes, int, textOrNull } from './rows.js';

interface TokenTable<R> {
  /** Selects one token by tokenId, with its account; no row when either is missing. */
  selectWithAccount: string;
  /** Selects every token of this type that an account holds. */
  selectByUid: string;
  fromRow(row: Row): R;
  insert: string;
  insertParams(record: R): Param[];
  deleteById: string;
  /**
   * Deletes by tokenId only when the token belongs to the given uid, so a
   * request for one account cannot spend another account's token.
   */
  deleteByIdAndUid: string;
  deleteByUid: string;
  /** Deletes the tokens created before a cutoff, for pruning expired ones. */
  deleteCreatedBefore: string;
  /**
   * At most one token of this type per account (a UNIQUE uid key): a new one
   * replaces the account's previous one, as REPLACE INTO did in FxA.
   */
  onePerAccount: boolean;
}

type TokenTables = { [T in TokenType]: TokenTable<TokenRecords[T]> };

/**
 * The session read of signed-in requests (Store.sessionSummary): the
 * columns Hawk and the summary need, not the 24 of selectWithAccount, each
 * of whose blobs the driver copies into a Buffer of its own. The account's
 * two columns come from scalar subqueries rather than a join: SQLite runs
 * this in about 4 µs against 11 µs for the same columns joined (whatever
 * the number of accounts), and MySQL plans both as primary-key lookups. An
 * account that is gone shows as a null email, which the store reads as no
 * session, as the join would have.
 */
export const SELECT_SESSION_SUMMARY = `SELECT t.tokenId, t.tokenData, t.uid, t.createdAt, t.lastAccessTime,
    (SELECT a.email FROM accounts a WHERE a.uid = t.uid) AS email,
    (SELECT a.emailVerified FROM accounts a WHERE a.uid = t.uid) AS emailVerified
  FROM sessionTokens t
  WHERE t.tokenId = ?`;

/** The two reads of a token table, over one list of its columns. */
function selects(table: string, tokenColumns: string) {
  return {
    selectWithAccount: `SELECT ${tokenColumns}, ${ACCOUNT_COLUMNS_JOINED}
      FROM ${table} t JOIN accounts a ON a.uid = t.uid
      WHERE t.tokenId = ?`,
    selectByUid: `SELECT ${tokenColumns} FROM ${table} t WHERE t.uid = ? ORDER BY t.createdAt`,
  };
}

function base(row: Row): { tokenId: Buffer; uid: Buffer; createdAt: number } {
  return {
    tokenId: bytes(row, 'tokenId'),
    uid: bytes(row, 'uid'),
    createdAt: int(row, 'createdAt'),
  };
}

export const TOKEN_TABLES: TokenTables = {
  sessionToken: {
    ...selects(
      'sessionTokens',
      't.tokenId, t.tokenData, t.uid, t.createdAt, t.uaBrowser, t.uaBrowserVersion, t.uaOS, ' +
        't.uaOSVersion, t.uaDeviceType, t.lastAccessTime',
    ),
    fromRow: (row) => ({
      ...base(row),
      tokenData: bytes(row, 'tokenData'),
      uaBrowser: textOrNull(row, 'uaBrowser'),
      uaBrowserVersion: textOrNull(row, 'uaBrowserVersion'),
      uaOS: textOrNull(row, 'uaOS'),
      uaOSVersion: textOrNull(row, 'uaOSVersion'),
      uaDeviceType: textOrNull(row, 'uaDeviceType'),
      lastAccessTime: int(row, 'lastAccessTime'),
    }),
    insert: `INSERT INTO sessionTokens (tokenId, tokenData, uid, createdAt, uaBrowser,
      uaBrowserVersion, uaOS, uaOSVersion, uaDeviceType, lastAccessTime)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    insertParams: (t) => [
      t.tokenId,
      t.tokenData,
      t.uid,
      t.createdAt,
      t.uaBrowser,
      t.uaBrowserVersion,
      t.uaOS,
      t.uaOSVersion,
      t.uaDeviceType,
      t.lastAccessTime,
    ],
    deleteById: 'DELETE FROM sessionTokens WHERE tokenId = ?',
    deleteByIdAndUid: 'DELETE FROM sessionTokens WHERE tokenId = ? AND uid = ?',
    deleteByUid: 'DELETE FROM sessionTokens WHERE uid = ?',
    deleteCreatedBefore: 'DELETE FROM sessionTokens WHERE createdAt < ?',
    onePerAccount: false,
  },

  keyFetchToken: {
    ...selects('keyFetchTokens', 't.tokenId, t.authKey, t.uid, t.keyBundle, t.createdAt'),
    fromRow: (row) => ({
      ...base(row),
      authKey: bytes(row, 'authKey'),
      keyBundle: bytes(row, 'keyBundle'),
    }),
    insert: `INSERT INTO keyFetchTokens (tokenId, authKey, uid, keyBundle, createdAt)
      VALUES (?, ?, ?, ?, ?)`,
    insertParams: (t) => [t.tokenId, t.authKey, t.uid, t.keyBundle, t.createdAt],
    deleteById: 'DELETE FROM keyFetchTokens WHERE tokenId = ?',
    deleteByIdAndUid: 'DELETE FROM keyFetchTokens WHERE tokenId = ? AND uid = ?',
    deleteByUid: 'DELETE FROM keyFetchTokens WHERE uid = ?',
    deleteCreatedBefore: 'DELETE FROM keyFetchTokens WHERE createdAt < ?',
    onePerAccount: false,
  },

  accountResetToken: {
    ...selects('accountResetTokens', 't.tokenId, t.tokenData, t.uid, t.createdAt'),
    fromRow: (row) => ({ ...base(row), tokenData: bytes(row, 'tokenData') }),
    insert: `INSERT INTO accountResetTokens (tokenId, tokenData, uid, createdAt)
      VALUES (?, ?, ?, ?)`,
    insertParams: (t) => [t.tokenId, t.tokenData, t.uid, t.createdAt],
    deleteById: 'DELETE FROM accountResetTokens WHERE tokenId = ?',
    deleteByIdAndUid: 'DELETE FROM accountResetTokens WHERE tokenId = ? AND uid = ?',
    deleteByUid: 'DELETE FROM accountResetTokens WHERE uid = ?',
    deleteCreatedBefore: 'DELETE FROM accountResetTokens WHERE createdAt < ?',
    onePerAccount: true,
  },

  passwordForgotToken: {
    ...selects(
      'passwordForgotTokens',
      't.tokenId, t.tokenData, t.uid, t.passCode, t.createdAt, t.tries',
    ),
    fromRow: (row) => ({
      ...base(row),
      tokenData: bytes(row, 'tokenData'),
      passCode: bytes(row, 'passCode'),
      tries: int(row, 'tries'),
    }),
    insert: `INSERT INTO passwordForgotTokens (tokenId, tokenData, uid, passCode, createdAt, tries)
      VALUES (?, ?, ?, ?, ?, ?)`,
    insertParams: (t) => [t.tokenId, t.tokenData, t.uid, t.passCode, t.createdAt, t.tries],
    deleteById: 'DELETE FROM passwordForgotTokens WHERE tokenId = ?',
    deleteByIdAndUid: 'DELETE FROM passwordForgotTokens WHERE tokenId = ? AND uid = ?',
    deleteByUid: 'DELETE FROM passwordForgotTokens WHERE uid = ?',
    deleteCreatedBefore: 'DELETE FROM passwordForgotTokens WHERE createdAt < ?',
    onePerAccount: true,
  },

  passwordChangeToken: {
    ...selects('passwordChangeTokens', 't.tokenId, t.tokenData, t.uid, t.createdAt'),
    fromRow: (row) => ({ ...base(row), tokenData: bytes(row, 'tokenData') }),
    insert: `INSERT INTO passwordChangeTokens (tokenId, tokenData, uid, createdAt)
      VALUES (?, ?, ?, ?)`,
    insertParams: (t) => [t.tokenId, t.tokenData, t.uid, t.createdAt],
    deleteById: 'DELETE FROM passwordChangeTokens WHERE tokenId = ?',
    deleteByIdAndUid: 'DELETE FROM passwordChangeTokens WHERE tokenId = ? AND uid = ?',
    deleteByUid: 'DELETE FROM passwordChangeTokens WHERE uid = ?',
    deleteCreatedBefore: 'DELETE FROM passwordChangeTokens WHERE createdAt < ?',
    onePerAccount: true,
  },
};
