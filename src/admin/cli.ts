// The operator CLI: `npm run admin -- <command>` in a checkout,
// `node dist/scripts/admin.js <command>` in the image. It reads the same
// settings as the server (config.ts: env vars), works on the database the
// server uses through the Store, and prints plain text, or JSON with
// --json. Exit status: 0 done, 1 could not be done (unknown account,
// nothing answering), 2 the command line is wrong.
import { parseArgs } from 'node:util';
import { asksForHelp } from '../cli-help.js';
import { loadConfig } from '../config.js';
import { findAccounts, listAccounts, showAccount, verifyEmail } from './accounts.js';
import { createContext, type Context } from './context.js';
import { customsCommand } from './customs.js';
import { rotateKeys } from './keys.js';
import { testMail } from './mail.js';
import { UsageError, type Result } from './output.js';
import { deleteAccount, revokeSessions } from './sessions.js';

export const USAGE = `usage: npm run admin -- <command> [--json]
       node dist/scripts/admin.js <command> [--json]

accounts
  accounts [--page N] [--per-page N]     every account, oldest first (50 a page)
  find <text | uid>                      accounts whose address contains text
  show <email | uid>                     one account, its devices, sessions and OAuth clients
  verify-email <email | uid>             mark the address verified
  revoke-sessions <email | uid> --all    sign out everywhere: sessions, devices, OAuth grants
  revoke-sessions <email | uid> --session <handle>   one session (handles: see show)
  revoke-sessions <email | uid> --device <id>        one device and its session
  delete-account <email | uid> --yes     the account and its Sync data, for good

customs (through the running server, or REDIS_URL when none runs)
  blocks                                 active bans and rule blocks
  ban email|ip <address> [--duration S]  block every action (default 86400 s)
  unblock email|ip <address>             lift bans, blocks and counters

server
  test-mail <address>                    one message through the configured SMTP
  rotate-keys [--force]                  new BrowserID and OAuth signing keys; restart after

settings: the server's own environment (DATA_DIR, DATABASE_URL, SMTP_URL, REDIS_URL, ...)`;

type Values = Record<string, string | boolean | undefined>;

interface Command {
  /** How many positional arguments it takes. */
  args: number;
  options?: string[];
  run(ctx: Context, args: string[], values: Values): Promise<Result>;
}

const DEFAULT_PER_PAGE = 50;
const DEFAULT_BAN_SEC = 86_400;

const COMMANDS: Record<string, Command> = {
  accounts: {
    args: 0,
    options: ['page', 'per-page'],
    run: (ctx, _, v) =>
      listAccounts(
        ctx,
        count(v.page, 1, 'page'),
        count(v['per-page'], DEFAULT_PER_PAGE, 'per-page'),
      ),
  },
  find: { args: 1, run: (ctx, [text]) => findAccounts(ctx, text) },
  show: { args: 1, run: (ctx, [ref]) => showAccount(ctx, ref) },
  'verify-email': { args: 1, run: (ctx, [ref]) => verifyEmail(ctx, ref) },
  'revoke-sessions': {
    args: 1,
    options: ['all', 'session', 'device'],
    run(ctx, [ref], v) {
      const chosen = ['all', 'session', 'device'].filter((k) => v[k] !== undefined);
      if (chosen.length !== 1)
        throw new UsageError('revoke-sessions takes one of --all, --session, --device');
      if (v.all) return revokeSessions(ctx, ref, { all: true });
      if (typeof v.session === 'string') return revokeSessions(ctx, ref, { session: v.session });
      return revokeSessions(ctx, ref, { device: String(v.device) });
    },
  },
  'delete-account': {
    args: 1,
    options: ['yes'],
    run(ctx, [ref], v) {
      if (!v.yes) throw new UsageError('delete-account cannot be undone; add --yes to go ahead');
      return deleteAccount(ctx, ref);
    },
  },
  blocks: { args: 0, run: (ctx) => customsCommand(ctx, { op: 'blocks' }) },
  ban: {
    args: 2,
    options: ['duration'],
    run: (ctx, [kind, value], v) =>
      customsCommand(ctx, {
        op: 'ban',
        target: target(kind, value),
        durationSec: count(v.duration, DEFAULT_BAN_SEC, 'duration'),
      }),
  },
  unblock: {
    args: 2,
    run: (ctx, [kind, value]) =>
      customsCommand(ctx, { op: 'unblock', target: target(kind, value) }),
  },
  'test-mail': { args: 1, run: (ctx, [to]) => testMail(ctx, to) },
  'rotate-keys': {
    args: 0,
    options: ['force'],
    run: (ctx, _, v) => rotateKeys(ctx, v.force === true),
  },
};

function target(kind: string | undefined, value: string | undefined) {
  if (kind !== 'email' && kind !== 'ip') throw new UsageError('the target is "email" or "ip"');
  return { kind, value: value ?? '' } as const;
}

/** A whole number above zero from an option, or the default when it is absent. */
function count(value: string | boolean | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new UsageError(`--${name} takes a whole number above zero`);
  return n;
}

function parse(argv: string[]): {
  command: Command;
  args: string[];
  values: Values;
  json: boolean;
} {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      page: { type: 'string' },
      'per-page': { type: 'string' },
      all: { type: 'boolean' },
      session: { type: 'string' },
      device: { type: 'string' },
      duration: { type: 'string' },
      yes: { type: 'boolean' },
      force: { type: 'boolean' },
    },
  });
  const [name, ...args] = positionals;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) throw new UsageError(name ? `unknown command: ${name}` : 'no command given');
  if (args.length !== command.args) {
    throw new UsageError(`${name} takes ${command.args} argument(s), not ${args.length}`);
  }
  const allowed = new Set(['json', ...(command.options ?? [])]);
  const stray = Object.keys(values).find((k) => !allowed.has(k));
  if (stray) throw new UsageError(`${name} does not take --${stray}`);
  return { command, args, values, json: values.json === true };
}

/** Runs one command line; resolves with the exit status. */
export async function runAdmin(argv: string[]): Promise<number> {
  if (asksForHelp(argv)) {
    console.log(USAGE);
    return 0;
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  let ctx: Context;
  try {
    ctx = createContext(loadConfig());
  } catch (err) {
    console.error(
      `admin: the settings are invalid: ${err instanceof Error ? err.message : String(err)}`,
    );
    return 2;
  }
  try {
    const result = await parsed.command.run(ctx, parsed.args, parsed.values);
    console.log(parsed.json ? JSON.stringify(result.json, null, 2) : result.text);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    console.error(`admin: ${message}`);
    return 1;
  } finally {
    await ctx.close();
  }
}
