// What a device receives, and for how long a push service should hold it.
// The shapes are FxA's push payload schema (fxa-auth-server
// docs/pushpayloads.schema.json, version 1), which Firefox's
// FxAccountsPush.sys.mjs reads by `command`:
//   fxaccounts:command_received   poll /account/device/commands from data.index
//   fxaccounts:device_connected   show "deviceName is connected"
//   fxaccounts:device_disconnected  sign out when data.id is this device
//   fxaccounts:password_changed / password_reset  check the session still works
//   fxaccounts:account_destroyed  sign out when data.uid is this account
//   sync:collection_changed       sync data.collections now
// fxaccounts:profile_updated is in the schema too, but nothing here changes
// a profile, so it is never sent.
//
// TTLs are FxA's: the events a device must act on, even hours late, are
// held that long; "connected" is news only while it is fresh.
import Joi from 'joi';

const VERSION = 1;
const HOUR = 3600;

export const TTL_S = {
  commandReceived: 6 * HOUR,
  deviceConnected: 0,
  deviceDisconnected: 5 * HOUR,
  passwordChanged: 6 * HOUR,
  passwordReset: 6 * HOUR,
  accountDestroyed: 5 * HOUR,
} as const;

export interface PushPayload {
  version: number;
  command: string;
  data?: Record<string, unknown>;
}

export interface ReceivedCommand {
  command: string;
  index: number;
  /** The sending device, absent when the sender registered none (as FxA). */
  sender: Buffer | null;
}

/**
 * `url` is where the target fetches just this command; Firefox polls from
 * `index` instead, which also picks up any it missed.
 */
export function commandReceived(authServerUrl: string, c: ReceivedCommand): PushPayload {
  const url = new URL(`${authServerUrl}/v1/account/device/commands`);
  url.searchParams.set('index', String(c.index));
  url.searchParams.set('limit', '1');
  return {
    version: VERSION,
    command: 'fxaccounts:command_received',
    data: {
      command: c.command,
      index: c.index,
      ...(c.sender === null ? {} : { sender: c.sender.toString('hex') }),
      url: url.href,
    },
  };
}

export const deviceConnected = (deviceName: string): PushPayload => ({
  version: VERSION,
  command: 'fxaccounts:device_connected',
  data: { deviceName },
});

export const deviceDisconnected = (id: Buffer): PushPayload => ({
  version: VERSION,
  command: 'fxaccounts:device_disconnected',
  data: { id: id.toString('hex') },
});

export const passwordChanged = (): PushPayload => ({
  version: VERSION,
  command: 'fxaccounts:password_changed',
});

export const passwordReset = (): PushPayload => ({
  version: VERSION,
  command: 'fxaccounts:password_reset',
});

export const accountDestroyed = (uid: Buffer): PushPayload => ({
  version: VERSION,
  command: 'fxaccounts:account_destroyed',
  data: { uid: uid.toString('hex') },
});

// What a client may ask /account/devices/notify to relay: one of the schema's
// payloads, nothing more (FxA refuses extra fields with 107 too). It keeps
// the relayed message small, well under the 4 KiB a push service carries,
// and of a shape the receiving Firefox understands. unknown(false)
// overrides the server-wide allowUnknown at every level.
const COLLECTIONS = ['addons', 'bookmarks', 'history', 'forms', 'prefs', 'tabs', 'passwords'];
const strict = (keys: Joi.PartialSchemaMap) => Joi.object(keys).unknown(false);
const version = Joi.number().integer().min(0).required();
const eventOnly = (command: string) => strict({ version, command: Joi.valid(command).required() });

export const notifyPayloadSchema = Joi.alternatives().try(
  strict({
    version,
    command: Joi.valid('sync:collection_changed').required(),
    data: strict({
      collections: Joi.array()
        .items(Joi.valid(...COLLECTIONS, 'clients'))
        .min(1)
        .unique()
        .required(),
      reason: Joi.valid('sendtab', 'firstsync'),
    }).required(),
  }),
  strict({
    version,
    command: Joi.valid('fxaccounts:device_connected').required(),
    data: strict({ deviceName: Joi.string().max(255).required() }).required(),
  }),
  strict({
    version,
    command: Joi.valid('fxaccounts:device_disconnected').required(),
    data: strict({ id: Joi.string().hex().length(32).required() }).required(),
  }),
  strict({
    version,
    command: Joi.valid('fxaccounts:account_destroyed').required(),
    data: strict({ uid: Joi.string().hex().length(32).required() }).required(),
  }),
  eventOnly('fxaccounts:profile_updated'),
  eventOnly('fxaccounts:password_changed'),
  eventOnly('fxaccounts:password_reset'),
);
