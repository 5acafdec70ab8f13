// The customs commands an operator sends, one shape for both ways they
// travel: over the admin socket to a running server (socket.ts), or
// straight to the Redis that the server processes share (customs.ts).
// Checked with joi on either side, so a bad address is refused before it
// reaches a store.
import Joi from 'joi';
import type { ActiveBlock, BlockTarget, Customs } from '../customs/customs.js';

export type CustomsOp =
  | { op: 'blocks' }
  | { op: 'unblock'; target: BlockTarget }
  | { op: 'ban'; target: BlockTarget; durationSec: number };

export type CustomsReply = { ok: true; blocks?: ActiveBlock[] } | { ok: false; error: string };

const MAX_BAN_SEC = 366 * 86_400;

const target = Joi.alternatives().try(
  Joi.object({ kind: 'email', value: Joi.string().email({ tlds: false }).max(255).required() }),
  Joi.object({ kind: 'ip', value: Joi.string().ip({ cidr: 'forbidden' }).required() }),
);

const durationSec = Joi.number().integer().min(1).max(MAX_BAN_SEC).required();

const opSchema = Joi.alternatives().try(
  Joi.object({ op: 'blocks' }),
  Joi.object({ op: 'unblock', target: target.required() }),
  Joi.object({ op: 'ban', target: target.required(), durationSec }),
);

/** The op, or an Error saying what is wrong with it. */
export function parseCustomsOp(value: unknown): CustomsOp | Error {
  const result = opSchema.validate(value, { presence: 'required' });
  if (!result.error) return result.value as CustomsOp;
  return new Error(describeOpError(value));
}

// joi's own message for an alternatives miss names no field; this one says
// what the operator typed wrong. The target is judged on its own, so that a
// good address with a bad duration is not called a bad address.
function describeOpError(value: unknown): string {
  const v = value as { op?: unknown; target?: { kind?: unknown }; durationSec?: unknown } | null;
  const t = v?.target;
  if (t !== undefined && target.validate(t).error) {
    if (t?.kind === 'email') return 'not an email address';
    if (t?.kind === 'ip') return 'not an IP address (a single address, no range)';
    return 'the target is "email" or "ip"';
  }
  if (v?.op === 'ban' && durationSec.validate(v.durationSec).error) {
    return `the duration is a whole number of seconds from 1 to ${MAX_BAN_SEC}`;
  }
  return 'not a customs command';
}

/** Runs the op on `customs`; a failure becomes a reply, never a throw. */
export async function runCustomsOp(customs: Customs, op: CustomsOp): Promise<CustomsReply> {
  try {
    switch (op.op) {
      case 'blocks':
        return { ok: true, blocks: await customs.listBlocks() };
      case 'unblock':
        await customs.unblock(op.target);
        return { ok: true };
      case 'ban':
        await customs.ban(op.target, op.durationSec);
        return { ok: true };
    }
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
