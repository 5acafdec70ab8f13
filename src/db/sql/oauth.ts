// OAuthStore over SQL (both dialects), and the statement that removes an
// account's codes and tokens inside the caller's transaction.
//
// Expired codes and access tokens are swept per account whenever that
// account is issued new ones, so the tables stay bounded by what each
// account holds without a timer of their own.
import type {
  OAuthAccessTokenRecord,
  OAuthCodeRecord,
  OAuthRefreshTokenRecord,
  OAuthStore,
} from '../oauth.js';
import type { Driver, Executor, Row } from './driver.js';
import { bytes, flag, int, text, textOrNull } from './rows.js';

const CODE_COLUMNS =
  'codeHash, clientId, uid, scope, offline, codeChallenge, keysJwe, authAt, createdAt, expiresAt';
const REFRESH_COLUMNS = 'tokenHash, clientId, uid, scope, authAt, createdAt, lastUsedAt';
const ACCESS_COLUMNS = 'jti, clientId, uid, scope, createdAt, expiresAt';

export class SqlOAuthStore implements OAuthStore {
  constructor(private readonly db: Driver) {}

  createCode(c: OAuthCodeRecord): Promise<void> {
    return this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM oauthCodes WHERE uid = ? AND expiresAt <= ?', [c.uid, c.createdAt]);
      await tx.run(
        `INSERT INTO oauthCodes (${CODE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          c.codeHash,
          c.clientId,
          c.uid,
          c.scope,
          c.offline ? 1 : 0,
          c.codeChallenge,
          c.keysJwe,
          c.authAt,
          c.createdAt,
          c.expiresAt,
        ],
      );
    });
  }

  // The delete decides who gets the code: of two requests that both read
  // the row, the second's delete waits for the first to commit (MySQL row
  // lock; SQLite runs one transaction at a time) and then finds nothing.
  consumeCode(codeHash: Buffer): Promise<OAuthCodeRecord | undefined> {
    return this.db.transaction(async (tx) => {
      const row = await tx.get(`SELECT ${CODE_COLUMNS} FROM oauthCodes WHERE codeHash = ?`, [
        codeHash,
      ]);
      if (row === undefined) return undefined;
      const deleted = await tx.run('DELETE FROM oauthCodes WHERE codeHash = ?', [codeHash]);
      return deleted.changes > 0 ? codeFromRow(row) : undefined;
    });
  }

  issueTokens(a: OAuthAccessTokenRecord, r?: OAuthRefreshTokenRecord): Promise<void> {
    return this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM oauthAccessTokens WHERE uid = ? AND expiresAt <= ?', [
        a.uid,
        a.createdAt,
      ]);
      await tx.run(`INSERT INTO oauthAccessTokens (${ACCESS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`, [
        a.jti,
        a.clientId,
        a.uid,
        a.scope,
        a.createdAt,
        a.expiresAt,
      ]);
      if (r === undefined) return;
      await tx.run(
        `INSERT INTO oauthRefreshTokens (${REFRESH_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [r.tokenHash, r.clientId, r.uid, r.scope, r.authAt, r.createdAt, r.lastUsedAt],
      );
    });
  }

  async accessToken(jti: Buffer): Promise<OAuthAccessTokenRecord | undefined> {
    const row = await this.db.get(`SELECT ${ACCESS_COLUMNS} FROM oauthAccessTokens WHERE jti = ?`, [
      jti,
    ]);
    return row && accessFromRow(row);
  }

  useRefreshToken(tokenHash: Buffer, now: number): Promise<OAuthRefreshTokenRecord | undefined> {
    return this.db.transaction(async (tx) => {
      await tx.run('UPDATE oauthRefreshTokens SET lastUsedAt = ? WHERE tokenHash = ?', [
        now,
        tokenHash,
      ]);
      const row = await tx.get(
        `SELECT ${REFRESH_COLUMNS} FROM oauthRefreshTokens WHERE tokenHash = ?`,
        [tokenHash],
      );
      return row && refreshFromRow(row);
    });
  }

  async deleteAccessToken(jti: Buffer, clientId: Buffer): Promise<boolean> {
    const sql = 'DELETE FROM oauthAccessTokens WHERE jti = ? AND clientId = ?';
    return (await this.db.run(sql, [jti, clientId])).changes > 0;
  }

  async deleteRefreshToken(tokenHash: Buffer, clientId: Buffer): Promise<boolean> {
    const sql = 'DELETE FROM oauthRefreshTokens WHERE tokenHash = ? AND clientId = ?';
    return (await this.db.run(sql, [tokenHash, clientId])).changes > 0;
  }

  // Plain deletes, each its own statement: several processes may prune at once.
  async pruneExpired(now: number): Promise<number> {
    const codes = await this.db.run('DELETE FROM oauthCodes WHERE expiresAt <= ?', [now]);
    const access = await this.db.run('DELETE FROM oauthAccessTokens WHERE expiresAt <= ?', [now]);
    return codes.changes + access.changes;
  }

  async refreshTokensOf(uid: Buffer): Promise<OAuthRefreshTokenRecord[]> {
    const sql = `SELECT ${REFRESH_COLUMNS} FROM oauthRefreshTokens WHERE uid = ? ORDER BY createdAt`;
    return (await this.db.all(sql, [uid])).map(refreshFromRow);
  }

  deleteClientTokens(uid: Buffer, clientId: Buffer): Promise<void> {
    return this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM oauthRefreshTokens WHERE uid = ? AND clientId = ?', [
        uid,
        clientId,
      ]);
      await tx.run('DELETE FROM oauthAccessTokens WHERE uid = ? AND clientId = ?', [uid, clientId]);
    });
  }
}

/** Inside an account delete or reset: every code and token of `uid`. */
export async function deleteOAuthOf(tx: Executor, uid: Buffer): Promise<void> {
  await tx.run('DELETE FROM oauthCodes WHERE uid = ?', [uid]);
  await tx.run('DELETE FROM oauthRefreshTokens WHERE uid = ?', [uid]);
  await tx.run('DELETE FROM oauthAccessTokens WHERE uid = ?', [uid]);
}

function codeFromRow(row: Row): OAuthCodeRecord {
  return {
    codeHash: bytes(row, 'codeHash'),
    clientId: bytes(row, 'clientId'),
    uid: bytes(row, 'uid'),
    scope: text(row, 'scope'),
    offline: flag(row, 'offline'),
    codeChallenge: text(row, 'codeChallenge'),
    keysJwe: textOrNull(row, 'keysJwe'),
    authAt: int(row, 'authAt'),
    createdAt: int(row, 'createdAt'),
    expiresAt: int(row, 'expiresAt'),
  };
}

function refreshFromRow(row: Row): OAuthRefreshTokenRecord {
  return {
    tokenHash: bytes(row, 'tokenHash'),
    clientId: bytes(row, 'clientId'),
    uid: bytes(row, 'uid'),
    scope: text(row, 'scope'),
    authAt: int(row, 'authAt'),
    createdAt: int(row, 'createdAt'),
    lastUsedAt: int(row, 'lastUsedAt'),
  };
}

function accessFromRow(row: Row): OAuthAccessTokenRecord {
  return {
    jti: bytes(row, 'jti'),
    clientId: bytes(row, 'clientId'),
    uid: bytes(row, 'uid'),
    scope: text(row, 'scope'),
    createdAt: int(row, 'createdAt'),
    expiresAt: int(row, 'expiresAt'),
  };
}
