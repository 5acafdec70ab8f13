// The Store is the port every other module depends on. It speaks in records
// and intents (create an account with its first tokens, delete an account),
// never in SQL, so routes stay ignorant of which database sits behind it.
//
import type { AdminStore } from './admin.js';
import type { DeviceStore, DeviceWithSession } from './devices.js';
import type { OAuthStore } from './oauth.js';
import type { ProfileStore } from './profiles.js';
import type { UnblockCodeStore } from './unblock-codes.js';

// Ids and secrets are Buffers (binary columns). Times are integer
// milliseconds since the epoch. Email lookups use the normalized (lower-case)
// spelling; `email` keeps the spelling the user signed up with, because
// onepw salts the password with it (errno 120 on a case mismatch).
//
// Every method that changes more than one table runs in one transaction
// inside the driver, so a caller never sees half of a change. (pruneTokens
// deletes each token type on its own: expired rows of different types are
// unrelated, and one transaction over all the tables deadlocks with
// concurrent token writes on MySQL.)

export interface AccountRecord {
  uid: Buffer; // 16 bytes
  email: string;
  normalizedEmail: string;
  emailCode: Buffer; // 16 bytes
  emailVerified: boolean;
  kA: Buffer; // 32 bytes
  wrapWrapKb: Buffer; // 32 bytes
  authSalt: Buffer; // 32 bytes
  verifyHash: Buffer; // 32 bytes
  verifierVersion: number;
  verifierSetAt: number;
  /**
   * When kB last changed (sign-up, password reset; not a password change,
   * which keeps kB). Scoped keys report it as their keyRotationTimestamp.
   */
  keysChangedAt: number;
  createdAt: number;
  locale: string | null;
}

interface TokenBase {
  tokenId: Buffer; // 32 bytes, HKDF-derived from the seed the client holds
  uid: Buffer;
  createdAt: number;
}

export interface SessionTokenRecord extends TokenBase {
  tokenData: Buffer; // the 32-byte seed
  uaBrowser: string | null;
  uaBrowserVersion: string | null;
  uaOS: string | null;
  uaOSVersion: string | null;
  uaDeviceType: string | null;
  lastAccessTime: number;
}

// A keyFetchToken keeps its derived authKey and the finished key bundle, not
// its seed: the bundle is computed once, when the token is issued.
export interface KeyFetchTokenRecord extends TokenBase {
  authKey: Buffer; // 32 bytes
  keyBundle: Buffer; // 96 bytes
}

export interface AccountResetTokenRecord extends TokenBase {
  tokenData: Buffer;
}

export interface PasswordForgotTokenRecord extends TokenBase {
  tokenData: Buffer;
  passCode: Buffer; // 16 bytes
  tries: number;
}

export interface PasswordChangeTokenRecord extends TokenBase {
  tokenData: Buffer;
}

export interface TokenRecords {
  sessionToken: SessionTokenRecord;
  keyFetchToken: KeyFetchTokenRecord;
  accountResetToken: AccountResetTokenRecord;
  passwordForgotToken: PasswordForgotTokenRecord;
  passwordChangeToken: PasswordChangeTokenRecord;
}

export type TokenType = keyof TokenRecords;

export const TOKEN_TYPES: readonly TokenType[] = [
  'sessionToken',
  'keyFetchToken',
  'accountResetToken',
  'passwordForgotToken',
  'passwordChangeToken',
];

/** A token of any type, tagged with its type so a driver knows its table. */
export type NewToken = { [T in TokenType]: { type: T; record: TokenRecords[T] } }[TokenType];

/**
 * The account fields a password change or reset replaces. keysChangedAt is
 * given only by a reset, which replaces kB; a change leaves it as it was.
 */
export type VerifierFields = Pick<
  AccountRecord,
  'authSalt' | 'verifyHash' | 'wrapWrapKb' | 'verifierVersion' | 'verifierSetAt'
> & { keysChangedAt?: number };

/** A token identified by type and id, e.g. one a request consumes. */
export interface TokenRef {
  type: TokenType;
  tokenId: Buffer;
}

/** A token joined with the account it belongs to, as Hawk authentication loads it. */
export interface TokenWithAccount<T extends TokenType> {
  token: TokenRecords[T];
  account: AccountRecord;
}

/**
 * The part of a session and its account that a signed-in read needs: what
 * authenticates the session (its seed, age and last use), whose it is, and
 * whether the address is verified (a session is verified exactly when its
 * account's address is). Hawk loads this, not the whole TokenWithAccount,
 * for the routes that declare they need no more; the rest of the account
 * (keys, verifier) stays in the database.
 */
export interface SessionSummary {
  token: Pick<SessionTokenRecord, 'tokenId' | 'tokenData' | 'uid' | 'createdAt' | 'lastAccessTime'>;
  account: Pick<AccountRecord, 'uid' | 'email' | 'emailVerified'>;
}

/** A session's summary with its account's devices, read together (Store.sessionWithDevices). */
export interface SessionWithDevices extends SessionSummary {
  /** As DeviceStore.devicesOf lists them: by registration time, then id. */
  devices: readonly DeviceWithSession[];
}

/**
 * What a caller checked before it grants a token, a code or a device, for
 * the store to check again inside the grant's own transaction, with the
 * account row locked. A password change, reset or sign-out that commits
 * between the caller's check and the grant then makes the grant fail
 * (StaleGrantError) instead of outliving the revocation:
 *
 * - `verifierSetAt`: the password the caller verified is still the account's
 *   (login, password change start); it also fails once the account is gone.
 * - `sessionTokenId`: the session the request came with still exists.
 * - `refreshTokenHash`: the refresh token the request presented still exists.
 */
export type GrantCheck = { uid: Buffer } & (
  { verifierSetAt: number } | { sessionTokenId: Buffer } | { refreshTokenHash: Buffer }
);

/** The credential a grant rested on was revoked before the grant committed. */
export class StaleGrantError extends Error {
  constructor() {
    super('the credential this grant was checked against is gone');
    this.name = 'StaleGrantError';
  }
}

/**
 * How much one account may hold. A grant that would go past a cap is
 * refused (LimitError) and nothing older is dropped: a cap must never sign
 * a user out of a device they rely on, and an account that meets one is
 * misbehaving, not in everyday use.
 */
export interface AccountLimits {
  sessionsPerAccount: number;
  devicesPerAccount: number;
  /** Refresh tokens per account and OAuth client. */
  refreshTokensPerClient: number;
  /** Authorization codes issued and not yet exchanged or expired. */
  oauthCodesPerAccount: number;
  /** Unexpired commands waiting for one device. */
  commandsPerDevice: number;
}

export type LimitName = keyof AccountLimits;

/** Far above what any real user holds, so only runaway or hostile clients meet them. */
export const DEFAULT_LIMITS: AccountLimits = {
  sessionsPerAccount: 500,
  devicesPerAccount: 200,
  refreshTokensPerClient: 100,
  oauthCodesPerAccount: 100,
  commandsPerDevice: 500,
};

/** A grant would take the account past one of its AccountLimits. */
export class LimitError extends Error {
  constructor(readonly limit: LimitName) {
    super(`account limit reached: ${limit}`);
    this.name = 'LimitError';
  }
}

/** Raised when a unique key (normalized email, token id) is already taken. */
export class DuplicateError extends Error {
  constructor(what: string) {
    super(`duplicate ${what}`);
    this.name = 'DuplicateError';
  }
}

/**
 * Raised when the database cannot answer: it is down, did not answer within
 * the configured timeout, or is locked or busy. The request may succeed if
 * retried later, so it is answered 503 errno 201 with Retry-After. `cause`
 * is the driver's own error, for the log.
 */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    const why = cause instanceof Error ? `: ${cause.message}` : '';
    super(`the database is unavailable${why}`, { cause });
    this.name = 'StoreUnavailableError';
  }
}

/** What one of the store's read caches has done (db/sql/read-cache.ts). */
export interface ReadCacheCounts {
  /** Reads answered from memory. */
  hits: number;
  /** Reads that went to the database while the cache was in use. */
  misses: number;
  /** Values kept now. */
  entries: number;
}

/** The reads the store remembers, by what they read. */
export type ReadCacheName = 'session' | 'devices' | 'session_devices' | 'profile';

export interface Store {
  /** Devices and the commands between them (devices.ts). */
  readonly devices: DeviceStore;
  /** OAuth codes and tokens (oauth.ts). */
  readonly oauth: OAuthStore;
  /** What the profile server keeps, such as the display name (profiles.ts). */
  readonly profiles: ProfileStore;
  /** Sign-in unblock codes (unblock-codes.ts). */
  readonly unblockCodes: UnblockCodeStore;
  /** What the operator's CLI asks: listings, sign-out everywhere (admin.ts). */
  readonly admin: AdminStore;

  /** Round-trips to the database; throws when it is unreachable. */
  ping(): Promise<void>;
  /** Its read caches' counts; undefined where nothing is remembered (MySQL). */
  readCaches?(): Record<ReadCacheName, ReadCacheCounts> | undefined;
  /** Releases the connection(s); calling it again is harmless. */
  close(): Promise<void>;

  accountByEmail(normalizedEmail: string): Promise<AccountRecord | undefined>;
  accountByUid(uid: Buffer): Promise<AccountRecord | undefined>;

  /**
   * In one transaction: delete the account `replaceUid` (an unverified account
   * being signed up again) with all its tokens, insert `account`, then insert
   * `tokens`. Throws DuplicateError when the normalized email is taken, or
   * when `replaceUid` was verified in the meantime.
   */
  createAccount(account: AccountRecord, tokens: NewToken[], replaceUid?: Buffer): Promise<void>;

  /** In one transaction: the account, its tokens, devices and OAuth grants. */
  deleteAccount(uid: Buffer): Promise<void>;

  /**
   * Inserts all the tokens in one transaction. accountReset, passwordForgot
   * and passwordChange tokens are one per account: a new one replaces the
   * account's previous one in the same transaction. `check` is given for
   * tokens that rest on a password just verified (StaleGrantError when it
   * no longer holds); new sessions count against sessionsPerAccount.
   */
  createTokens(tokens: NewToken[], check?: GrantCheck): Promise<void>;

  /** The token with this id together with its account, or undefined. */
  token<T extends TokenType>(type: T, tokenId: Buffer): Promise<TokenWithAccount<T> | undefined>;

  /**
   * The session with this id and the summary of its account, or undefined
   * when either is missing: the same row token('sessionToken', id) reads,
   * with fewer columns.
   */
  sessionSummary(tokenId: Buffer): Promise<SessionSummary | undefined>;

  /**
   * sessionSummary and the account's devices in one read, for the device
   * list, which Firefox asks for all day: on MySQL one round trip instead
   * of two, and the devices are those of the same moment as the session.
   */
  sessionWithDevices(tokenId: Buffer): Promise<SessionWithDevices | undefined>;

  /**
   * Deletes one token; true when a row was deleted, so single use holds
   * under races. A sessionToken takes its device with it, including one
   * registered while the delete ran.
   */
  deleteToken(type: TokenType, tokenId: Buffer): Promise<boolean>;

  /** The account's sessions, for the list of attached clients. */
  sessionsOf(uid: Buffer): Promise<SessionTokenRecord[]>;

  /** Records that a session was just used (it feeds device idleness and attached clients). */
  touchSessionToken(tokenId: Buffer, now: number): Promise<void>;

  /** Marks the account's address verified; false when there is no such account. */
  verifyEmail(uid: Buffer): Promise<boolean>;

  /** Sets the account's locale unless it already has one (the 2015 back-fill). */
  setLocaleIfUnset(uid: Buffer, locale: string): Promise<void>;

  /**
   * Password change and reset. In one transaction: consume `consume` (when
   * it is already gone, return false and change nothing), replace the
   * account's verifier fields, and delete every token, device and OAuth
   * grant of the account: whoever knew the old password is signed out.
   */
  resetAccount(uid: Buffer, verifier: VerifierFields, consume: TokenRef): Promise<boolean>;

  /**
   * A correct password-reset code. In one transaction: consume the
   * passwordForgotToken of the same account (false, changing nothing, when
   * it is gone), insert
   * the accountResetToken (replacing the account's earlier one), and mark
   * the address verified, since the user just proved they read its mail.
   */
  forgotPasswordVerified(
    passwordForgotTokenId: Buffer,
    accountResetToken: AccountResetTokenRecord,
  ): Promise<boolean>;

  /**
   * A wrong password-reset code: atomically takes one try off the token and
   * returns the tries left, deleting the token when none are; undefined when
   * the token is already gone. Concurrent wrong codes each cost one try.
   */
  failPasswordForgotAttempt(tokenId: Buffer): Promise<number | undefined>;

  /**
   * Deletes tokens of the given types created before each cutoff (ms) and
   * returns how many went. A plain idempotent delete, so several server
   * processes may prune one database at once.
   */
  pruneTokens(createdBefore: Partial<Record<TokenType, number>>): Promise<number>;
}
