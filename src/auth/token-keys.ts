// The Hawk MAC key of each token type. keyFetchTokens store their derived
// authKey; the other types store the seed, and the key is HKDF(seed).
//
// A session's key is the same on every request, and deriving it (HKDF,
// then the padded HMAC keys of hawk-mac.ts) cost about a tenth of a signed
// read. So session keys are derived once per token and kept by token id in
// a bounded map. The keys are kept in memory rather than stored in a new
// column as keyFetchTokens' are: no migration, no back-fill for sessions
// issued before, and the database holds nothing it did not. The map needs
// no invalidation: the id is itself derived from the seed, so an id only
// ever has one key, and the caller reads the token's row on every request
// before asking for it, so the map says what a token's key is, never
// whether the token is live. A deleted session's entry just waits to be
// pushed out.
//
// The short-lived types are used a handful of times each, so they derive
// the key every time rather than fill the map.
import type { TokenRecords, TokenType } from '../db/store.js';
import { deriveTokenKeys } from '../tokens/token.js';
import { macKey, type MacKey } from './hawk-mac.js';

/** Sessions whose keys are kept: far more than a self-hosted server has in use at once. */
export const SESSION_KEYS_KEPT = 10_000;

type KeyOf = { [T in TokenType]: (id: string, token: TokenRecords[T]) => MacKey };

const derived = (type: TokenType, seed: Buffer) => macKey(deriveTokenKeys(type, seed).authKey);

export function tokenKeys(kept = SESSION_KEYS_KEPT): KeyOf {
  // Insertion-ordered, so the first entry is the oldest; a hit does not
  // move it, which keeps a lookup to one Map read.
  const sessionKeys = new Map<string, MacKey>();

  function sessionKey(id: string, seed: Buffer): MacKey {
    const known = sessionKeys.get(id);
    if (known !== undefined) return known;
    const key = macKey(deriveTokenKeys('sessionToken', seed).authKey);
    if (sessionKeys.size >= kept) {
      const oldest = sessionKeys.keys().next();
      if (oldest.done !== true) sessionKeys.delete(oldest.value);
    }
    sessionKeys.set(id, key);
    return key;
  }

  return {
    sessionToken: (id, t) => sessionKey(id, t.tokenData),
    keyFetchToken: (_id, t) => macKey(t.authKey),
    accountResetToken: (_id, t) => derived('accountResetToken', t.tokenData),
    passwordForgotToken: (_id, t) => derived('passwordForgotToken', t.tokenData),
    passwordChangeToken: (_id, t) => derived('passwordChangeToken', t.tokenData),
  };
}
