// The WebChannel bridge to Firefox (firefox.md §2.2), the only code that
// touches its events. A request goes out as a WebChannelMessageToChrome
// event whose detail is a JSON *string* (Firefox rejects objects), tagged
// with a fresh messageId; Firefox answers with a WebChannelMessageToContent
// event carrying the same messageId, and the matching promise settles.
//
// Outside Firefox nobody answers, so every request has a timeout; the first
// fxa_status uses a short one to tell "in Firefox" from "in a browser".
// Firefox handles messages one at a time, so a slow answer (the relink
// prompt of can_link_account waits for the user) holds up those after it.
const CHANNEL_ID = 'account_updates';
const DEFAULT_TIMEOUT_MS = 30_000;

/** Firefox answered with an error (`data.error`, or "No Such Channel" for a wrong origin). */
export class WebChannelError extends Error {
  constructor(
    readonly command: string,
    message: string,
  ) {
    super(message);
    this.name = 'WebChannelError';
  }
}

/** No answer came within the timeout: not in Firefox, or Firefox ignored the command. */
export class WebChannelTimeout extends Error {
  constructor(readonly command: string) {
    super(`no answer to ${command}`);
    this.name = 'WebChannelTimeout';
  }
}

interface Pending {
  command: string;
  resolve(data: unknown): void;
  reject(err: Error): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const pending = new Map<string, Pending>();
let listening = false;
let counter = 0;

interface Envelope {
  id?: string;
  message?: {
    command?: string;
    messageId?: string;
    data?: unknown;
    errno?: number;
    error?: string;
  };
}

function onMessage(event: Event): void {
  const raw = (event as CustomEvent<unknown>).detail;
  let envelope: Envelope;
  try {
    envelope = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Envelope;
  } catch {
    return;
  }
  if (!envelope || envelope.id !== CHANNEL_ID || !envelope.message) return;
  const { messageId, data, errno, error } = envelope.message;
  if (messageId === undefined) {
    // The channel itself refused (errno 2, "No Such Channel"): it names no
    // message, and every request waiting on it is lost.
    if (errno !== undefined) for (const id of [...pending.keys()]) settle(id, undefined, error);
    return;
  }
  const failure = (data as { error?: { message?: string } } | undefined)?.error;
  settle(messageId, data, failure ? (failure.message ?? 'error') : undefined);
}

function settle(messageId: string, data: unknown, error?: string): void {
  const request = pending.get(messageId);
  if (!request) return;
  pending.delete(messageId);
  clearTimeout(request.timer);
  if (error === undefined) request.resolve(data);
  else request.reject(new WebChannelError(request.command, error));
}

/** Sends `command` to Firefox and resolves with the `data` of its answer. */
export function send<T = unknown>(
  command: string,
  data: object = {},
  opts: { timeoutMs?: number } = {},
): Promise<T> {
  if (!listening) {
    window.addEventListener('WebChannelMessageToContent', onMessage);
    listening = true;
  }
  const messageId = `${Date.now().toString(36)}-${++counter}`;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise<T>((resolve, reject) => {
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            pending.delete(messageId);
            reject(new WebChannelTimeout(command));
          }, timeoutMs)
        : undefined;
    pending.set(messageId, { command, resolve: resolve, reject, timer });
    const detail = JSON.stringify({ id: CHANNEL_ID, message: { command, data, messageId } });
    window.dispatchEvent(new CustomEvent('WebChannelMessageToChrome', { detail }));
  });
}
