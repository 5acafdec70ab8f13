// The pages (src/web, built into dist/web by scripts/build-web.ts), served
// from this process at PUBLIC_URL: Firefox opens them, and the WebChannel
// only talks to pages of the origin it was configured with.
//
//   /assets/*   the hashed bundles: cacheable for a year, never changed in place
//   PAGES       the HTML shell, revalidated on every load, under a strict CSP;
//               the script picks the page by path (src/web/routes.tsx)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { notFound } from '@hapi/boom';
import type { ResponseObject, ResponseToolkit, ServerRoute } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import { error } from '../errors.js';

/** Every path that shows a page; src/web/routes.tsx maps each to its component. */
export const PAGES = [
  '/',
  '/signin',
  '/signup',
  '/force_auth',
  '/oauth',
  '/verify_email',
  '/confirm_signup_code',
  '/signin_unblock',
  '/signed_in',
  '/settings',
  '/settings/clients',
  '/settings/avatar/change',
  '/reset_password',
  '/complete_reset_password',
  '/report_signin',
  '/connect_another_device',
  '/pair',
  '/post_verify/third_party_auth/set_password',
];

// No inline script or style, no third party: everything the pages load is ours.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** dist/web beside package.json, both from src/routes (tsx) and dist/src/routes (built). */
function webDist(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return join(dir, 'dist/web');
}

export function webRoutes(d: Pick<Deps, 'log'>): ServerRoute[] {
  const dist = webDist();
  const shellPath = join(dist, 'index.html');
  const shell = existsSync(shellPath) ? readFileSync(shellPath) : undefined;
  if (!shell) d.log.warn({ path: shellPath }, 'the pages are not built: run npm run build');

  function page(_request: unknown, h: ResponseToolkit) {
    if (!shell) throw error.serviceUnavailable(60);
    return pageHeaders(h.response(shell).type('text/html; charset=utf-8'));
  }

  function asset(request: { params: { file?: string } }, h: ResponseToolkit) {
    const file = request.params.file ?? '';
    // Hashed names only: the shell is not an asset, and nothing else is cached forever.
    if (!/^[\w-]+\.(js|css|map)$/.test(file)) throw notFound();
    const response = h.file(file, { confine: join(dist, 'assets') });
    return response.header('cache-control', IMMUTABLE).header('x-content-type-options', 'nosniff');
  }

  // Each page also with a trailing slash (/settings/), as people and
  // Firefox's older links type it; the script ignores the slash. Only the
  // page paths: the API keeps its exact paths, which Hawk signs.
  const paths = PAGES.flatMap((path) => (path === '/' ? [path] : [path, `${path}/`]));
  // prettier-ignore
  return [
    ...paths.map((path): ServerRoute => ({ method: 'GET', path, options: { auth: false, handler: page } })),
    { method: 'GET', path: '/assets/{file}', options: { auth: false, handler: asset } },
  ];
}

function pageHeaders(response: ResponseObject): ResponseObject {
  return response
    .header('cache-control', 'no-cache')
    .header('content-security-policy', CSP)
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY');
}
