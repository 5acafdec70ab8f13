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
// Both invoke_command and notify push to the devices concerned (src/push),
// off the request path. invoke_command answers `notified: true` when a push
// to the target is on its way, and otherwise `notified: false` with FxA's
// `notifyError` reason (the target has no live push endpoint); Firefox logs
// "Sending was only partially successful" unless `enqueued` and `notified`
// are both true. The target finds the command either way when it next polls.
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
import type { SessionSummaryCredentials } from '../auth/hawk.js';
import type { DeviceCommandRecord, DeviceWithSession } from '../db/devices.js';
import { notifyPayloadSchema, TTL_S } from '../push/payloads.js';
import { error, grantRefused } from '../errors.js';
import * as v from './validators.js';

const MAX_PAGE = 100;
// FxA's bound on the ttl a client may ask for, in seconds; a longer one is
// accepted and cut to MAX_TTL_S, which is also the default.
const TTL_BOUND_S = 10_000_000;
const MAX_TTL_S = 30 * 24 * 3600;
const MAX_NOTIFY_IDS = 100;
// How long a push service holds the push for a command: what the client
// asked for, else FxA's defaults (a sent tab matters for as long as it is
// queued; other commands for some hours).
const OPEN_URI = 'https://identity.mozilla.com/cmd/open-uri';
const DEFAULT_PUSH_TTL_S = new Map([[OPEN_URI, MAX_TTL_S]]);

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
    payload: notifyPayloadSchema.required(),
    TTL: Joi.number().integer().min(0),
  }),
};

interface NotifyPayload {
  to: 'all' | string[];
  excluded?: string[];
  payload: object;
  TTL?: number;
}

interface InvokePayload {
  command: string;
  target: string;
  payload: Record<string, unknown>;
  ttl?: number;
}

/**
 * The session's credentials, once its account is verified (104 otherwise).
 * Fetching commands authenticates with the session summary, the other
 * routes with the whole account; this takes what both have.
 */
function verifiedCredentials(request: Request) {
  const found = request.auth.credentials as unknown as SessionSummaryCredentials;
  if (!found.account.emailVerified) throw error.unverifiedAccount();
  return found;
}

export function deviceCommandHandlers(d: Pick<Deps, 'store' | 'clock' | 'config' | 'push'>) {
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
    const sender = (await d.store.devices.deviceOfSession(token.tokenId))?.id ?? null;
    const now = d.clock();
    const queued = {
      uid: account.uid,
      target: targetDevice.id,
      sender,
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
    const pushTtl = ttl ?? DEFAULT_PUSH_TTL_S.get(command) ?? TTL_S.commandReceived;
    const told = d.push.commandReceived(
      account.uid,
      targetDevice,
      { command, index, sender },
      Math.min(pushTtl, MAX_TTL_S),
    );
    return { enqueued: true, index, ...told };
  }

  // Firefox names the devices to nudge, usually "all" but itself. Ids that
  // are not the account's devices are ignored, as FxA does.
  async function notify(request: Request) {
    const { account } = verifiedCredentials(request);
    const { to, excluded = [], payload, TTL = 0 } = request.payload as NotifyPayload;
    const chosen = (device: DeviceWithSession) => {
      const id = device.id.toString('hex');
      return (to === 'all' || to.includes(id)) && !excluded.includes(id);
    };
    const devices = (await d.store.devices.devicesOf(account.uid)).filter(chosen);
    d.push.notifyDevices(account.uid, devices, payload, Math.min(TTL, MAX_TTL_S));
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
