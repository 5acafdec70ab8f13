// ProfileStore over SQL (both dialects). The display name is a column of
// accounts (patch 4), so it goes wherever the account goes: deleting the
// account deletes it, with no statement of its own.
import type { ProfileRecord, ProfileStore } from '../profiles.js';
import type { Driver } from './driver.js';
import { bytes, text, textOrNull } from './rows.js';

export class SqlProfileStore implements ProfileStore {
  constructor(private readonly db: Driver) {}

  async profile(uid: Buffer): Promise<ProfileRecord | undefined> {
    const row = await this.db.get(
      'SELECT uid, email, locale, displayName FROM accounts WHERE uid = ?',
      [uid],
    );
    if (row === undefined) return undefined;
    return {
      uid: bytes(row, 'uid'),
      email: text(row, 'email'),
      locale: textOrNull(row, 'locale'),
      displayName: textOrNull(row, 'displayName'),
    };
  }

  async displayName(uid: Buffer): Promise<string | null> {
    const row = await this.db.get('SELECT displayName FROM accounts WHERE uid = ?', [uid]);
    return row === undefined ? null : textOrNull(row, 'displayName');
  }

  setDisplayName(uid: Buffer, displayName: string | null): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const { changes } = await tx.run('UPDATE accounts SET displayName = ? WHERE uid = ?', [
        displayName,
        uid,
      ]);
      // MySQL counts only changed rows, so setting the same name again says 0.
      if (changes > 0) return true;
      return (await tx.get('SELECT 1 AS found FROM accounts WHERE uid = ?', [uid])) !== undefined;
    });
  }
}
