// The admin socket: a unix socket in the data directory on which the
// running server takes the CLI's customs commands (customs-ops.ts).
//
// Why a socket and not customs counters in the database: by default the
// counters live in the server's memory, and every credential check
// touches them, so moving them into SQL would put a write on the hot path
// of every login and, on SQLite, contend for its one write lock. A socket
// reaches the counters where they are, whichever store holds them (memory
// or Redis). Its mode is 0600 and it lives in the data directory, so the
// file system decides who may speak to it: the account the server runs as
// (and root), the same people who can read the signing keys anyway. No
// token is needed, and nothing listens on the network.
//
// One JSON line in, one JSON line out, then the connection closes.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import type { Customs } from '../customs/customs.js';
import type { Logger } from '../log.js';
import { parseCustomsOp, runCustomsOp, type CustomsReply } from './customs-ops.js';

const MAX_REQUEST_BYTES = 4096;
// How long a client has to send its line and read the answer.
const REQUEST_MS = 5000;

export interface AdminSocket {
  close(): Promise<void>;
}

/**
 * Listens on `path`, replacing a socket file a dead server left behind.
 * Resolves undefined, logging why, when another live server already
 * answers there (with several processes on one data directory, one socket
 * is enough for counters shared in Redis), or when it cannot listen: the
 * server serves its users without the operator's shortcut, which a restart
 * brings back.
 */
export async function startAdminSocket(
  path: string,
  d: { customs: Customs; log: Logger },
): Promise<AdminSocket | undefined> {
  try {
    if (await answers(path)) {
      d.log.warn({ socket: path }, 'another server answers on the admin socket; not listening');
      return undefined;
    }
    removeStaleSocket(path);
    const server = createServer((socket) => serve(socket, d));
    await listenPrivately(server, path);
    d.log.info({ socket: path }, 'admin socket listening');
    return {
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          removeStaleSocket(path);
        }),
    };
  } catch (err) {
    d.log.error({ err, socket: path }, 'the admin socket could not listen');
    return undefined;
  }
}

// The umask covers the moment between bind and chmod, when the socket
// would otherwise exist with the process's default mode.
async function listenPrivately(server: Server, path: string): Promise<void> {
  const umask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(umask);
  }
  chmodSync(path, 0o600);
}

function serve(socket: Socket, d: { customs: Customs; log: Logger }): void {
  // One deadline for the whole exchange, not an idle timer: every byte would
  // reset that, and a client sending one at a time would stay for good.
  const deadline = setTimeout(() => socket.destroy(), REQUEST_MS);
  socket.on('close', () => clearTimeout(deadline));
  socket.on('error', () => socket.destroy());
  // Decoded as a stream, so a character split between two reads stays whole.
  socket.setEncoding('utf8');
  let buffered = '';
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    const end = buffered.indexOf('\n');
    if (end === -1) {
      if (Buffer.byteLength(buffered) > MAX_REQUEST_BYTES) {
        socket.pause();
        reply(socket, { ok: false, error: 'too long' });
      }
      return;
    }
    socket.pause();
    void answer(buffered.slice(0, end), d).then((r) => reply(socket, r));
  });
}

async function answer(line: string, d: { customs: Customs; log: Logger }): Promise<CustomsReply> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  const op = parseCustomsOp(parsed);
  if (op instanceof Error) return { ok: false, error: op.message };
  const result = await runCustomsOp(d.customs, op);
  // The address stays out of the log: an operator's command is theirs to record.
  const fields = { op: op.op, ...('target' in op ? { kind: op.target.kind } : {}) };
  if (result.ok) d.log.info(fields, 'admin customs command');
  else d.log.warn({ ...fields, cause: result.error }, 'admin customs command failed');
  return result;
}

function reply(socket: Socket, r: CustomsReply): void {
  socket.end(`${JSON.stringify(r)}\n`);
}

function removeStaleSocket(path: string): void {
  try {
    if (lstatSync(path).isSocket()) unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Whether a live server accepts connections on `path`. */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createConnection(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}
