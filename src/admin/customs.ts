// The customs commands (blocks, ban, unblock), which act wherever the
// counters are. A running server is asked over its admin socket
// (socket.ts), which reaches its counters in memory or in Redis alike.
// When no server answers and REDIS_URL is set, the shared Redis is changed
// directly, so an operator on another host of a cluster needs no socket.
// With neither, there are no counters anywhere: a server keeping them in
// memory starts with none, so there is nothing to unblock.
import { createConnection } from 'node:net';
import type { ActiveBlock } from '../customs/customs.js';
import { createCustoms, DEFAULT_KEY_PREFIX } from '../customs/index.js';
import type { Context } from './context.js';
import { parseCustomsOp, runCustomsOp, type CustomsOp, type CustomsReply } from './customs-ops.js';
import { AdminError, UsageError, table, type Result } from './output.js';

const REPLY_WITHIN_MS = 10_000;

export async function customsCommand(ctx: Context, request: CustomsOp): Promise<Result> {
  const op = parseCustomsOp(request);
  if (op instanceof Error) throw new UsageError(op.message);
  const { socket } = ctx.config.admin;
  const reply =
    (socket ? await askServer(socket, op) : undefined) ??
    (ctx.config.customs.redisUrl ? await viaRedis(ctx, op) : undefined);
  if (reply === undefined) return withoutCounters(ctx, op);
  if (!reply.ok) throw new AdminError(`customs: ${reply.error}`);
  return describe(op, reply.blocks ?? []);
}

async function viaRedis(ctx: Context, op: CustomsOp): Promise<CustomsReply> {
  const customs = createCustoms({
    // Operator commands find records by address, not by rule.
    rules: [],
    redisUrl: ctx.config.customs.redisUrl,
    keyPrefix: ctx.config.customs.keyPrefix || DEFAULT_KEY_PREFIX,
    failOpen: false,
    clock: ctx.clock,
    log: ctx.log,
  });
  try {
    return await runCustomsOp(customs, op);
  } finally {
    await customs.close();
  }
}

// Counters in memory die with their server, and the next one starts empty.
function withoutCounters(ctx: Context, op: CustomsOp): Result {
  const { socket } = ctx.config.admin;
  const where = socket
    ? `no server answers on ${socket}`
    : 'the admin socket is off (ADMIN_SOCKET)';
  if (op.op === 'ban') {
    throw new AdminError(`${where}, and without REDIS_URL a ban has nowhere to go`);
  }
  const note = `${where}; with counters in memory (no REDIS_URL) nothing is blocked until one runs`;
  return { text: note, json: op.op === 'blocks' ? { blocks: [], note } : { note } };
}

/** Active blocks as the operator reads them, in both the admin CLI and npm run customs. */
export function blocksTable(blocks: ActiveBlock[], now: number): string {
  if (blocks.length === 0) return 'no active blocks';
  const rows = blocks.map((b) => [
    b.kind,
    b.value,
    b.reason,
    new Date(b.until).toISOString().replace(/\.\d+Z$/, 'Z'),
    `${Math.max(1, Math.ceil((b.until - now) / 1000))} s`,
  ]);
  return table(['KIND', 'VALUE', 'REASON', 'UNTIL (UTC)', 'LEFT'], rows);
}

function describe(op: CustomsOp, blocks: ActiveBlock[]): Result {
  if (op.op === 'blocks') return { text: blocksTable(blocks, Date.now()), json: { blocks } };
  // As customs stores it: addresses are compared in lower case.
  const value = op.target.kind === 'email' ? op.target.value.toLowerCase() : op.target.value;
  const target = { kind: op.target.kind, value };
  if (op.op === 'unblock') {
    return { text: `unblocked ${target.kind} ${value}`, json: { unblocked: target } };
  }
  return {
    text: `banned ${target.kind} ${value} for ${op.durationSec} s`,
    json: { banned: target, durationSec: op.durationSec },
  };
}

/** The running server's reply, or undefined when none is listening on `path`. */
function askServer(path: string, op: CustomsOp): Promise<CustomsReply | undefined> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let received = '';
    socket.setTimeout(REPLY_WITHIN_MS, () => {
      socket.destroy();
      reject(new AdminError(`the server on ${path} did not answer`));
    });
    socket.on('connect', () => socket.write(`${JSON.stringify(op)}\n`));
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    socket.on('end', () => {
      try {
        resolve(JSON.parse(received) as CustomsReply);
      } catch {
        reject(new AdminError(`the server on ${path} answered something unreadable`));
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') return resolve(undefined);
      const hint = err.code === 'EACCES' ? ' (run this as the user the server runs as)' : '';
      reject(new AdminError(`cannot reach the server on ${path}: ${err.message}${hint}`));
    });
  });
}
