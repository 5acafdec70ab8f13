// The account commands: list, find, show, verify-email. An account is named
// by its address or its 32-hex-digit uid. What is shown is what an operator
// needs to recognise an account and its clients: never a token id, seed,
// key, verifier or salt. A session is named by its handle (handle.ts).
import Joi from 'joi';
import type { AccountSummary } from '../db/admin.js';
import type { AccountRecord, Store } from '../db/store.js';
import type { Context } from './context.js';
import { AdminError, UsageError, hex, table, when, type Result } from './output.js';
import { sessionHandle } from './handle.js';

const UID = /^[0-9a-f]{32}$/i;
const emailSchema = Joi.string().email({ tlds: false }).max(255);
const FIND_LIMIT = 100;

/** The account an operator named, or AdminError when there is none. */
export async function findAccount(store: Store, ref: string | undefined): Promise<AccountRecord> {
  if (ref === undefined) throw new UsageError('name the account by its email or uid');
  if (UID.test(ref)) {
    const account = await store.accountByUid(Buffer.from(ref, 'hex'));
    if (!account) throw new AdminError(`no account with uid ${ref.toLowerCase()}`);
    return account;
  }
  if (emailSchema.validate(ref).error) {
    throw new UsageError(`"${ref}" is neither an email address nor a 32-hex-digit uid`);
  }
  const account = await store.accountByEmail(ref.toLowerCase());
  if (!account) throw new AdminError(`no account with email ${ref}`);
  return account;
}

const summaryJson = (a: AccountSummary) => ({
  uid: hex(a.uid),
  email: a.email,
  verified: a.emailVerified,
  createdAt: a.createdAt,
  locale: a.locale,
});

const summaryTable = (accounts: AccountSummary[]) =>
  table(
    ['UID', 'EMAIL', 'VERIFIED', 'CREATED'],
    accounts.map((a) => [hex(a.uid)!, a.email, a.emailVerified ? 'yes' : 'no', when(a.createdAt)]),
  );

export async function listAccounts(ctx: Context, page: number, perPage: number): Promise<Result> {
  const { store } = await ctx.database();
  const { accounts, total } = await store.admin.listAccounts((page - 1) * perPage, perPage);
  const pages = Math.max(1, Math.ceil(total / perPage));
  const footer = `page ${page} of ${pages} (${total} account${total === 1 ? '' : 's'})`;
  return {
    text: accounts.length > 0 ? `${summaryTable(accounts)}\n\n${footer}` : `no accounts: ${footer}`,
    json: { page, perPage, pages, total, accounts: accounts.map(summaryJson) },
  };
}

export async function findAccounts(ctx: Context, text: string | undefined): Promise<Result> {
  if (!text) throw new UsageError('find takes part of an email address, or a uid');
  const { store } = await ctx.database();
  const found = UID.test(text)
    ? [await store.accountByUid(Buffer.from(text, 'hex'))].filter((a) => a !== undefined)
    : await store.admin.findAccounts(text, FIND_LIMIT);
  return {
    text: found.length > 0 ? summaryTable(found) : `no account matches "${text}"`,
    json: { accounts: found.map(summaryJson) },
  };
}

export async function showAccount(ctx: Context, ref: string | undefined): Promise<Result> {
  const { store } = await ctx.database();
  const account = await findAccount(store, ref);
  const [devices, sessions, refreshTokens] = await Promise.all([
    store.devices.devicesOf(account.uid),
    store.sessionsOf(account.uid),
    store.oauth.refreshTokensOf(account.uid),
  ]);
  const deviceOf = new Map(
    devices.flatMap((d) => (d.sessionTokenId ? [[hex(d.sessionTokenId)!, hex(d.id)!]] : [])),
  );
  const json: ShowJson = {
    uid: hex(account.uid),
    email: account.email,
    verified: account.emailVerified,
    createdAt: account.createdAt,
    passwordSetAt: account.verifierSetAt,
    locale: account.locale,
    devices: devices.map((d) => ({
      id: hex(d.id),
      name: d.name,
      type: d.type,
      createdAt: d.createdAt,
      lastAccessTime: d.lastAccessTime,
    })),
    sessions: sessions.map((s) => ({
      handle: sessionHandle(s.tokenId),
      browser: [s.uaBrowser, s.uaBrowserVersion].filter(Boolean).join(' ') || null,
      os: [s.uaOS, s.uaOSVersion].filter(Boolean).join(' ') || null,
      deviceType: s.uaDeviceType,
      createdAt: s.createdAt,
      lastAccessTime: s.lastAccessTime,
      device: deviceOf.get(hex(s.tokenId)!) ?? null,
    })),
    oauth: refreshTokens.map((r) => ({
      clientId: hex(r.clientId),
      scope: r.scope,
      createdAt: r.createdAt,
      lastUsedAt: r.lastUsedAt,
    })),
  };
  return { text: showText(json), json };
}

function showText(a: ShowJson): string {
  const fields = table(
    ['uid', a.uid ?? ''],
    [
      ['email', a.email],
      ['verified', a.verified ? 'yes' : 'no'],
      ['created', when(a.createdAt)],
      ['password set', when(a.passwordSetAt)],
      ['locale', a.locale ?? '-'],
    ],
  );
  const devices = table(
    ['DEVICE ID', 'NAME', 'TYPE', 'CREATED', 'LAST ACCESS'],
    a.devices.map((d) => [
      d.id ?? '',
      d.name ?? '-',
      d.type ?? '-',
      when(d.createdAt),
      when(d.lastAccessTime),
    ]),
  );
  const sessions = table(
    ['SESSION', 'BROWSER', 'OS', 'TYPE', 'CREATED', 'LAST ACCESS', 'DEVICE ID'],
    a.sessions.map((s) => [
      s.handle,
      s.browser ?? '-',
      s.os ?? '-',
      s.deviceType ?? '-',
      when(s.createdAt),
      when(s.lastAccessTime),
      s.device ?? '-',
    ]),
  );
  const oauth = table(
    ['OAUTH CLIENT', 'SCOPE', 'CREATED', 'LAST USED'],
    a.oauth.map((o) => [o.clientId ?? '', o.scope, when(o.createdAt), when(o.lastUsedAt)]),
  );
  const section = (title: string, n: number, body: string) =>
    `\n\n${title} (${n})${n > 0 ? `\n${body}` : ''}`;
  return (
    fields +
    section('devices', a.devices.length, devices) +
    section('sessions', a.sessions.length, sessions) +
    section('oauth clients', a.oauth.length, oauth)
  );
}

interface ShowJson {
  uid: string | null;
  email: string;
  verified: boolean;
  createdAt: number;
  passwordSetAt: number;
  locale: string | null;
  devices: Array<{
    id: string | null;
    name: string | null;
    type: string | null;
    createdAt: number;
    lastAccessTime: number | null;
  }>;
  sessions: Array<{
    handle: string;
    browser: string | null;
    os: string | null;
    deviceType: string | null;
    createdAt: number;
    lastAccessTime: number;
    device: string | null;
  }>;
  oauth: Array<{ clientId: string | null; scope: string; createdAt: number; lastUsedAt: number }>;
}

export async function verifyEmail(ctx: Context, ref: string | undefined): Promise<Result> {
  const { store } = await ctx.database();
  const account = await findAccount(store, ref);
  const was = account.emailVerified;
  if (!(await store.verifyEmail(account.uid))) throw new AdminError('the account is gone');
  return {
    text: was ? `${account.email} was already verified` : `${account.email} is now verified`,
    json: { uid: hex(account.uid), email: account.email, verified: true, wasVerified: was },
  };
}
