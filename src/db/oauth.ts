// The OAuth part of the Store: authorization codes, refresh tokens and
// access tokens. See store.ts for the conventions every part follows.
//
// Codes and refresh tokens are bearer secrets, so only their SHA-256 is
// stored: a leaked table hands out nothing. An access token is a signed JWT
// the client holds; its row (keyed by the JWT's jti) is what makes it
// revocable, so a token whose row is gone is refused even before it expires.
// Client ids are the 8 bytes behind the 16 hex characters of the registry.
// Scopes are stored as the space-separated string OAuth uses on the wire.

import type { GrantCheck } from './store.js';

export interface OAuthCodeRecord {
  codeHash: Buffer; // SHA-256 of the code
  clientId: Buffer; // 8 bytes
  uid: Buffer;
  scope: string;
  /** access_type=offline: the exchange also issues a refresh token. */
  offline: boolean;
  /** PKCE: b64url(SHA-256(code_verifier)), method S256. */
  codeChallenge: string;
  /** The encrypted scoped keys, handed back unread with the tokens. */
  keysJwe: string | null;
  /** When the session that asked for the code authenticated (ms). */
  authAt: number;
  createdAt: number;
  expiresAt: number;
}

export interface OAuthRefreshTokenRecord {
  tokenHash: Buffer; // SHA-256 of the token
  clientId: Buffer;
  uid: Buffer;
  scope: string;
  authAt: number;
  createdAt: number;
  lastUsedAt: number;
}

export interface OAuthAccessTokenRecord {
  jti: Buffer; // 32 bytes, the JWT's jti as hex
  clientId: Buffer;
  uid: Buffer;
  scope: string;
  createdAt: number;
  expiresAt: number;
}

/** A spent code, with the account's verifierSetAt as it stood when the code was spent. */
export interface ConsumedCode {
  code: OAuthCodeRecord;
  verifierSetAt: number;
}

export interface OAuthStore {
  /**
   * Stores a new code once `check` (the asking session) holds; the account's
   * expired codes are swept in the same transaction. Throws StaleGrantError
   * or LimitError (oauthCodesPerAccount).
   */
  createCode(code: OAuthCodeRecord, check: GrantCheck): Promise<void>;

  /**
   * Deletes the code and returns it, whatever its client or expiry; of
   * concurrent calls with one code, exactly one gets the record. Undefined
   * also when its account is gone.
   */
  consumeCode(codeHash: Buffer): Promise<ConsumedCode | undefined>;

  /**
   * In one transaction, once `check` holds: the access token, the refresh
   * token when given, and a sweep of the account's expired access tokens.
   * Throws StaleGrantError, or LimitError (refreshTokensPerClient).
   */
  issueTokens(
    access: OAuthAccessTokenRecord,
    refresh: OAuthRefreshTokenRecord | undefined,
    check: GrantCheck,
  ): Promise<void>;

  accessToken(jti: Buffer): Promise<OAuthAccessTokenRecord | undefined>;

  /**
   * The refresh token with lastUsedAt moved to `now`, or undefined. One
   * last used before `unusedBefore` has expired: it is deleted instead.
   */
  useRefreshToken(
    tokenHash: Buffer,
    now: number,
    unusedBefore: number,
  ): Promise<OAuthRefreshTokenRecord | undefined>;

  /** Revokes one access token of that client; true when a row went. */
  deleteAccessToken(jti: Buffer, clientId: Buffer): Promise<boolean>;

  /** Revokes one refresh token of that client; true when a row went. */
  deleteRefreshToken(tokenHash: Buffer, clientId: Buffer): Promise<boolean>;

  /**
   * Deletes expired codes and access tokens, and refresh tokens last used
   * before `refreshUnusedBefore`, of every account; returns how many.
   */
  pruneExpired(now: number, refreshUnusedBefore: number): Promise<number>;

  /** The account's refresh tokens, for the list of attached clients. */
  refreshTokensOf(uid: Buffer): Promise<OAuthRefreshTokenRecord[]>;

  /** Signs a client out of an account: every refresh and access token it holds, in one transaction. */
  deleteClientTokens(uid: Buffer, clientId: Buffer): Promise<void>;
}
