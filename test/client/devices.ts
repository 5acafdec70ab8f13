// Device verbs for remote stories, kept beside the Client rather than in it:
// register or update this session's device, list the account's devices,
// remove one, send a command to another device and fetch the ones sent here.
//
// Each verb throws an ApiError on a non-2xx answer; tests that expect an
// error send the request themselves through `client.request`. Listing and
// removing go through src/client's verbs, as the settings page does.
import type { JsonObject } from './api.js';
import type { Client } from './client.js';

/** What Firefox sends when it first registers (firefox.md §3.2). */
export interface DeviceFields {
  name?: string;
  type?: string;
  availableCommands?: Record<string, string>;
  pushCallback?: string;
  pushPublicKey?: string;
  pushAuthKey?: string;
}

export interface CommandsPage {
  index: number;
  last: boolean;
  messages: { index: number; data: JsonObject }[];
}

export const OPEN_URI = 'https://identity.mozilla.com/cmd/open-uri';

/** Registers the calling session's device; returns the device the server stored. */
export async function registerDevice(c: Client, fields: DeviceFields): Promise<JsonObject> {
  return c.api.call('POST', '/v1/account/device', { token: c.session(), body: fields });
}

export async function updateDevice(
  c: Client,
  id: string,
  fields: DeviceFields,
): Promise<JsonObject> {
  return c.api.call('POST', '/v1/account/device', { token: c.session(), body: { id, ...fields } });
}

/** The account's devices as this session sees them. */
export async function listDevices(
  c: Client,
  filterIdleDevicesTimestamp?: number,
): Promise<JsonObject[]> {
  const opts = filterIdleDevicesTimestamp === undefined ? {} : { filterIdleDevicesTimestamp };
  return (await c.fxa.devices(c.sessionToken, opts)).map((d) => ({ ...d }));
}

export async function destroyDevice(c: Client, id: string): Promise<void> {
  await c.fxa.destroyDevice(c.sessionToken, id);
}

/** Sends `command` to device `target`; `ttl` in seconds. */
export async function invokeCommand(
  c: Client,
  target: string,
  command: string,
  payload: JsonObject,
  ttl?: number,
): Promise<JsonObject> {
  return c.api.call('POST', '/v1/account/devices/invoke_command', {
    token: c.session(),
    body: { target, command, payload, ...(ttl === undefined ? {} : { ttl }) },
  });
}

/** The commands for this session's device from `index` on. */
export async function fetchCommands(
  c: Client,
  index: number,
  limit?: number,
): Promise<CommandsPage> {
  const query: Record<string, string> = { index: String(index) };
  if (limit !== undefined) query.limit = String(limit);
  const body = await c.api.call('GET', '/v1/account/device/commands', {
    token: c.session(),
    query,
  });
  return body as unknown as CommandsPage;
}

export async function notifyDevices(c: Client, body: JsonObject): Promise<JsonObject> {
  return c.api.call('POST', '/v1/account/devices/notify', { token: c.session(), body });
}
