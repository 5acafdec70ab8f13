// Device verbs for remote stories, kept beside the Client rather than in it:
// register or update this session's device, list the account's devices,
// remove one, send a command to another device and fetch the ones sent here.
//
// Each verb throws an ApiError on a non-2xx answer; tests that expect an
// error send the request themselves through `client.request`.
import type { ApiResponse, JsonObject } from './api.js';
import { ApiError } from './api.js';
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

/** The account's devices as this session sees them (the reply is a JSON array). */
export async function listDevices(
  c: Client,
  filterIdleDevicesTimestamp?: number,
): Promise<JsonObject[]> {
  const path = '/v1/account/devices';
  const res = await c.request('GET', path, {
    token: c.session(),
    ...(filterIdleDevicesTimestamp === undefined
      ? {}
      : { query: { filterIdleDevicesTimestamp: String(filterIdleDevicesTimestamp) } }),
  });
  ok('GET', path, res);
  const list: unknown = JSON.parse(res.text);
  if (!Array.isArray(list)) throw new Error(`GET ${path} did not answer an array: ${res.text}`);
  return list as JsonObject[];
}

export async function destroyDevice(c: Client, id: string): Promise<JsonObject> {
  return c.api.call('POST', '/v1/account/device/destroy', { token: c.session(), body: { id } });
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

function ok(method: string, path: string, res: ApiResponse): void {
  if (res.status < 200 || res.status > 299) throw new ApiError(method, path, res);
}
