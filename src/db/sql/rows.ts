// Column readers that turn a driver's row into record fields. Both drivers
// hand back binary columns as Buffers and integers as numbers, but booleans
// arrive as 0/1 and a MySQL BIGINT could in principle arrive as a string, so
// each field is converted on purpose and a surprise fails loudly here rather
// than deep inside a route.

import type { AccountRecord } from '../store.js';
import type { Param, Row } from './driver.js';

function column(row: Row, name: string): unknown {
  if (!(name in row)) throw new Error(`row has no column ${name}`);
  return row[name];
}

function mistyped(name: string, value: unknown): Error {
  return new Error(`column ${name} holds ${value === null ? 'null' : typeof value}`);
}

export function bytes(row: Row, name: string): Buffer {
  const value = column(row, name);
  if (!Buffer.isBuffer(value)) throw mistyped(name, value);
  return value;
}

export function int(row: Row, name: string): number {
  const value = column(row, name);
  const n = typeof value === 'string' || typeof value === 'bigint' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw mistyped(name, value);
  return n;
}

export function flag(row: Row, name: string): boolean {
  return int(row, name) !== 0;
}

export function text(row: Row, name: string): string {
  const value = column(row, name);
  if (typeof value !== 'string') throw mistyped(name, value);
  return value;
}

export function textOrNull(row: Row, name: string): string | null {
  return column(row, name) === null ? null : text(row, name);
}

/** The accounts columns, in the order insertAccount binds them. */
const ACCOUNT_COLUMN_NAMES = [
  'uid',
  'email',
  'normalizedEmail',
  'emailCode',
  'emailVerified',
  'kA',
  'wrapWrapKb',
  'authSalt',
  'verifyHash',
  'verifierVersion',
  'verifierSetAt',
  'keysChangedAt',
  'createdAt',
  'locale',
] as const;

export const ACCOUNT_COLUMNS = ACCOUNT_COLUMN_NAMES.join(', ');

/**
 * The accounts columns of alias `a`, renamed `account_<column>` so that a
 * join with a token table (which has its own uid and createdAt) keeps both.
 */
export const ACCOUNT_COLUMNS_JOINED = ACCOUNT_COLUMN_NAMES.map(
  (name) => `a.${name} AS account_${name}`,
).join(', ');

export const ACCOUNT_PLACEHOLDERS = ACCOUNT_COLUMN_NAMES.map(() => '?').join(', ');

export function accountParams(a: AccountRecord): Param[] {
  return [
    a.uid,
    a.email,
    a.normalizedEmail,
    a.emailCode,
    a.emailVerified ? 1 : 0,
    a.kA,
    a.wrapWrapKb,
    a.authSalt,
    a.verifyHash,
    a.verifierVersion,
    a.verifierSetAt,
    a.keysChangedAt,
    a.createdAt,
    a.locale,
  ];
}

/** Reads an account from `row`; `prefix` is 'account_' for ACCOUNT_COLUMNS_JOINED. */
export function accountFromRow(row: Row, prefix = ''): AccountRecord {
  return {
    uid: bytes(row, `${prefix}uid`),
    email: text(row, `${prefix}email`),
    normalizedEmail: text(row, `${prefix}normalizedEmail`),
    emailCode: bytes(row, `${prefix}emailCode`),
    emailVerified: flag(row, `${prefix}emailVerified`),
    kA: bytes(row, `${prefix}kA`),
    wrapWrapKb: bytes(row, `${prefix}wrapWrapKb`),
    authSalt: bytes(row, `${prefix}authSalt`),
    verifyHash: bytes(row, `${prefix}verifyHash`),
    verifierVersion: int(row, `${prefix}verifierVersion`),
    verifierSetAt: int(row, `${prefix}verifierSetAt`),
    keysChangedAt: int(row, `${prefix}keysChangedAt`),
    createdAt: int(row, `${prefix}createdAt`),
    locale: textOrNull(row, `${prefix}locale`),
  };
}
