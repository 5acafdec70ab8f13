// The child half of the bench's process protocol. Every process the bench
// measures (the auth server, the cluster primary, the bare hapi route, the
// bare scrypt loop) is forked with an IPC channel and speaks the same small
// protocol: it sends `ready` with what the runner needs to know, answers
// requests by `id`, and exits cleanly on `stop`, so a `--cpu-prof` child
// writes its profile before it goes.

export interface Request {
  type: string;
  id: number;
  [field: string]: unknown;
}

export type Handler = (request: Request) => unknown;

export interface Reply {
  type: 'reply';
  id: number;
  result?: unknown;
  error?: string;
}

function send(message: object): void {
  process.send?.(message);
}

/** Answers the runner's requests; `stop` runs `onStop` and then exits the process. */
export function serveRequests(
  handlers: Record<string, Handler>,
  onStop: () => Promise<void>,
): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    onStop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('bench child failed to stop:', err);
        process.exit(1);
      },
    );
  };
  process.on('message', (message: Request) => {
    if (message.type === 'stop') return stop();
    const handler = handlers[message.type];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown request ${message.type}`);
        return handler(message);
      })
      .then(
        (result) => send({ type: 'reply', id: message.id, result } satisfies Reply),
        (err: unknown) =>
          send({ type: 'reply', id: message.id, error: String(err) } satisfies Reply),
      );
  });
  // Losing the runner (it crashed or was interrupted) must not leave a
  // server behind holding ports, memory and a MySQL pool.
  process.on('disconnect', stop);
}

export function announceReady(info: Record<string, unknown>): void {
  send({ type: 'ready', info });
}

/** A loopback port nobody listens on right now (the test helpers' probe). */
export { freePort } from '../../test/helpers/server.js';

export function parseJsonArg(index: number): Record<string, unknown> {
  const raw = process.argv[index];
  return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
}
