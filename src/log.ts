// The one place pino is configured. Log lines are JSON. Routes log ids and
// outcomes, never payloads; and whatever is logged, error causes included,
// first passes through scrub (log-scrub.ts), which removes secrets by their
// structure and shape, so a field nobody thought of cannot carry one out.
import { pino, type Logger, type LogFn } from 'pino';
import { scrub, scrubString } from './log-scrub.js';

export type { Logger };

/** Scrubs the message and its format arguments, and an error passed alone. */
function logMethod(this: Logger, args: Parameters<LogFn>, method: LogFn): void {
  const [first, ...rest] = args as unknown[];
  const strings = rest.map((a) => (typeof a === 'string' ? scrubString(a) : scrub(a)));
  if (typeof first === 'string') {
    return method.apply(this, [scrubString(first), ...strings] as Parameters<LogFn>);
  }
  // pino would take an error's own message as the line's message, unscrubbed.
  if (first instanceof Error && strings.length === 0) {
    const { message } = scrub(first) as { message: string };
    return method.apply(this, [{ err: first }, message] as Parameters<LogFn>);
  }
  return method.apply(this, [first, ...strings] as Parameters<LogFn>);
}

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { name: 'fxa-auth' },
    hooks: { logMethod },
    formatters: {
      log: (object: Record<string, unknown>) => scrub(object) as Record<string, unknown>,
    },
    // scrub has already turned errors into plain objects; pino's own error
    // serializer would copy every enumerable field of them back.
    serializers: { err: (value: unknown) => value },
  };
  const logger = destination ? pino(options, destination) : pino(options);
  // A child's bindings are serialised once, past the formatters above; each
  // child (and its children, which inherit this) scrubs them first. pino's
  // own child() is called with each logger as `this`, so it stays unbound.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const child = logger.child;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, scrub(bindings) as typeof bindings, childOptions);
  } as typeof child;
  return logger;
}
