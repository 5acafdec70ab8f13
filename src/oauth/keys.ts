// The key that signs OAuth access tokens, and the set /v1/jwks publishes.
// It is an RSA key kept like the BrowserID one (signer/keys.ts: generated on
// first start, private JWK on disk, mode 0600), in a file of its own so the
// two can be rotated apart. During a rotation the previous public key stays
// published, so tokens it signed keep verifying until they expire.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { createLocalJWKSet, type JSONWebKeySet, type JWK } from 'jose';
import { loadOrCreateKey, loadPublicKey } from '../signer/keys.js';

export interface OAuthKeys {
  privateKey: KeyObject;
  kid: string;
  /** The /v1/jwks document: the signing key first, then the previous one. */
  jwks: JSONWebKeySet;
  /** Resolves a token's kid to one of the published keys, for verification. */
  keyFor: ReturnType<typeof createLocalJWKSet>;
}

/** A public JWK as RFC 7517 publishes it for RS256 signatures. */
function published(jwk: JWK, kid: string): JWK {
  return { kty: 'RSA', n: jwk.n, e: jwk.e, kid, alg: 'RS256', use: 'sig' };
}

export async function loadOAuthKeys(opts: {
  keyFile: string;
  oldPublicKeyFile: string;
}): Promise<OAuthKeys> {
  const key = await loadOrCreateKey(opts.keyFile);
  const current = createPublicKey(key.privateKey).export({ format: 'jwk' }) as JWK;
  const keys = [published(current, key.kid)];
  if (opts.oldPublicKeyFile) {
    const old = loadPublicKey(opts.oldPublicKeyFile);
    keys.push(published(old, old.kid ?? 'old'));
  }
  const jwks = { keys };
  return { privateKey: key.privateKey, kid: key.kid, jwks, keyFor: createLocalJWKSet(jwks) };
}
