// BrowserID certificate signing (api-v1.md §5). A certificate binds the
// client's public key to `<uid>@<domain>` for up to 24 hours; relying parties
// (the Sync tokenserver) check it against /.well-known/browserid, which must
// publish the key that signs here.
import { CompactSign } from 'jose';
import { loadOrCreateKey, loadPublicKey, type SigningKey } from './keys.js';

export interface CertificateRequest {
  publicKey: Record<string, string>;
  durationMs: number;
  uid: string;
  email: string;
  verifierSetAt: number;
  sessionCreatedAt: number;
  now: number;
}

export interface Signer {
  sign(req: CertificateRequest): Promise<string>;
  /** The /.well-known/browserid support document. */
  supportDocument(): Record<string, unknown>;
}

/** JWK base64url integers as the decimal strings browserid-crypto uses. */
function toDecimal(b64url: string | undefined): string {
  if (!b64url) return '';
  return BigInt('0x' + Buffer.from(b64url, 'base64url').toString('hex')).toString(10);
}

export async function createSigner(opts: {
  keyFile: string;
  oldPublicKeyFile: string;
  domain: string;
}): Promise<Signer> {
  const key: SigningKey = await loadOrCreateKey(opts.keyFile);
  const keys = [key.publicJwk];
  if (opts.oldPublicKeyFile) keys.push(loadPublicKey(opts.oldPublicKeyFile));
  const encoder = new TextEncoder();

  return {
    async sign(req) {
      // Claim order and units follow FxA: iat/exp in ms, lastAuthAt in s.
      const claims = {
        'public-key': req.publicKey,
        principal: { email: `${req.uid}@${opts.domain}` },
        iat: req.now - 10_000,
        exp: req.now + req.durationMs,
        'fxa-generation': req.verifierSetAt,
        'fxa-lastAuthAt': Math.floor(req.sessionCreatedAt / 1000),
        'fxa-verifiedEmail': req.email,
        iss: opts.domain,
      };
      return new CompactSign(encoder.encode(JSON.stringify(claims)))
        .setProtectedHeader({ alg: 'RS256', kid: key.kid })
        .sign(key.privateKey);
    },

    supportDocument() {
      return {
        'public-key': {
          algorithm: 'RS',
          n: toDecimal(key.publicJwk.n),
          e: toDecimal(key.publicJwk.e),
        },
        authentication: '/.well-known/browserid/sign_in.html',
        provisioning: '/.well-known/browserid/provision.html',
        keys,
      };
    },
  };
}
