// /account/attached_clients: everything signed in to the account — web and
// browser sessions (with the device registered on each) and OAuth clients
// holding refresh tokens — and a way to sign any of them out.
//
// Sessions are named by SHA-256 of their token id, never the id itself:
// the id is a bearer credential (`Bearer fxs_<id>`), so listing it would
// let one signed-in client act as every other.
import { createHash } from 'node:crypto';
import Joi from 'joi';
import type { Request } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import type { SessionSummaryCredentials, TokenCredentials } from '../auth/hawk.js';
import type { SessionTokenRecord } from '../db/store.js';
import type { DeviceWithSession } from '../db/devices.js';
import type { OAuthRefreshTokenRecord } from '../db/oauth.js';
import { error } from '../errors.js';
import * as v from './validators.js';

export const attachedClientSchemas = {
  destroy: Joi.object({
    clientId: v.hex(8),
    deviceId: v.hex(16),
    sessionTokenId: v.hex(32),
    refreshTokenId: v.hex(32),
  })
    .or('clientId', 'deviceId', 'sessionTokenId')
    .with('refreshTokenId', 'clientId'),
};

const handle = (tokenId: Buffer) => createHash('sha256').update(tokenId).digest('hex');
const hex = (b: Buffer | null) => (b ? b.toString('hex') : null);

interface AttachedClient {
  clientId: string | null;
  deviceId: string | null;
  sessionTokenId: string | null;
  refreshTokenId: string | null;
  isCurrentSession: boolean;
  deviceType: string | null;
  name: string | null;
  scope: string[] | null;
  createdTime: number;
  lastAccessTime: number;
}

export function attachedClientHandlers(d: Pick<Deps, 'store' | 'config' | 'push'>) {
  const clientNames = new Map(d.config.oauth.clients.map((c) => [c.id, c.name]));

  function fromSession(
    session: SessionTokenRecord,
    device: DeviceWithSession | undefined,
    current: Buffer,
  ): AttachedClient {
    return {
      clientId: null,
      deviceId: hex(device?.id ?? null),
      sessionTokenId: handle(session.tokenId),
      refreshTokenId: null,
      isCurrentSession: session.tokenId.equals(current),
      deviceType: device?.type ?? null,
      name: device?.name ?? null,
      scope: null,
      createdTime: session.createdAt,
      lastAccessTime: session.lastAccessTime,
    };
  }

  function fromRefreshToken(token: OAuthRefreshTokenRecord): AttachedClient {
    const clientId = token.clientId.toString('hex');
    return {
      clientId,
      deviceId: null,
      sessionTokenId: null,
      refreshTokenId: token.tokenHash.toString('hex'),
      isCurrentSession: false,
      deviceType: null,
      name: clientNames.get(clientId) ?? null,
      scope: token.scope.split(' ').filter(Boolean),
      createdTime: token.createdAt,
      lastAccessTime: token.lastUsedAt,
    };
  }

  async function list(request: Request) {
    const { account, token } = request.auth.credentials as unknown as SessionSummaryCredentials;
    const [sessions, devices, refreshTokens] = await Promise.all([
      d.store.sessionsOf(account.uid),
      d.store.devices.devicesOf(account.uid),
      d.store.oauth.refreshTokensOf(account.uid),
    ]);
    const deviceOf = (s: SessionTokenRecord) =>
      devices.find((dev) => dev.sessionTokenId?.equals(s.tokenId));
    return [
      ...sessions.map((s) => fromSession(s, deviceOf(s), token.tokenId)),
      ...refreshTokens.map(fromRefreshToken),
    ];
  }

  async function destroy(request: Request) {
    const { account } = request.auth.credentials as unknown as TokenCredentials<'sessionToken'>;
    const target = request.payload as {
      clientId?: string;
      deviceId?: string;
      sessionTokenId?: string;
      refreshTokenId?: string;
    };
    if (target.deviceId) {
      // The device's session goes with it; every device, that one included,
      // hears of it by push (read first, so the removed one is told).
      const id = Buffer.from(target.deviceId, 'hex');
      const devices = await d.store.devices.devicesOf(account.uid);
      if (!(await d.store.devices.destroyDevice(account.uid, id))) throw error.unknownDevice();
      d.push.deviceDisconnected(account.uid, devices, id);
    } else if (target.sessionTokenId) {
      const sessions = await d.store.sessionsOf(account.uid);
      const session = sessions.find((s) => handle(s.tokenId) === target.sessionTokenId);
      if (!session) throw error.invalidParameter('payload', ['sessionTokenId']);
      const devices = await d.store.devices.devicesOf(account.uid);
      const device = devices.find((dev) => dev.sessionTokenId?.equals(session.tokenId));
      const gone = await d.store.deleteToken('sessionToken', session.tokenId);
      if (gone && device) d.push.deviceDisconnected(account.uid, devices, device.id);
    } else if (target.clientId && target.refreshTokenId) {
      const tokens = await d.store.oauth.refreshTokensOf(account.uid);
      const token = tokens.find((t) => t.tokenHash.toString('hex') === target.refreshTokenId);
      if (!token) throw error.refreshTokenUnknown();
      await d.store.oauth.deleteRefreshToken(token.tokenHash, Buffer.from(target.clientId, 'hex'));
    } else if (target.clientId) {
      await d.store.oauth.deleteClientTokens(account.uid, Buffer.from(target.clientId, 'hex'));
    }
    return {};
  }

  return { list, destroy };
}
