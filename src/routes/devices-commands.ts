// /account/devices/invoke_command, /account/device/commands and
// /account/devices/notify: one device queues a command (send tab, close tab)
// for another, which fetches it (api-v1.md §9.1; firefox.md §3.3).
//
// Indexes are numbered per account and only go up (db/devices.ts). Firefox
// keeps `lastCommandIndex`, asks for `index = lastCommandIndex + 1`, and
// stores the reply's `index` only when messages came back; so the reply
// returns every command with an index of at least `index`, and its `index`
// is the highest index among them. With no messages it is `index - 1`
// (never below 0): a client that stored even that would ask for the same
// range again and miss nothing.
//
// No Web Push is sent yet: the target learns of a command when it polls
// (Firefox does on startup and periodically), so invoke_command answers
// `notified: false` and notify accepts and validates its request only.
//
// These routes need a verified account (errno 104), as the keys do. A
// command's payload is encrypted to keys derived from kB, which an
// unverified account cannot fetch, so no genuine client sends or awaits one
// before verifying; refusing them keeps an address nobody confirmed from
// queueing data. Registering a device stays open to unverified accounts, as
// in FxA: Firefox registers right after sign-up, before the user confirms.
import Joi from 'joi';
import type { Request } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import type { TokenCredentials } from '../auth/hawk.js';
import type { DeviceCommandRecord } from '../db/devices.js';
import { error, grantRefused } from '../errors.js';
import * as v from './validators.js';

const MAX_PAGE = 100;
// FxA's bound on the ttl a client may ask for, in seconds; a longer one is
// accepted and cut to MAX_TTL_S, which is also the default.
const TTL_BOUND_S = 10_000_000;
const MAX_TTL_S = 30 * 24 * 3600;
const MAX_NOTIFY_IDS = 100;

export const deviceCommandSchemas = {
  commandsQuery: Joi.object({
    index: Joi.number().integer().min(0).default(0),
    limit: Joi.number().integer().min(0).max(MAX_PAGE).default(MAX_PAGE),
  }),
  invoke: Joi.object({
    command: Joi.string().max(255).required(),
    target: v.hex(16).required(),
    payload: Joi.object().required(),
    ttl: Joi.number().integer().min(0).max(TTL_BOUND_S),
  }),
  notify: Joi.object({
    to: Joi.alternatives(
      Joi.string().valid('all'),
      Joi.array().items(v.hex(16)).max(MAX_NOTIFY_IDS),
    ).required(),
    excluded: Joi.array().items(v.hex(16)).max(MAX_NOTIFY_IDS),
    payload: Joi.object().required(),
    TTL: Joi.number().integer().min(0),
  }),
};

interface InvokePayload {
  command: string;
  target: string;
  payload: Record<string, unknown>;
  ttl?: number;
}

const credentials = (request: Request) =>
  request.auth.credentials as unknown as TokenCredentials<'sessionToken'>;

/** The session's credentials, once its account is verified (104 otherwise). */
function verifiedCredentials(request: Request) {
  const found = credentials(request);
  if (!found.account.emailVerified) throw error.unverifiedAccount();
  return found;
}

export function deviceCommandHandlers(d: Pick<Deps, 'store' | 'clock' | 'config'>) {
  async function commands(request: Request) {
    const { token, account } = verifiedCredentials(request);
    const { index, limit } = request.query as { index: number; limit: number };
    const device = await d.store.devices.deviceOfSession(token.tokenId);
    if (device === undefined) throw error.unknownDevice();
    const page = await d.store.devices.commandsFor(account.uid, device.id, index, limit, d.clock());
    const highest = page.messages.at(-1)?.index ?? Math.max(index - 1, 0);
    return { index: highest, last: page.last, messages: page.messages.map(message) };
  }

  async function invoke(request: Request) {
    const { token, account } = verifiedCredentials(request);
    const { command, target, payload, ttl } = request.payload as InvokePayload;
    // The payload is stored as sent until the target fetches it or it expires.
    if (Buffer.byteLength(JSON.stringify(payload)) > d.config.limits.commandPayloadBytes) {
      throw error.requestTooLarge();
    }
    const targetDevice = await d.store.devices.device(account.uid, Buffer.from(target, 'hex'));
    if (targetDevice === undefined) throw error.unknownDevice();
    // A device lists the commands it can handle; anything else would sit unread.
    if (!Object.hasOwn(targetDevice.availableCommands, command)) {
      throw error.deviceCommandUnavailable();
    }
    const sender = await d.store.devices.deviceOfSession(token.tokenId);
    const now = d.clock();
    const queued = {
      uid: account.uid,
      target: targetDevice.id,
      sender: sender?.id ?? null,
      command,
      payload,
      createdAt: now,
      expiresAt: now + Math.min(ttl ?? MAX_TTL_S, MAX_TTL_S) * 1000,
    };
    const index = await d.store.devices
      .enqueueCommand(queued, { uid: account.uid, sessionTokenId: token.tokenId })
      .catch((err: unknown) => {
        throw grantRefused(err, () => error.invalidToken());
      });
    // The target was destroyed while this request ran.
    if (index === undefined) throw error.unknownDevice();
    return { enqueued: true, index, notified: false };
  }

  // Accepted so Firefox's collection-changed nudges succeed; nothing is
  // delivered until Web Push exists, and devices pick changes up on their
  // next sync anyway.
  function notify(request: Request) {
    verifiedCredentials(request);
    return {};
  }

  return { commands, invoke, notify };
}

function message(c: DeviceCommandRecord) {
  return {
    index: c.index,
    data: {
      command: c.command,
      payload: c.payload,
      // Left out rather than null when the sender had no device, as FxA does.
      ...(c.sender === null ? {} : { sender: c.sender.toString('hex') }),
    },
  };
}
