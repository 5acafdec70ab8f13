// What may reach a log line. Every object logged passes through `scrub`,
// which keeps secrets out by their structure rather than by a list of field
// names that a new field would slip past:
//
// - An error keeps only what says what went wrong: its type, message, code,
//   errno, SQL state, syscall, status, stack and cause. Whatever else a
//   library hangs on it is dropped: Hawk's artifacts (the token id, which a
//   Bearer client sends as its whole credential), mysql2's statement with
//   its parameters filled in, a Boom's data and headers.
// - In a message, quoted text is masked: drivers quote the values they
//   complain about ("Duplicate entry '<value>'").
// - Buffers and typed arrays become their length.
// - A string, anywhere, has every run shaped like key material masked: 32 or
//   more hex digits (token ids and seeds, codes, keys, authPW, wrapKb), 32 or
//   more base64url characters (JWT parts, keys_jwe, scoped keys), and padded
//   base64 (Hawk MACs and payload hashes). So does a value under a new field.
// - A few names mark containers of credentials and the short secrets that
//   have no telling shape; their values are replaced whole.
//
// The one exception is `uid`: it names an account and grants nothing, and
// the summary line of every request carries it.

const MASK = '[redacted]';
const MAX_DEPTH = 8;
const MAX_ITEMS = 50;

const SECRET_KEYS = new Set(
  [
    'authorization',
    'cookie',
    'set-cookie',
    'artifacts',
    'credentials',
    'payload',
    'password',
    'secret',
    'code',
    'unblockCode',
    'authPW',
    'oldAuthPW',
    'wrapKb',
    'kA',
    'kB',
    'sessionToken',
    'keyFetchToken',
    'accountResetToken',
    'passwordForgotToken',
    'passwordChangeToken',
  ].map((k) => k.toLowerCase()),
);

const PUBLIC_ID = /^[0-9a-f]{32}$/i;
const KEY_MATERIAL = new RegExp(
  [
    '[0-9a-fA-F]{32,}',
    '[A-Za-z0-9_-]{32,}',
    '[A-Za-z0-9+/]{16,}={1,2}',
    '[A-Za-z0-9/]*\\+[A-Za-z0-9+/]*',
  ]
    .map((p) => `(?:${p})`)
    .join('|'),
  'g',
);
const QUOTED = /'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`/g;

/** The string with anything shaped like key material masked. */
export function scrubString(value: string): string {
  return value.replace(KEY_MATERIAL, (run) =>
    // A lone '+' in prose ("a + b") is no secret; base64 runs are long.
    run.length < 16 ? run : MASK,
  );
}

function scrubMessage(message: string): string {
  return scrubString(message.replace(QUOTED, (q) => `${q[0]}…${q[0]}`));
}

/** A log-safe copy of `value`. */
export function scrub(value: unknown): unknown {
  return walk(value, '', 0, new WeakSet());
}

function walk(value: unknown, key: string, depth: number, seen: WeakSet<object>): unknown {
  if (key !== '' && SECRET_KEYS.has(key.toLowerCase()) && value != null) return MASK;
  if (typeof value === 'string') {
    return key === 'uid' && PUBLIC_ID.test(value) ? value : scrubString(value);
  }
  if (typeof value !== 'object' || value === null) return value;
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[nested]';
  seen.add(value);
  if (value instanceof Error) return error(value, depth, seen);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    return value.slice(0, MAX_ITEMS).map((v) => walk(v, '', depth + 1, seen));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = walk(v, k, depth + 1, seen);
  return out;
}

type ErrorFields = Error & {
  code?: unknown;
  errno?: unknown;
  sqlState?: unknown;
  syscall?: unknown;
  address?: unknown;
  port?: unknown;
  fatal?: unknown;
  output?: { statusCode?: unknown };
  errors?: unknown;
};

function error(err: ErrorFields, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const message = scrubMessage(String(err.message));
  const out: Record<string, unknown> = { type: err.name || err.constructor.name, message };
  const plain = { code: err.code, errno: err.errno, sqlState: err.sqlState, syscall: err.syscall };
  for (const [k, v] of Object.entries(plain)) {
    if (typeof v === 'number') out[k] = v;
    else if (typeof v === 'string') out[k] = scrubString(v);
  }
  if (typeof err.address === 'string') out.address = err.address;
  if (typeof err.port === 'number') out.port = err.port;
  if (err.fatal === true) out.fatal = true;
  if (typeof err.output?.statusCode === 'number') out.statusCode = err.output.statusCode;
  if (typeof err.stack === 'string') out.stack = stack(err.stack, String(err.message), message);
  if (err.cause !== undefined) out.cause = walk(err.cause, '', depth + 1, seen);
  if (Array.isArray(err.errors)) out.errors = walk(err.errors, '', depth + 1, seen);
  return out;
}

// A stack's first line repeats the message, which may hold the very values
// the message had masked; the frames below it are file names and lines.
function stack(raw: string, message: string, masked: string): string {
  const frames = raw.indexOf('\n    at ');
  const head = frames === -1 ? raw : raw.slice(0, frames);
  const rest = frames === -1 ? '' : raw.slice(frames);
  return (
    scrubString(head.replace(message, masked).replace(QUOTED, (q) => `${q[0]}…${q[0]}`)) +
    scrubString(rest)
  );
}
