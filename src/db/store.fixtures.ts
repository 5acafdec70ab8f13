// Record builders for store tests: valid accounts and tokens with random
// ids and emails, so tests can share one database without colliding.
import { randomBytes } from 'node:crypto';
import { TOKEN_TYPES, type AccountRecord, type NewToken, type TokenType } from './store.js';

// Past 2^32, so a time column that truncated to 32 bits would show.
export const NOW = 1_700_000_000_123;

export function uniqueEmail(local = 'user'): string {
  return `${local}-${randomBytes(4).toString('hex')}@example.org`;
}

export function newAccount(fields: Partial<AccountRecord> = {}): AccountRecord {
  const email = fields.email ?? uniqueEmail();
  return {
    uid: randomBytes(16),
    email,
    normalizedEmail: email.toLowerCase(),
    emailCode: randomBytes(16),
    emailVerified: false,
    kA: randomBytes(32),
    wrapWrapKb: randomBytes(32),
    authSalt: randomBytes(32),
    verifyHash: randomBytes(32),
    verifierVersion: 1,
    verifierSetAt: NOW,
    keysChangedAt: NOW,
    createdAt: NOW,
    locale: 'en-US,en;q=0.5',
    ...fields,
  };
}

export function newToken(
  type: TokenType,
  uid: Buffer,
  tokenId: Buffer = randomBytes(32),
): NewToken {
  const base = { tokenId, uid, createdAt: NOW + 1 };
  switch (type) {
    case 'sessionToken':
      return {
        type,
        record: {
          ...base,
          tokenData: randomBytes(32),
          uaBrowser: 'Firefox',
          uaBrowserVersion: '128.0',
          uaOS: null,
          uaOSVersion: null,
          uaDeviceType: 'mobile',
          lastAccessTime: NOW + 2,
        },
      };
    case 'keyFetchToken':
      return { type, record: { ...base, authKey: randomBytes(32), keyBundle: randomBytes(96) } };
    case 'passwordForgotToken':
      return {
        type,
        record: { ...base, tokenData: randomBytes(32), passCode: randomBytes(16), tries: 3 },
      };
    case 'accountResetToken':
    case 'passwordChangeToken':
      return { type, record: { ...base, tokenData: randomBytes(32) } };
  }
}

/** One token of every type for `uid`. */
export function allTokens(uid: Buffer): NewToken[] {
  return TOKEN_TYPES.map((type) => newToken(type, uid));
}
