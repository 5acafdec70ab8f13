// /.well-known/browserid: the key relying parties use to check certificates.
import type { ResponseToolkit, Request } from '@hapi/hapi';
import type { Deps } from '../deps.js';

export function wellKnownHandlers(d: Pick<Deps, 'signer'>) {
  const document = d.signer.supportDocument();

  function browserid(_request: Request, h: ResponseToolkit) {
    return h.response(document).header('Cache-Control', 'public, max-age=10');
  }

  return { browserid };
}
