// Operational routes: randomness for clients, health checks for load
// balancers, the version, and the retired /v0 API.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, ResponseToolkit } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import { random } from '../crypto/bytes.js';
import { error } from '../errors.js';

interface PackageInfo {
  version: string;
  repository?: { url?: string } | string;
}

/** Version facts, read once at start: package.json and the checked-out commit. */
function versionInfo(configured: string): { version: string; commit: string; source: string } {
  const root = new URL('../../', import.meta.url).pathname;
  const pkgPath = existsSync(join(root, 'package.json'))
    ? join(root, 'package.json')
    : join(root, '../package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as PackageInfo;
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  return {
    version: pkg.version,
    commit: configured || gitCommit(join(pkgPath, '..')),
    source: repo ?? '',
  };
}

function gitCommit(dir: string): string {
  try {
    const head = readFileSync(join(dir, '.git/HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    return readFileSync(join(dir, '.git', head.slice(5)), 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

export function utilHandlers(d: Pick<Deps, 'store' | 'syncStore' | 'config' | 'log'>) {
  const info = versionInfo(d.config.git.commit);

  function version(_request: unknown, h: ResponseToolkit) {
    return h.response(JSON.stringify(info, null, 2) + '\n').type('application/json');
  }

  async function heartbeat() {
    try {
      await d.store.ping();
      // Sync storage shares the database but has tables of its own.
      await d.syncStore.ping();
    } catch (err) {
      throw error.serviceUnavailable(d.config.database.retryAfterSec, err);
    }
    return {};
  }

  // A content server elsewhere gets the same path and answers /v1/... itself
  // by dropping the /v1 (api-v1.md §7). When this process is the content
  // server, that would send the link back here in a loop: it goes to the
  // page's own path at once.
  const { url: contentServer } = d.config.contentServer;
  const servesPages = contentServer === d.config.publicUrl;

  /** Mailed links land on the auth server; the content server shows the page. */
  function toContentServer(request: Request, h: ResponseToolkit) {
    const { pathname, search } = request.url;
    const path = servesPages ? pathname.replace(/^\/v1\//, '/') : pathname;
    return h.redirect(`${contentServer}${path}${search}`);
  }

  return {
    toContentServer,
    version,
    heartbeat,
    lbheartbeat: () => ({}),
    randomBytes: () => ({ data: random(32).toString('hex') }),
    gone: () => {
      throw error.endpointGone();
    },
  };
}
