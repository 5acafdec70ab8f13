// The one place pino is configured. Log lines are JSON. Secrets never reach a
// log line by construction (routes log ids and outcomes, never payloads); the
// redact list is a second line of defence for fields that carry them.
import { pino, type Logger } from 'pino';

export type { Logger };

const SECRET_FIELDS = [
  'authPW',
  'oldAuthPW',
  'wrapKb',
  'sessionToken',
  'keyFetchToken',
  'accountResetToken',
  'passwordForgotToken',
  'passwordChangeToken',
  'code',
  'authorization',
];

// Database errors can carry the statement with its parameters filled in.
const DRIVER_FIELDS = ['sql', 'sqlMessage'];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const redact = [...SECRET_FIELDS, ...DRIVER_FIELDS].flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);
  const options = {
    level,
    base: { name: 'fxa-auth' },
    redact: { paths: redact, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
