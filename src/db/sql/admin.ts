// AdminStore over SQL (both dialects). Listings read only the columns an
// operator may see; the sign-out takes the account lock first, like every
// revocation of a whole account (guard.ts), so no grant racing it survives.
import type { AccountPage, AccountSummary, AdminStore } from '../admin.js';
import type { Driver, Row } from './driver.js';
import { lockAccount } from './guard.js';
import { bytes, flag, int, text, textOrNull } from './rows.js';
import { deleteGrantsOf } from './grants.js';

const SUMMARY_COLUMNS = 'uid, email, emailVerified, createdAt, locale';

// `!` escapes LIKE's wildcards in both dialects alike; a backslash would
// itself need escaping differently in a MySQL string than in SQLite.
const likeContaining = (text: string) => `%${text.replace(/[!%_]/g, '!$&')}%`;

function summaryFromRow(row: Row): AccountSummary {
  return {
    uid: bytes(row, 'uid'),
    email: text(row, 'email'),
    emailVerified: flag(row, 'emailVerified'),
    createdAt: int(row, 'createdAt'),
    locale: textOrNull(row, 'locale'),
  };
}

export class SqlAdminStore implements AdminStore {
  constructor(private readonly db: Driver) {}

  async listAccounts(offset: number, limit: number): Promise<AccountPage> {
    // uid breaks ties between accounts made in the same millisecond, so a
    // page boundary never shows an account twice or skips one.
    const rows = await this.db.all(
      `SELECT ${SUMMARY_COLUMNS} FROM accounts ORDER BY createdAt, uid LIMIT ? OFFSET ?`,
      [limit, offset],
    );
    const count = await this.db.get('SELECT COUNT(*) AS n FROM accounts');
    return { accounts: rows.map(summaryFromRow), total: count ? int(count, 'n') : 0 };
  }

  async findAccounts(text: string, limit: number): Promise<AccountSummary[]> {
    const rows = await this.db.all(
      `SELECT ${SUMMARY_COLUMNS} FROM accounts WHERE normalizedEmail LIKE ? ESCAPE '!'
        ORDER BY createdAt, uid LIMIT ?`,
      [likeContaining(text.toLowerCase()), limit],
    );
    return rows.map(summaryFromRow);
  }

  signOutEverywhere(uid: Buffer): Promise<number> {
    return this.db.transaction(async (tx) => {
      await lockAccount(tx, this.db.dialect, uid);
      const row = await tx.get('SELECT COUNT(*) AS n FROM sessionTokens WHERE uid = ?', [uid]);
      await deleteGrantsOf(tx, uid);
      return row ? int(row, 'n') : 0;
    });
  }
}
