// /session/*: a signed-in client checks or ends its session (api-v1.md §2.2).
import type { Request } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import type { TokenCredentials } from '../auth/hawk.js';

const session = (request: Request) =>
  request.auth.credentials as unknown as TokenCredentials<'sessionToken'>;

export function sessionHandlers(d: Pick<Deps, 'store'>) {
  /** Any 2xx tells Firefox the session is alive; `state` is what newer clients read. */
  function status(request: Request) {
    const { account } = session(request);
    return {
      state: account.emailVerified ? 'verified' : 'unverified',
      uid: account.uid.toString('hex'),
    };
  }

  async function destroy(request: Request) {
    await d.store.deleteToken('sessionToken', session(request).token.tokenId);
    return {};
  }

  return { status, destroy };
}
