// Every token is a 32-byte random seed, handed to the client as 64 hex chars.
// Neither side ever sends the seed again: both run it through HKDF with the
// token type as info (api-v1.md §3.2) and split the 96 bytes three ways:
//
//   tokenId   = x[0:32]   the Hawk id, and the primary key in the database
//   authKey   = x[32:64]  the Hawk MAC key
//   bundleKey = x[64:96]  encrypts the /account/keys bundle (keyFetchToken)
//
// So a leaked database row id is useless without the seed, and the server
// can re-derive authKey from the stored seed on each request. Lifetimes come
// in from config; 0 means the token never expires.
import type { TokenType } from '../db/store.js';
import { hkdf } from '../crypto/hkdf.js';
import { random } from '../crypto/bytes.js';

export const SEED_LENGTH = 32;

export interface TokenKeys {
  tokenId: Buffer;
  authKey: Buffer;
  bundleKey: Buffer;
}

export function deriveTokenKeys(type: TokenType, seed: Buffer): TokenKeys {
  const x = hkdf(seed, type, 96);
  return { tokenId: x.subarray(0, 32), authKey: x.subarray(32, 64), bundleKey: x.subarray(64, 96) };
}

/** A fresh seed and its derived keys. */
export function newToken(type: TokenType): TokenKeys & { seed: Buffer } {
  const seed = random(SEED_LENGTH);
  return { seed, ...deriveTokenKeys(type, seed) };
}

/** Seconds left, rounded up; Infinity for tokens without a lifetime. */
export function ttlSeconds(createdAt: number, lifetimeMs: number, now: number): number {
  if (lifetimeMs <= 0) return Infinity;
  return Math.max(0, Math.ceil((lifetimeMs - (now - createdAt)) / 1000));
}

export function isExpired(createdAt: number, lifetimeMs: number, now: number): boolean {
  return ttlSeconds(createdAt, lifetimeMs, now) === 0;
}
