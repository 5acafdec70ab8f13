// What the OAuth routes do, apart from HTTP: issue codes, turn codes,
// sessions and refresh tokens into access tokens, revoke, and verify.
//
// The secrets (codes, refresh tokens) are 32 random bytes in hex; the store
// keeps only their SHA-256. An access token is a signed JWT (access-token.ts)
// whose jti has a row in the store; the token is good while both hold. A
// password change or reset deletes every row of the account, which revokes
// every token at once.
import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { AccountRecord, GrantCheck, Store } from '../db/store.js';
import type { OAuthAccessTokenRecord, OAuthRefreshTokenRecord } from '../db/oauth.js';
import { refreshUnusedBefore } from '../db/prune.js';
import { random } from '../crypto/bytes.js';
import { error, grantRefused, type AppError } from '../errors.js';
import { signAccessToken, verifyAccessToken } from './access-token.js';
import { clientRegistry, clientScopes, type OAuthClient } from './clients.js';
import type { OAuthKeys } from './keys.js';
import { pkceMatches } from './pkce.js';
import { verifiedTokens } from './verified-cache.js';
import { OLDSYNC_SCOPE, coversAll, formatScope, parseScope, uncovered } from './scopes.js';

export interface OAuthDeps {
  config: Pick<Config, 'oauth' | 'discovery' | 'publicUrl' | 'limits'>;
  store: Pick<Store, 'oauth' | 'accountByUid'>;
  oauthKeys: OAuthKeys;
  clock: () => number;
}

/** The /v1/oauth/token answer; `scope` is a string because Firefox calls scope.includes(). */
export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  scope: string;
  expires_in: number;
  auth_at: number;
  refresh_token?: string;
  keys_jwe?: string;
}

export interface VerifiedToken {
  uid: Buffer;
  clientId: string;
  scopes: string[];
  generation: number;
}

/** What verifying an access token needs of its row. */
export type AccessRow = Pick<OAuthAccessTokenRecord, 'uid' | 'scope' | 'expiresAt'>;

export interface IssueOptions {
  /** Requested lifetime in seconds; capped by config. */
  ttl?: number | undefined;
  /** Also issue a refresh token (access_type=offline). */
  offline: boolean;
  /** When the user last authenticated (ms). */
  authAt: number;
  keysJwe?: string | null;
  /** What the grant rests on, checked again as the tokens are stored. */
  check: GrantCheck;
  /** The error for a `check` that no longer holds. */
  stale: () => AppError;
}

const sha256 = (secret: Buffer) => createHash('sha256').update(secret).digest();
const secretHash = (hex: string) => sha256(Buffer.from(hex, 'hex'));
const clientBytes = (client: OAuthClient) => Buffer.from(client.id, 'hex');
const seconds = (ms: number) => Math.floor(ms / 1000);

export function oauthGrants(d: OAuthDeps) {
  const clients = clientRegistry(d.config.oauth.clients);
  const { oauth } = d.config;
  const verifiedOnce = verifiedTokens(d.oauthKeys);

  async function createCode(c: {
    client: OAuthClient;
    uid: Buffer;
    scopes: string[];
    offline: boolean;
    codeChallenge: string;
    keysJwe: string | null;
    authAt: number;
    /** The asking session, which must outlive the code's creation. */
    sessionTokenId: Buffer;
  }): Promise<string> {
    const code = random(32);
    const now = d.clock();
    const record = {
      codeHash: sha256(code),
      clientId: clientBytes(c.client),
      uid: c.uid,
      scope: formatScope(c.scopes),
      offline: c.offline,
      codeChallenge: c.codeChallenge,
      keysJwe: c.keysJwe,
      authAt: c.authAt,
      createdAt: now,
      expiresAt: now + oauth.codeLifetimeMs,
    };
    await d.store.oauth
      .createCode(record, { uid: c.uid, sessionTokenId: c.sessionTokenId })
      .catch((err: unknown) => {
        throw grantRefused(err, () => error.invalidToken());
      });
    return code.toString('hex');
  }

  // The code is spent before it is checked: RFC 6749 §4.1.2 wants a code
  // used once, and a code presented by the wrong client or verifier is
  // presumed stolen, so the rightful client must not be able to use it either.
  async function exchangeCode(r: {
    client: OAuthClient;
    code: string;
    codeVerifier: string | undefined;
    ttl?: number | undefined;
  }): Promise<TokenResponse> {
    const consumed = await d.store.oauth.consumeCode(secretHash(r.code));
    if (consumed === undefined) throw error.unknownAuthorizationCode();
    const { code, verifierSetAt } = consumed;
    if (!code.clientId.equals(clientBytes(r.client))) throw error.mismatchAuthorizationCode();
    if (code.expiresAt <= d.clock()) throw error.expiredAuthorizationCode();
    if (r.codeVerifier === undefined) throw error.missingPkceParameters();
    if (!pkceMatches(r.codeVerifier, code.codeChallenge)) throw error.invalidPkceChallenge();
    const account = await d.store.accountByUid(code.uid);
    if (account === undefined) throw error.unknownAuthorizationCode();
    return issue(account, r.client, parseScope(code.scope), {
      ttl: r.ttl,
      offline: code.offline,
      authAt: code.authAt,
      keysJwe: code.keysJwe,
      // The password the code was issued under must still be the account's.
      check: { uid: code.uid, verifierSetAt },
      stale: () => error.unknownAuthorizationCode(),
    });
  }

  /** Access token (and refresh token when offline) for scopes already checked. */
  async function issue(
    account: AccountRecord,
    client: OAuthClient,
    scopes: string[],
    opts: IssueOptions,
  ): Promise<TokenResponse> {
    const now = d.clock();
    const ttl = Math.min(opts.ttl ?? oauth.accessTokenTtlSec, oauth.accessTokenMaxTtlSec);
    const jti = random(32);
    const scope = formatScope(scopes);
    const accessToken = await signAccessToken(d.oauthKeys, {
      uid: account.uid.toString('hex'),
      clientId: client.id,
      scope,
      // The tokenserver is the audience of a Sync token (firefox.md §4).
      audience: scopes.includes(OLDSYNC_SCOPE) ? d.config.discovery.syncTokenserverUrl : client.id,
      issuer: d.config.publicUrl,
      generation: account.verifierSetAt,
      jti: jti.toString('hex'),
      issuedAt: seconds(now),
      expiresAt: seconds(now) + ttl,
    });
    const base = { clientId: clientBytes(client), uid: account.uid, scope, createdAt: now };
    const access = { ...base, jti, expiresAt: (seconds(now) + ttl) * 1000 };
    const refreshSecret = opts.offline ? random(32) : undefined;
    const refresh: OAuthRefreshTokenRecord | undefined = refreshSecret && {
      ...base,
      tokenHash: sha256(refreshSecret),
      authAt: opts.authAt,
      lastUsedAt: now,
    };
    await d.store.oauth.issueTokens(access, refresh, opts.check).catch((err: unknown) => {
      throw grantRefused(err, opts.stale);
    });
    return {
      access_token: accessToken,
      token_type: 'bearer',
      scope,
      expires_in: ttl,
      auth_at: seconds(opts.authAt),
      ...(refreshSecret ? { refresh_token: refreshSecret.toString('hex') } : {}),
      ...(opts.keysJwe ? { keys_jwe: opts.keysJwe } : {}),
    };
  }

  /** A new access token from a refresh token, for its scopes or fewer. */
  async function refresh(r: {
    client: OAuthClient;
    refreshToken: string;
    scope: string | undefined;
    ttl?: number | undefined;
  }): Promise<TokenResponse> {
    const now = d.clock();
    const tokenHash = secretHash(r.refreshToken);
    const unusedBefore = refreshUnusedBefore(d.config.limits.refreshTokenUnusedMs, now);
    const token = await d.store.oauth.useRefreshToken(tokenHash, now, unusedBefore);
    // Another client's token is as unknown to this one as a made-up one.
    if (token === undefined || !token.clientId.equals(clientBytes(r.client))) {
      throw error.refreshTokenUnknown();
    }
    const held = parseScope(token.scope);
    const scopes = r.scope === undefined ? held : clientScopes(r.client, r.scope);
    if (!coversAll(held, scopes)) throw error.invalidScopes(formatScope(uncovered(held, scopes)));
    const account = await d.store.accountByUid(token.uid);
    if (account === undefined) throw error.refreshTokenUnknown();
    return issue(account, r.client, scopes, {
      ttl: r.ttl,
      offline: false,
      authAt: token.authAt,
      check: { uid: token.uid, refreshTokenHash: tokenHash },
      stale: () => error.refreshTokenUnknown(),
    });
  }

  /** Revokes the client's access or refresh token; anything else is quietly ignored. */
  async function revoke(client: OAuthClient, token: string): Promise<void> {
    if (/^[0-9a-fA-F]{64}$/.test(token)) {
      await d.store.oauth.deleteRefreshToken(secretHash(token), clientBytes(client));
      return;
    }
    const claims = await verifyAccessToken(d.oauthKeys, token, d.clock());
    if (claims === undefined) return;
    await d.store.oauth.deleteAccessToken(Buffer.from(claims.jti, 'hex'), clientBytes(client));
  }

  /**
   * A live access token's owner, client and scopes; errno 110 otherwise,
   * also when `audience` is given and the token was issued for another.
   */
  async function verify(token: string, audience?: string): Promise<VerifiedToken> {
    return verifyReading(token, (jti) => d.store.oauth.accessToken(jti), audience);
  }

  /**
   * verify, with the token's row read by `read`, which may bring what the
   * caller needs next in the same statement (the profile read: one round
   * trip instead of two). The row is read on every call, so a revoked
   * token is refused at once.
   */
  async function verifyReading<R extends AccessRow>(
    token: string,
    read: (jti: Buffer) => Promise<R | undefined>,
    audience?: string,
  ): Promise<VerifiedToken & { row: R }> {
    const now = d.clock();
    const claims =
      audience === undefined
        ? await verifiedOnce(token, now)
        : await verifyAccessToken(d.oauthKeys, token, now, audience);
    const row = claims && (await read(Buffer.from(claims.jti, 'hex')));
    if (!claims || !row || row.expiresAt <= now || row.uid.toString('hex') !== claims.uid) {
      throw error.invalidToken('Invalid token');
    }
    return {
      uid: row.uid,
      clientId: claims.clientId,
      scopes: parseScope(row.scope),
      generation: claims.generation,
      row,
    };
  }

  return { clients, createCode, exchangeCode, issue, refresh, revoke, verify, verifyReading };
}

export type OAuthGrants = ReturnType<typeof oauthGrants>;
