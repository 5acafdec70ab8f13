// How the admin CLI names a session: by a handle, the first 12 hex digits
// of a SHA-256 of its token id. The token id itself must never be printed,
// since `Authorization: Bearer fxs_<tokenId>` alone authenticates; the
// handle is a one-way digest of it, enough to tell an account's sessions
// apart and useless to anyone who copies it from a terminal.
import { createHash } from 'node:crypto';

export function sessionHandle(tokenId: Buffer): string {
  return createHash('sha256')
    .update('fxa-selfhost admin session handle\0')
    .update(tokenId)
    .digest('hex')
    .slice(0, 12);
}
