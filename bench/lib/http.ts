// One HTTP request from node:http, for the probes, the open-loop overload
// and the scaling stories. It costs the client a fraction of what fetch
// does, which matters on a small machine where the client's CPU is taken
// from the server being measured.
import { Agent, request } from 'node:http';
import type { BuiltRequest } from './load.js';

export interface Answer {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

/** A keep-alive pool; `agent: false` instead opens a new connection per request. */
export const keepAlive = (): Agent => new Agent({ keepAlive: true, maxSockets: Infinity });

export function send(
  origin: string,
  req: BuiltRequest,
  opts: { agent: Agent | false; timeoutMs?: number },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { ...(req.headers ?? {}) };
    if (req.body) headers['content-length'] = String(Buffer.byteLength(req.body));
    const outgoing = request(
      `${origin}${req.path}`,
      { method: req.method, headers, agent: opts.agent, timeout: opts.timeoutMs ?? 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const flat: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: flat,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}
