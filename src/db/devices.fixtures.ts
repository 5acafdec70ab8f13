// Record builders for the DeviceStore contract: an account with sessions to
// bind devices to, devices and commands with random ids, so the tests share
// one database without colliding.
import { randomBytes } from 'node:crypto';
import type { Store } from './store.js';
import type { DeviceRecord, NewDeviceCommand } from './devices.js';
import { NOW, newAccount, newToken } from './store.fixtures.js';

export const DAY = 24 * 3600 * 1000;
export const OPEN_URI = 'https://identity.mozilla.com/cmd/open-uri';

/** A new account with `sessions` sessions; returns its uid and their token ids. */
export async function accountWithSessions(store: Store, sessions: number) {
  const account = newAccount();
  const tokens = Array.from({ length: sessions }, () => newToken('sessionToken', account.uid));
  await store.createAccount(account, tokens);
  return { uid: account.uid, sessions: tokens.map((t) => t.record.tokenId) };
}

export function newDevice(
  uid: Buffer,
  sessionTokenId: Buffer,
  fields: Partial<DeviceRecord> = {},
): DeviceRecord {
  return {
    uid,
    id: randomBytes(16),
    sessionTokenId,
    name: 'My Firefox',
    type: 'desktop',
    createdAt: NOW,
    pushCallback: 'https://push.example/abc',
    pushPublicKey: 'B'.repeat(87),
    pushAuthKey: 'a'.repeat(22),
    pushEndpointExpired: false,
    availableCommands: { [OPEN_URI]: 'bundle' },
    ...fields,
  };
}

export function newCommand(
  uid: Buffer,
  target: Buffer,
  fields: Partial<NewDeviceCommand> = {},
): NewDeviceCommand {
  return {
    uid,
    target,
    sender: null,
    command: OPEN_URI,
    payload: { encrypted: randomBytes(8).toString('hex') },
    createdAt: NOW,
    expiresAt: NOW + DAY,
    ...fields,
  };
}

/** The indexes of a page of commands, in the order returned. */
export const indexes = (page: { messages: { index: number }[] }) =>
  page.messages.map((m) => m.index);
