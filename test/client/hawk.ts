// Hawk request signing (spec §4) through the reference `hawk` package. The
// stories sign with src/client's own Hawk; this one is for the bench, whose
// load generator builds thousands of headers synchronously.
//
// The package ships no types. It is loaded with require and given the small surface
// used here, which keeps this folder independent of any declaration the server adds.
import { createRequire } from 'node:module';

export interface HawkCredentials {
  id: string;
  key: Buffer;
  algorithm: 'sha256';
}

export interface HawkHeaderOptions {
  credentials: HawkCredentials;
  /** Seconds; fixed when a test needs a known or stale timestamp. */
  timestamp?: number;
  nonce?: string;
  localtimeOffsetMsec?: number;
  payload?: string;
  contentType?: string;
  /** A precomputed payload hash, used instead of hashing `payload`. */
  hash?: string;
  ext?: string;
}

interface HawkLib {
  client: {
    header(uri: string, method: string, options: HawkHeaderOptions): { header: string };
  };
  crypto: {
    calculatePayloadHash(payload: string, algorithm: string, contentType: string): string;
  };
}

const require = createRequire(import.meta.url);
const hawk = require('hawk') as HawkLib;

/** The value of the Authorization header for one request. */
export function hawkHeader(url: string, method: string, options: HawkHeaderOptions): string {
  return hawk.client.header(url, method, options).header;
}

// hawk: hash = base64(SHA256("hawk.1.payload\n" + mimetype + "\n" + body + "\n"))
export function payloadHash(payload: string, contentType = 'application/json'): string {
  return hawk.crypto.calculatePayloadHash(payload, 'sha256', contentType);
}
