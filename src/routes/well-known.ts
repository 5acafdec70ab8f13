// /.well-known/browserid: the key relying parties use to check certificates,
// and the two pages the document names. BrowserID sends a user to
// `authentication` to sign in and loads `provisioning` to obtain a
// certificate; Firefox does both itself over the /v1 API, so the pages only
// say where to go, as the 2015 server's static ones did.
import type { ResponseToolkit, Request } from '@hapi/hapi';
import type { Deps } from '../deps.js';

function page(title: string, text: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title></head>`,
    `<body><h1>${title}</h1><p>${text}</p></body>`,
    '</html>',
    '',
  ].join('\n');
}

const SIGN_IN = page(
  'Sign in to Firefox Accounts',
  'Sign in from Firefox: open the menu, choose Sign in, and enter your email address and password.',
);
const PROVISION = page(
  'Firefox Accounts',
  'Firefox obtains its certificates from this server directly; there is nothing to do on this page.',
);

export function wellKnownHandlers(d: Pick<Deps, 'signer'>) {
  const document = d.signer.supportDocument();

  function browserid(_request: Request, h: ResponseToolkit) {
    return h.response(document).header('Cache-Control', 'public, max-age=10');
  }

  const html = (body: string) => (_request: Request, h: ResponseToolkit) =>
    h
      .response(body)
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'public, max-age=3600');

  return { browserid, signIn: html(SIGN_IN), provision: html(PROVISION) };
}
