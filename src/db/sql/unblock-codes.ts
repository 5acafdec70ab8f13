// UnblockCodeStore over SQL (both dialects), and the statement that removes
// an account's codes inside the caller's transaction. Expired codes are
// swept per account whenever it is sent a new one, so the table stays
// bounded by what each account was sent within one code lifetime.
import type { UnblockCodeStore } from '../unblock-codes.js';
import type { Driver, Executor } from './driver.js';
import { bytes } from './rows.js';

export class SqlUnblockCodeStore implements UnblockCodeStore {
  constructor(private readonly db: Driver) {}

  add(uid: Buffer, codeHash: Buffer, createdAt: number, expiredBefore: number): Promise<void> {
    return this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM unblockCodes WHERE uid = ? AND createdAt < ?', [
        uid,
        expiredBefore,
      ]);
      await tx.run('INSERT INTO unblockCodes (uid, codeHash, createdAt) VALUES (?, ?, ?)', [
        uid,
        codeHash,
        createdAt,
      ]);
    });
  }

  async live(uid: Buffer, notBefore: number): Promise<Buffer[]> {
    const rows = await this.db.all(
      'SELECT codeHash FROM unblockCodes WHERE uid = ? AND createdAt >= ?',
      [uid, notBefore],
    );
    return rows.map((row) => bytes(row, 'codeHash'));
  }

  // Of two requests spending the same code, the second's delete finds no
  // row: a code lets exactly one login through.
  async remove(uid: Buffer, codeHash: Buffer): Promise<boolean> {
    const sql = 'DELETE FROM unblockCodes WHERE uid = ? AND codeHash = ?';
    return (await this.db.run(sql, [uid, codeHash])).changes > 0;
  }
}

export async function deleteUnblockCodesOf(tx: Executor, uid: Buffer): Promise<void> {
  await tx.run('DELETE FROM unblockCodes WHERE uid = ?', [uid]);
}
