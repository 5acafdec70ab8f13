// npm run customs -- <command>: the operator's view of customs in a cluster.
// It acts on the Redis that the server processes share (REDIS_URL, and
// CUSTOMS_KEY_PREFIX when the servers use one). Counters held in one
// process's memory, when no Redis is configured, cannot be reached from here;
// the admin CLI (`npm run admin -- blocks|ban|unblock`, src/admin/customs.ts)
// reaches them through the server's admin socket, and is the documented way.

import { parseArgs } from 'node:util';
import { asksForHelp } from '../src/cli-help.js';
import { createCustoms, DEFAULT_KEY_PREFIX } from '../src/customs/index.js';
import type { BlockTarget, Customs } from '../src/customs/customs.js';
import { createLogger } from '../src/log.js';
import { blocksTable } from '../src/admin/customs.js';

const USAGE = `usage: npm run customs -- <command>

  list                                  active bans and rule blocks
  ban email <address> [--duration <s>]  ban an address from every action (default 86400 s)
  ban ip <address> [--duration <s>]     ban an IP address from every action
  unblock email <address>               lift the ban, rule blocks and counters of an address
  unblock ip <address>                  the same for an IP address

environment: REDIS_URL (required), CUSTOMS_KEY_PREFIX (default ${DEFAULT_KEY_PREFIX})`;

const DEFAULT_BAN_SEC = 86_400;

class UsageError extends Error {}

type Command =
  | { name: 'list' }
  | { name: 'ban'; target: BlockTarget; durationSec: number }
  | { name: 'unblock'; target: BlockTarget };

function parseCommand(argv: string[]): Command {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { duration: { type: 'string' } },
  });
  const [name, kind, value, ...extra] = positionals;
  if (name === 'list' && kind === undefined && values.duration === undefined) return { name };
  if (name !== 'ban' && name !== 'unblock') throw new UsageError(`unknown command: ${name ?? ''}`);
  if (kind !== 'email' && kind !== 'ip') throw new UsageError(`${name} takes "email" or "ip"`);
  if (!value || extra.length > 0) throw new UsageError(`${name} ${kind} takes one address`);
  const target = { kind, value } as const;
  if (name === 'unblock') {
    if (values.duration !== undefined) throw new UsageError('--duration goes with ban only');
    return { name, target };
  }
  const durationSec = Number(values.duration ?? DEFAULT_BAN_SEC);
  if (!Number.isInteger(durationSec) || durationSec <= 0) {
    throw new UsageError('--duration takes a whole number of seconds above zero');
  }
  return { name, target, durationSec };
}

async function run(customs: Customs, command: Command): Promise<void> {
  switch (command.name) {
    case 'list':
      console.log(blocksTable(await customs.listBlocks(), Date.now()));
      return;
    case 'ban':
      await customs.ban(command.target, command.durationSec);
      console.log(`banned ${describe(command.target)} for ${command.durationSec} s`);
      return;
    case 'unblock':
      await customs.unblock(command.target);
      console.log(`unblocked ${describe(command.target)}`);
      return;
  }
}

/** As customs stores it: addresses are compared in lower case. */
function describe(t: BlockTarget): string {
  return `${t.kind} ${t.kind === 'email' ? t.value.toLowerCase() : t.value}`;
}

/** The URL without its password, fit for an error message. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable REDIS_URL)';
  }
}

async function main(argv: string[]): Promise<number> {
  if (asksForHelp(argv)) {
    console.log(USAGE);
    return 0;
  }
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    console.error(
      'REDIS_URL is not set. This command acts on the Redis store shared by the server ' +
        'processes of a cluster; when the server keeps its counters in memory (no REDIS_URL), ' +
        'they live inside that one process and cannot be reached from here.',
    );
    return 2;
  }
  const customs = createCustoms({
    // Operator commands find records by address, not by rule, so no rules are needed.
    rules: [],
    redisUrl,
    keyPrefix: process.env.CUSTOMS_KEY_PREFIX || DEFAULT_KEY_PREFIX,
    failOpen: false,
    clock: Date.now,
    log: createLogger('error', process.stderr),
  });
  try {
    await run(customs, command);
    return 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`customs: ${message} (Redis at ${redactUrl(redisUrl)})`);
    return 1;
  } finally {
    await customs.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
