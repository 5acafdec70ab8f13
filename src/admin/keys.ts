// `rotate-keys`: new signing keys for BrowserID certificates and for OAuth
// access tokens, each keeping its predecessor's public key published (in
// /.well-known/browserid and /v1/jwks) so what the old key signed still
// verifies. The server reads its keys at start, so every server process is
// restarted afterwards.
//
// Only one previous key is published. Rotating again while something the
// previous key signed may still be alive (a certificate lasts up to a day,
// an access token up to OAUTH_ACCESS_TOKEN_MAX_TTL_SEC) would unpublish it
// early, so that is refused unless --force says the operator means it.
import { existsSync, statSync } from 'node:fs';
import { previousKeyFile } from '../signer/key-files.js';
import { rotateKeyFile } from '../signer/keys.js';
import type { Context } from './context.js';
import { AdminError, when, type Result } from './output.js';

// The longest certificate /certificate/sign issues (routes/sign.ts).
const CERTIFICATE_MAX_MS = 24 * 3600 * 1000;

interface SigningKeyFiles {
  name: string;
  keyFile: string;
  previousFile: string;
  /** How long what the key signed may stay valid. */
  livesMs: number;
}

export async function rotateKeys(ctx: Context, force: boolean): Promise<Result> {
  const { signer, oauth } = ctx.config;
  const keys: SigningKeyFiles[] = [
    {
      name: 'BrowserID',
      keyFile: signer.keyFile,
      previousFile: signer.oldPublicKeyFile || previousKeyFile(signer.keyFile),
      livesMs: CERTIFICATE_MAX_MS,
    },
    {
      name: 'OAuth',
      keyFile: oauth.keyFile,
      previousFile: oauth.oldPublicKeyFile || previousKeyFile(oauth.keyFile),
      livesMs: oauth.accessTokenMaxTtlSec * 1000,
    },
  ];
  // Every check before any change, so a refusal leaves both keys as they were.
  for (const key of keys) check(key, ctx.clock(), force);
  const rotated = [];
  for (const key of keys) {
    const kids = await rotateKeyFile(key.keyFile, key.previousFile);
    rotated.push({ name: key.name, keyFile: key.keyFile, previousFile: key.previousFile, ...kids });
  }
  const lines = rotated.map(
    (r) =>
      `${r.name}: now signing with ${r.current}; ${r.retired} stays published (${r.previousFile})`,
  );
  lines.push('Restart every server process to sign with the new keys.');
  return { text: lines.join('\n'), json: { rotated, restartNeeded: true } };
}

function check(key: SigningKeyFiles, now: number, force: boolean): void {
  if (!existsSync(key.keyFile)) {
    throw new AdminError(
      `no ${key.name} key at ${key.keyFile}; the server makes one when it first starts`,
    );
  }
  if (force || !existsSync(key.previousFile)) return;
  const retiredAt = statSync(key.previousFile).mtimeMs;
  const liveUntil = retiredAt + key.livesMs;
  if (liveUntil > now) {
    throw new AdminError(
      `the previous ${key.name} key was retired at ${when(retiredAt)}, and what it signed may ` +
        `be valid until ${when(liveUntil)}; rotating now would stop publishing it. ` +
        'Wait until then, or pass --force',
    );
  }
}
