// OAuthStore over SQL (both dialects), and the statement that removes an
// account's codes and tokens inside the caller's transaction.
//
// Expired codes and access tokens are swept per account whenever that
// account is issued new ones, so the tables stay bounded by what each
// account holds without a timer of their own.
import type {
  ConsumedCode,
  OAuthAccessTokenRecord,
  OAuthCodeRecord,
  OAuthRefreshTokenRecord,
  OAuthStore,
} from '../oauth.js';
import type { AccountLimits, GrantCheck } from '../store.js';
import type { Driver, Executor, Row } from './driver.js';
import { bytes, flag, int, text, textOrNull } from './rows.js';
import { checkGrant, checkLimit, lockAccount } from './guard.js';

const CODE_COLUMNS =
  'codeHash, clientId, uid, scope, offline, codeChallenge, keysJwe, authAt, createdAt, expiresAt';
const REFRESH_COLUMNS = 'tokenHash, clientId, uid, scope, authAt, createdAt, lastUsedAt';
const ACCESS_COLUMNS = 'jti, clientId, uid, scope, createdAt, expiresAt';

export class SqlOAuthStore implements OAuthStore {
  constructor(
    private readonly db: Driver,
    private readonly limits: Pick<AccountLimits, 'refreshTokensPerClient' | 'oauthCodesPerAccount'>,
  ) {}

  // Every grant checks what it rests on under the account lock (guard.ts),
  // so a reset or sign-out committing meanwhile cannot miss it.
  createCode(c: OAuthCodeRecord, check: GrantCheck): Promise<void> {
    return this.db.transaction(async (tx) => {
      await checkGrant(tx, this.db.dialect, check);
      await tx.run('DELETE FROM oauthCodes WHERE uid = ? AND expiresAt <= ?', [c.uid, c.createdAt]);
      await checkLimit(
        tx,
        'oauthCodesPerAccount',
        this.limits.oauthCodesPerAccount,
        1,
        'SELECT COUNT(*) AS n FROM oauthCodes WHERE uid = ?',
        [c.uid],
      );
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
  // The account is locked before the delete, in the order a reset locks
  // in, and its verifierSetAt read then is what the tokens are issued on.
  consumeCode(codeHash: Buffer): Promise<ConsumedCode | undefined> {
    return this.db.transaction(async (tx) => {
      const row = await tx.get(`SELECT ${CODE_COLUMNS} FROM oauthCodes WHERE codeHash = ?`, [
        codeHash,
      ]);
      if (row === undefined) return undefined;
      const code = codeFromRow(row);
      const verifierSetAt = await lockAccount(tx, this.db.dialect, code.uid);
      const deleted = await tx.run('DELETE FROM oauthCodes WHERE codeHash = ?', [codeHash]);
      if (deleted.changes === 0 || verifierSetAt === undefined) return undefined;
      return { code, verifierSetAt };
    });
  }

  issueTokens(
    a: OAuthAccessTokenRecord,
    r: OAuthRefreshTokenRecord | undefined,
    check: GrantCheck,
  ): Promise<void> {
    return this.db.transaction(async (tx) => {
      await checkGrant(tx, this.db.dialect, check);
      if (r !== undefined) {
        await checkLimit(
          tx,
          'refreshTokensPerClient',
          this.limits.refreshTokensPerClient,
          1,
          'SELECT COUNT(*) AS n FROM oauthRefreshTokens WHERE uid = ? AND clientId = ?',
          [r.uid, r.clientId],
        );
      }
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

  // A token unused since before the cutoff is spent by this very attempt,
  // whether or not the pruner got to it first.
  useRefreshToken(
    tokenHash: Buffer,
    now: number,
    unusedBefore: number,
  ): Promise<OAuthRefreshTokenRecord | undefined> {
    return this.db.transaction(async (tx) => {
      const stale = await tx.run(
        'DELETE FROM oauthRefreshTokens WHERE tokenHash = ? AND lastUsedAt < ?',
        [tokenHash, unusedBefore],
      );
      if (stale.changes > 0) return undefined;
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
  async pruneExpired(now: number, refreshUnusedBefore: number): Promise<number> {
    const codes = await this.db.run('DELETE FROM oauthCodes WHERE expiresAt <= ?', [now]);
    const access = await this.db.run('DELETE FROM oauthAccessTokens WHERE expiresAt <= ?', [now]);
    const refresh = await this.db.run('DELETE FROM oauthRefreshTokens WHERE lastUsedAt < ?', [
      refreshUnusedBefore,
    ]);
    return codes.changes + access.changes + refresh.changes;
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
