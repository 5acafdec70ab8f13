// What the test server saw Firefox do. Two views: the request summary lines
// the server logs anyway (method, path, status, in order), and, for the few
// requests whose credentials a test checks, the headers themselves, taken
// by an onRequest extension the test adds to the running hapi server. The
// headers stay in the test's memory; the server's log never has them.
import type { TestServer } from '../helpers/server.js';

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

/** Every request the server has logged so far, oldest first. */
export function loggedRequests(server: TestServer): LoggedRequest[] {
  const out: LoggedRequest[] = [];
  for (const line of server.logs().split('\n')) {
    if (!line.includes('"request.summary"')) continue;
    const entry = JSON.parse(line) as Partial<LoggedRequest> & { msg?: string };
    if (entry.msg !== 'request.summary' || !entry.method || !entry.path) continue;
    out.push({ method: entry.method, path: entry.path, status: Number(entry.status) });
  }
  return out;
}

export interface SeenRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  keyId: string | undefined;
}

export interface RequestRecorder {
  seen(): SeenRequest[];
  /** The Bearer token of the latest request to `path`, or undefined. */
  bearer(method: string, path: string): string | undefined;
  clear(): void;
}

/** Records the credentials of requests to `paths`, from now on. */
export function recordRequests(server: TestServer, paths: readonly string[]): RequestRecorder {
  let seen: SeenRequest[] = [];
  server.app.server.ext('onRequest', (request, h) => {
    if (paths.includes(request.path)) {
      const header = (name: string): string | undefined => {
        const value: unknown = request.headers[name];
        return typeof value === 'string' ? value : undefined;
      };
      seen.push({
        method: request.method.toUpperCase(),
        path: request.path,
        authorization: header('authorization'),
        keyId: header('x-keyid'),
      });
    }
    return h.continue;
  });
  return {
    seen: () => [...seen],
    bearer(method, path) {
      const last = seen.filter((r) => r.method === method && r.path === path).at(-1);
      const match = /^Bearer\s+(\S+)$/i.exec(last?.authorization ?? '');
      return match?.[1];
    },
    clear() {
      seen = [];
    },
  };
}

export interface ExpectedRequest {
  method: string;
  /** The exact path, or a pattern for it. */
  path: string | RegExp;
  status?: number;
}

const matches = (r: LoggedRequest, e: ExpectedRequest) =>
  r.method === e.method &&
  (typeof e.path === 'string' ? r.path === e.path : e.path.test(r.path)) &&
  (e.status === undefined || r.status === e.status);

const describeRequest = (r: ExpectedRequest | LoggedRequest) =>
  `${r.method} ${String(r.path)}${r.status === undefined ? '' : ` ${r.status}`}`;

/**
 * Throws unless `expected` occurs in `seen` in this order (other requests
 * may come between); the message lists what the server did see.
 */
export function assertInOrder(seen: LoggedRequest[], expected: ExpectedRequest[]): void {
  let at = 0;
  for (const e of expected) {
    const found = seen.findIndex((r, i) => i >= at && matches(r, e));
    if (found === -1) {
      const trail = seen.map((r, i) => `${i === at ? '> ' : '  '}${describeRequest(r)}`);
      throw new Error(
        `expected ${describeRequest(e)} after request ${at}; the server saw:\n${trail.join('\n')}`,
      );
    }
    at = found + 1;
  }
}
