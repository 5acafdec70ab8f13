// /account/device, /account/devices, /account/device/destroy: a signed-in
// client registers itself as a device, keeps its record current, lists the
// account's devices and removes one (api-v1.md §2.2 "Devices", §9.1;
// firefox.md §3.3).
//
// A device is bound to the session that registered or last updated it: one
// device per session (errno 124), and destroying a device ends its session.
// Firefox reacts to both errnos: 123 makes it forget its device record and
// register again, 124 makes it list the devices and adopt the one marked
// isCurrentDevice.
//
// The account's other devices hear of a new device (device_connected), and
// every device, the removed one included, of a removal
// (device_disconnected), by Web Push. A pushCallback must be on the push
// allow-list (src/push/endpoints.ts): the server posts to it.
import { ECDH, randomBytes } from 'node:crypto';
import Joi from 'joi';
import type { Request } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import type { Config } from '../config.js';
import { parseAllowList } from '../push/endpoints.js';
import type { SessionDevicesCredentials, TokenCredentials } from '../auth/hawk.js';
import type { DeviceFields, DeviceRecord, DeviceWithSession } from '../db/devices.js';
import { DuplicateError } from '../db/store.js';
import { error, grantRefused } from '../errors.js';
import * as v from './validators.js';

// FxA's types are desktop, mobile, tablet, vr and tv; any other short word
// is kept as sent, since newer clients may bring new ones.
const TYPE = Joi.string().max(16);
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;
// Web Push keys (RFC 8291): a P-256 public key, uncompressed (65 bytes, 87
// characters), and a 16-byte auth secret (22 characters); padding allowed,
// which the columns (88 and 24) leave room for. The key must be a point on
// the curve, or every push to the device would fail to encrypt.
const pushKey = (bytes: number) =>
  Joi.string()
    .max(Math.ceil(bytes / 3) * 4)
    .pattern(BASE64URL)
    .custom((value: string, helpers) => {
      const decoded = Buffer.from(value, 'base64url');
      const ok = decoded.length === bytes && (bytes !== 65 || isCurvePoint(decoded));
      return ok ? value : helpers.error('any.invalid');
    })
    .allow('');

function isCurvePoint(key: Buffer): boolean {
  if (key[0] !== 0x04) return false;
  try {
    ECDH.convertKey(key, 'prime256v1');
    return true;
  } catch {
    return false;
  }
}

/** An https URL (or a loopback http one) on the configured push allow-list. */
function pushCallback(config: Config) {
  const allowList = parseAllowList(config.push.allowedEndpoints);
  return Joi.string()
    .max(255)
    .uri({ scheme: ['https', 'http'] })
    .custom((value: string, helpers) =>
      allowList.allows(value) ? value : helpers.error('any.invalid'),
    )
    .allow('');
}

// Send tab and close tab each put one encrypted key bundle here; the caps
// keep a record well inside the request limit. unknown(false) overrides the
// server-wide allowUnknown, so a key the pattern refuses is an error rather
// than a silently stored extra.
const MAX_COMMANDS = 32;
const availableCommands = Joi.object()
  .pattern(Joi.string().max(255), Joi.string().max(4096).allow(''))
  .unknown(false)
  .max(MAX_COMMANDS);

const requiredToRegister = { is: Joi.exist(), otherwise: Joi.required() } as const;

export const deviceSchemas = (config: Config) => ({
  // Without `id` this registers the calling session's device; with it, it
  // updates that device. Both accept the same fields.
  device: Joi.object({
    id: v.hex(16),
    name: Joi.string().max(255).when('id', requiredToRegister),
    type: TYPE.when('id', requiredToRegister),
    availableCommands,
    pushCallback: pushCallback(config),
    pushPublicKey: pushKey(65),
    pushAuthKey: pushKey(16),
  }).and('pushPublicKey', 'pushAuthKey'),
  listQuery: Joi.object({ filterIdleDevicesTimestamp: Joi.number().integer().min(0) }),
  destroy: Joi.object({ id: v.hex(16).required() }),
});

interface DevicePayload {
  id?: string;
  name?: string;
  type?: string;
  availableCommands?: Record<string, string>;
  pushCallback?: string;
  pushPublicKey?: string;
  pushAuthKey?: string;
}

const credentials = (request: Request) =>
  request.auth.credentials as unknown as TokenCredentials<'sessionToken'>;
const hexOf = (b: Buffer) => b.toString('hex');
// An empty push field clears it: that is how a client says it has no push.
const orNull = (s: string | undefined) => (s === undefined ? undefined : s || null);

export function deviceHandlers(d: Pick<Deps, 'store' | 'clock' | 'push'>) {
  async function upsert(request: Request) {
    const { token, account } = credentials(request);
    const payload = request.payload as DevicePayload;
    const fields = fieldsOf(payload);
    try {
      if (payload.id === undefined) {
        const device = await register(account.uid, token.tokenId, fields);
        await announce(device);
        return deviceView(device);
      }
      const id = Buffer.from(payload.id, 'hex');
      const updated = await d.store.devices.updateDevice(account.uid, id, token.tokenId, fields);
      if (updated === undefined) throw error.unknownDevice();
      return deviceView(updated);
    } catch (err) {
      if (err instanceof DuplicateError) throw error.deviceSessionConflict();
      // The session ended while this request ran: it is signed out now.
      throw grantRefused(err, () => error.invalidToken());
    }
  }

  function list(request: Request) {
    // The devices came with the session, read in the same statement.
    const { token, devices } = request.auth.credentials as unknown as SessionDevicesCredentials;
    const { filterIdleDevicesTimestamp: since } = request.query as {
      filterIdleDevicesTimestamp?: number;
    };
    return devices
      .map((device) => ({ device, current: device.sessionTokenId?.equals(token.tokenId) === true }))
      .filter(
        ({ device, current }) => current || since === undefined || isActiveSince(device, since),
      )
      .map(({ device, current }) => listedView(device, current));
  }

  async function destroy(request: Request) {
    const { account } = credentials(request);
    const id = Buffer.from((request.payload as { id: string }).id, 'hex');
    // Read first, so the removed device is among those told.
    const devices = await d.store.devices.devicesOf(account.uid);
    if (!(await d.store.devices.destroyDevice(account.uid, id))) throw error.unknownDevice();
    d.push.deviceDisconnected(account.uid, devices, id);
    return {};
  }

  /** device_connected to the account's other devices, with the new one's name. */
  async function announce(device: DeviceRecord) {
    const others = (await d.store.devices.devicesOf(device.uid)).filter(
      (other) => !other.id.equals(device.id),
    );
    d.push.deviceConnected(device.uid, others, device.name ?? '');
  }

  async function register(uid: Buffer, sessionTokenId: Buffer, fields: DeviceFields) {
    const device: DeviceRecord = {
      uid,
      id: randomBytes(16),
      sessionTokenId,
      name: fields.name ?? null,
      type: fields.type ?? null,
      createdAt: d.clock(),
      pushCallback: fields.pushCallback ?? null,
      pushPublicKey: fields.pushPublicKey ?? null,
      pushAuthKey: fields.pushAuthKey ?? null,
      pushEndpointExpired: false,
      availableCommands: fields.availableCommands ?? {},
    };
    await d.store.devices.registerDevice(device);
    return device;
  }

  return { upsert, list, destroy };
}

/** The fields as the store takes them: absent ones stay undefined, so an update keeps them. */
function fieldsOf(p: DevicePayload): DeviceFields {
  return {
    name: p.name,
    type: p.type,
    availableCommands: p.availableCommands,
    pushCallback: orNull(p.pushCallback),
    pushPublicKey: orNull(p.pushPublicKey),
    pushAuthKey: orNull(p.pushAuthKey),
  };
}

// The session's last access decides; a device without a session is idle.
function isActiveSince(device: DeviceWithSession, since: number): boolean {
  return device.lastAccessTime !== null && device.lastAccessTime >= since;
}

function deviceView(device: DeviceRecord) {
  return {
    id: hexOf(device.id),
    name: device.name,
    type: device.type,
    createdAt: device.createdAt,
    pushCallback: device.pushCallback,
    pushPublicKey: device.pushPublicKey,
    pushAuthKey: device.pushAuthKey,
    pushEndpointExpired: device.pushEndpointExpired,
    availableCommands: device.availableCommands,
  };
}

function listedView(device: DeviceWithSession, isCurrentDevice: boolean) {
  return {
    id: hexOf(device.id),
    isCurrentDevice,
    lastAccessTime: device.lastAccessTime,
    name: device.name,
    type: device.type,
    pushCallback: device.pushCallback,
    pushPublicKey: device.pushPublicKey,
    pushAuthKey: device.pushAuthKey,
    pushEndpointExpired: device.pushEndpointExpired,
    availableCommands: device.availableCommands,
  };
}
