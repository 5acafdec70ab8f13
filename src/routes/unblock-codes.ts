// Spending a sign-in unblock code, shared by /account/login (which spends
// one to get past a block) and the unblock routes. Codes live for
// signinUnblock.codeLifetimeMs; their checking is rate limited by ip and by
// ip + address (never by the address alone, so that guessing from
// elsewhere cannot stop the owner from using a code), and the hashes are
// compared in constant time.
import type { Request } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import { constantTimeEqual } from '../crypto/bytes.js';
import { unblockCodeHash } from '../tokens/unblock-code.js';
import { error } from '../errors.js';
import { customsGuard } from './customs-guard.js';

export function unblockCodes(d: Pick<Deps, 'store' | 'customs' | 'clock' | 'config'>) {
  const customs = customsGuard(d);
  const lifetime = d.config.signinUnblock.codeLifetimeMs;

  /** Spends one of the account's live codes, or throws 127 (429 when guessing too much). */
  async function spend(request: Request, email: string, code: string): Promise<void> {
    await customs.check(request, 'verifyUnblockCode', { email });
    const account = await d.store.accountByEmail(email.toLowerCase());
    if (!account) throw error.invalidUnblockCode();
    const wanted = unblockCodeHash(account.uid, code);
    const live = await d.store.unblockCodes.live(account.uid, d.clock() - lifetime);
    const match = live.find((hash) => constantTimeEqual(hash, wanted));
    // The delete decides: of two logins with one code, only one gets through.
    if (!match || !(await d.store.unblockCodes.remove(account.uid, match))) {
      throw error.invalidUnblockCode();
    }
  }

  return { spend, lifetime };
}
