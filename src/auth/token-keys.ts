// The Hawk MAC key of each token type. keyFetchTokens store their derived
// authKey; the other types store the seed, and the key is HKDF(seed).
//
// A session's key is the same on every request, and deriving it (HKDF and
// the KeyObject Node builds for it) cost about a tenth of a signed read. So
// session keys are derived once per token and kept by token id in a bounded
// map, as KeyObjects: given a Buffer, Node's createHmac spends some 8 µs
// checking that it is neither a KeyObject nor a CryptoKey; given a
// KeyObject, the whole MAC takes 1.6 µs. The keys are kept in memory rather
// than stored in a new column as keyFetchTokens' are: no migration, no
// back-fill for sessions issued before, and the database holds nothing it
// did not. The map needs no invalidation: the id is itself derived from
// the seed, so an id only ever has one key, and the caller reads the
// token's row on every request before asking for it, so the map says what
// a token's key is, never whether the token is live. A deleted session's
// entry just waits to be pushed out.
//
// The short-lived types are used a handful of times each, so they derive
// the key every time rather than fill the map.
import { createSecretKey, type KeyObject } from 'node:crypto';
import type { TokenRecords, TokenType } from '../db/store.js';
import { deriveTokenKeys } from '../tokens/token.js';

/** Sessions whose keys are kept: far more than a self-hosted server has in use at once. */
export const SESSION_KEYS_KEPT = 10_000;

/** What Hawk's HMAC takes as the key: a Buffer, or a KeyObject for less work per request. */
export type MacKey = Buffer | KeyObject;

type KeyOf = { [T in TokenType]: (id: string, token: TokenRecords[T]) => MacKey };

export function tokenKeys(kept = SESSION_KEYS_KEPT): KeyOf {
  // Insertion-ordered, so the first entry is the oldest; a hit does not
  // move it, which keeps a lookup to one Map read.
  const sessionKeys = new Map<string, KeyObject>();

  function sessionKey(id: string, seed: Buffer): KeyObject {
    const known = sessionKeys.get(id);
    if (known !== undefined) return known;
    const key = createSecretKey(deriveTokenKeys('sessionToken', seed).authKey);
    if (sessionKeys.size >= kept) {
      const oldest = sessionKeys.keys().next();
      if (oldest.done !== true) sessionKeys.delete(oldest.value);
    }
    sessionKeys.set(id, key);
    return key;
  }

  return {
    sessionToken: (id, t) => sessionKey(id, t.tokenData),
    keyFetchToken: (_id, t) => t.authKey,
    accountResetToken: (_id, t) => deriveTokenKeys('accountResetToken', t.tokenData).authKey,
    passwordForgotToken: (_id, t) => deriveTokenKeys('passwordForgotToken', t.tokenData).authKey,
    passwordChangeToken: (_id, t) => deriveTokenKeys('passwordChangeToken', t.tokenData).authKey,
  };
}
