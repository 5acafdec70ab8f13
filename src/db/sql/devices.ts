// DeviceStore over SQL (both dialects), and the statements that remove an
// account's or a session's devices inside the caller's transaction.
//
// The command index comes from deviceCommandIndex, one row per account,
// bumped in the same transaction that inserts the command. The bump is a
// single upsert, which holds the row's lock until commit: concurrent
// enqueues queue behind it (MySQL row lock; SQLite runs one transaction at a
// time), so each reads back an index of its own. Nothing ever lowers or
// deletes that row while the account lives, so an index is never reused.
import {
  DuplicateError,
  type AccountLimits,
  type GrantCheck,
  type ReadCacheCounts,
} from '../store.js';
import type {
  DeviceCommandPage,
  DeviceCommandRecord,
  DeviceFields,
  DeviceRecord,
  DeviceStore,
  DeviceWithSession,
  NewDeviceCommand,
} from '../devices.js';
import type { Dialect, Driver, Executor, Param, Row } from './driver.js';
import { bytes, flag, int, text, textOrNull } from './rows.js';
import { ReadCache } from './read-cache.js';
import { TOKEN_TABLES } from './tokens.js';
import { checkGrant, checkLimit, forUpdate } from './guard.js';

// Without the uid, for reads by uid: the caller has it, and each blob
// column costs a Buffer per row.
export const COLUMNS_BUT_UID =
  'd.id, d.sessionTokenId, d.name, d.type, d.createdAt, d.pushCallback, ' +
  'd.pushPublicKey, d.pushAuthKey, d.pushEndpointExpired, d.availableCommands';
const DEVICE_COLUMNS = `d.uid, ${COLUMNS_BUT_UID}`;

const SELECT_DEVICE = `SELECT ${DEVICE_COLUMNS} FROM devices d`;

// A device with its session's times; no session (a detached row) gives nulls.
// Scalar subqueries, not a LEFT JOIN: planning that join over an account's
// devices, SQLite marks the bound uid as a value the plan may depend on, so
// each call, which binds it again, re-prepares the statement and makes
// better-sqlite3 rebuild its row constructor, doubling the devices read.
// MySQL plans each subquery as a primary-key lookup, as it did the join.
const sessionColumn = (column: string) =>
  `(SELECT s.${column} FROM sessionTokens s WHERE s.tokenId = d.sessionTokenId AND s.uid = d.uid)`;
export const SESSION_TIMES = `${sessionColumn('lastAccessTime')} AS lastAccessTime,
  ${sessionColumn('createdAt')} AS sessionCreatedAt`;
const WITH_SESSION = `${SESSION_TIMES} FROM devices d`;
const SELECT_WITH_SESSION = `SELECT ${DEVICE_COLUMNS}, ${WITH_SESSION}`;
const SELECT_ACCOUNT_DEVICES = `SELECT ${COLUMNS_BUT_UID}, ${WITH_SESSION} WHERE d.uid = ?`;

// The two dialects spell an upsert differently, and the counter needs one:
// UPDATE-then-INSERT would let two first enqueues both find no row.
const BUMP_COMMAND_INDEX: Record<Dialect, string> = {
  sqlite: `INSERT INTO deviceCommandIndex (uid, lastIdx) VALUES (?, 1)
    ON CONFLICT (uid) DO UPDATE SET lastIdx = lastIdx + 1`,
  mysql: `INSERT INTO deviceCommandIndex (uid, lastIdx) VALUES (?, 1)
    ON DUPLICATE KEY UPDATE lastIdx = lastIdx + 1`,
};

/** The client-settable fields and their columns, in the order updates bind them. */
const FIELD_COLUMNS = [
  'name',
  'type',
  'pushCallback',
  'pushPublicKey',
  'pushAuthKey',
  'availableCommands',
] as const satisfies readonly (keyof DeviceFields)[];

export class SqlDeviceStore implements DeviceStore {
  // The device list is read by every devices, attached-clients and
  // send-tab request (read-cache.ts).
  private readonly lists: ReadCache<readonly DeviceWithSession[]>;

  constructor(
    private readonly db: Driver,
    private readonly limits: Pick<AccountLimits, 'devicesPerAccount' | 'commandsPerDevice'>,
  ) {
    this.lists = new ReadCache(db, { sizeOf: listBytes });
  }

  /** The device list cache's counts, for the metrics (SqlStore.readCaches). */
  cacheCounts(): ReadCacheCounts {
    return this.lists.counts();
  }

  // Bound to a live session, checked under the account lock (guard.ts), so
  // a device never outlives the session it is registered with.
  async registerDevice(d: DeviceRecord): Promise<void> {
    const sessionTokenId = d.sessionTokenId;
    if (sessionTokenId === null) throw new Error('a device is registered by a session');
    return this.db.transaction(async (tx) => {
      await checkGrant(tx, this.db.dialect, { uid: d.uid, sessionTokenId });
      await checkLimit(
        tx,
        'devicesPerAccount',
        this.limits.devicesPerAccount,
        1,
        'SELECT COUNT(*) AS n FROM devices WHERE uid = ?',
        [d.uid],
      );
      await this.insertDevice(tx, d);
    });
  }

  private async insertDevice(tx: Executor, d: DeviceRecord): Promise<void> {
    try {
      await tx.run(
        `INSERT INTO devices (uid, id, sessionTokenId, name, type, createdAt, pushCallback,
          pushPublicKey, pushAuthKey, pushEndpointExpired, availableCommands)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          d.uid,
          d.id,
          d.sessionTokenId,
          d.name,
          d.type,
          d.createdAt,
          d.pushCallback,
          d.pushPublicKey,
          d.pushAuthKey,
          d.pushEndpointExpired ? 1 : 0,
          JSON.stringify(d.availableCommands),
        ],
      );
    } catch (err) {
      if (this.db.isDuplicate(err)) throw new DuplicateError('device for session');
      throw err;
    }
  }

  // Existence is asked apart from the UPDATE because MySQL reports 0 changed
  // rows for an update that changes nothing, the same as for a missing row.
  updateDevice(
    uid: Buffer,
    id: Buffer,
    sessionTokenId: Buffer,
    fields: DeviceFields,
  ): Promise<DeviceRecord | undefined> {
    const sets = ['sessionTokenId = ?'];
    const params: Param[] = [sessionTokenId];
    for (const name of FIELD_COLUMNS) {
      const value = fields[name];
      if (value === undefined) continue;
      sets.push(`${name} = ?`);
      params.push(typeof value === 'object' && value !== null ? JSON.stringify(value) : value);
    }
    // A new push endpoint is presumed alive until the push service says otherwise.
    if (fields.pushCallback !== undefined) sets.push('pushEndpointExpired = 0');

    return this.db.transaction(async (tx) => {
      // The session it is being bound to must still exist (guard.ts).
      await checkGrant(tx, this.db.dialect, { uid, sessionTokenId });
      const where = [uid, id];
      const found = await tx.get('SELECT 1 AS found FROM devices WHERE uid = ? AND id = ?', where);
      if (found === undefined) return undefined;
      try {
        const sql = `UPDATE devices SET ${sets.join(', ')} WHERE uid = ? AND id = ?`;
        await tx.run(sql, [...params, ...where]);
      } catch (err) {
        if (this.db.isDuplicate(err)) throw new DuplicateError('device for session');
        throw err;
      }
      const row = await tx.get(`${SELECT_DEVICE} WHERE d.uid = ? AND d.id = ?`, where);
      return row && deviceFromRow(row);
    });
  }

  async device(uid: Buffer, id: Buffer): Promise<DeviceRecord | undefined> {
    const row = await this.db.get(`${SELECT_DEVICE} WHERE d.uid = ? AND d.id = ?`, [uid, id]);
    return row && deviceFromRow(row);
  }

  async deviceOfSession(sessionTokenId: Buffer): Promise<DeviceWithSession | undefined> {
    const row = await this.db.get(`${SELECT_WITH_SESSION} WHERE d.sessionTokenId = ?`, [
      sessionTokenId,
    ]);
    return row && withSessionFromRow(row, bytes(row, 'uid'));
  }

  async devicesOf(uid: Buffer): Promise<readonly DeviceWithSession[]> {
    return (await this.lists.read(uid, () => this.readDevicesOf(uid))) ?? [];
  }

  private async readDevicesOf(uid: Buffer): Promise<readonly DeviceWithSession[]> {
    // Sorted here, not by ORDER BY: for an account's few devices SQLite's
    // temporary sort B-tree cost a sixth of the whole read.
    const rows = await this.db.all(SELECT_ACCOUNT_DEVICES, [uid]);
    // A list may be kept (read-cache.ts), and the caller's uid may be a
    // slice of Node's shared 8 KiB pool, which it would keep alive.
    const own = Buffer.alloc(uid.length);
    uid.copy(own);
    return rows.map((row) => withSessionFromRow(row, own)).sort(byCreation);
  }

  destroyDevice(uid: Buffer, id: Buffer): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const row = await tx.get('SELECT sessionTokenId FROM devices WHERE uid = ? AND id = ?', [
        uid,
        id,
      ]);
      if (row === undefined) return false;
      await deleteDevice(tx, uid, id);
      const sessionTokenId = bytesOrNull(row, 'sessionTokenId');
      if (sessionTokenId !== null) {
        await tx.run(TOKEN_TABLES.sessionToken.deleteByIdAndUid, [sessionTokenId, uid]);
      }
      return true;
    });
  }

  // The sender's session is checked and the target's row locked before the
  // command goes in: a reset or a destroy of the target that commits first
  // leaves nothing to queue for, and one that commits after deletes the
  // command with the device (deleteDevice removes the device row first).
  enqueueCommand(c: NewDeviceCommand, check: GrantCheck): Promise<number | undefined> {
    const bump = BUMP_COMMAND_INDEX[this.db.dialect];
    const lockTarget = `SELECT 1 AS found FROM devices WHERE uid = ? AND id = ?${forUpdate(this.db.dialect)}`;
    return this.db.transaction(async (tx) => {
      await checkGrant(tx, this.db.dialect, check);
      if ((await tx.get(lockTarget, [c.uid, c.target])) === undefined) return undefined;
      await checkLimit(
        tx,
        'commandsPerDevice',
        this.limits.commandsPerDevice,
        1,
        `SELECT COUNT(*) AS n FROM deviceCommands
          WHERE uid = ? AND targetDeviceId = ? AND expiresAt > ?`,
        [c.uid, c.target, c.createdAt],
      );
      await tx.run(bump, [c.uid]);
      const row = await tx.get('SELECT lastIdx FROM deviceCommandIndex WHERE uid = ?', [c.uid]);
      if (row === undefined) throw new Error('the command index vanished inside its transaction');
      const index = int(row, 'lastIdx');
      await tx.run(
        `INSERT INTO deviceCommands (uid, idx, targetDeviceId, senderDeviceId, command, payload,
          createdAt, expiresAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          c.uid,
          index,
          c.target,
          c.sender,
          c.command,
          JSON.stringify(c.payload),
          c.createdAt,
          c.expiresAt,
        ],
      );
      return index;
    });
  }

  // One row past the limit tells whether more remain, without a count.
  async commandsFor(
    uid: Buffer,
    target: Buffer,
    fromIndex: number,
    limit: number,
    now: number,
  ): Promise<DeviceCommandPage> {
    const rows = await this.db.all(
      `SELECT uid, idx, targetDeviceId, senderDeviceId, command, payload, createdAt, expiresAt
        FROM deviceCommands
        WHERE uid = ? AND targetDeviceId = ? AND idx >= ? AND expiresAt > ?
        ORDER BY idx LIMIT ?`,
      [uid, target, fromIndex, now, limit + 1],
    );
    return { messages: rows.slice(0, limit).map(commandFromRow), last: rows.length <= limit };
  }

  async pruneCommands(now: number): Promise<number> {
    return (await this.db.run('DELETE FROM deviceCommands WHERE expiresAt <= ?', [now])).changes;
  }

  // Matching on the flag too makes `changes` mean "this call set it" on both
  // dialects, since MySQL counts only rows an UPDATE really changed.
  async markPushEndpointExpired(uid: Buffer, id: Buffer, pushCallback: string): Promise<boolean> {
    const result = await this.db.run(
      `UPDATE devices SET pushEndpointExpired = 1
        WHERE uid = ? AND id = ? AND pushCallback = ? AND pushEndpointExpired = 0`,
      [uid, id, pushCallback],
    );
    return result.changes > 0;
  }
}

/** About the bytes a kept list holds (two a character): commands may hold kilobytes. */
export function listBytes(list: readonly DeviceWithSession[]): number {
  let bytes = 0;
  for (const d of list) {
    bytes += 256;
    for (const text of [d.name, d.type, d.pushCallback, d.pushPublicKey, d.pushAuthKey]) {
      bytes += 2 * (text?.length ?? 0);
    }
    for (const [name, data] of Object.entries(d.availableCommands)) {
      bytes += 2 * (name.length + data.length);
    }
  }
  return bytes;
}

/** Inside an account delete or reset: every device and queued command of `uid`. */
export async function deleteDevicesOf(tx: Executor, uid: Buffer): Promise<void> {
  // The index counter stays: after a password change the account keeps
  // receiving commands, and its devices' stored indexes must stay valid.
  await tx.run('DELETE FROM deviceCommands WHERE uid = ?', [uid]);
  await tx.run('DELETE FROM devices WHERE uid = ?', [uid]);
}

/**
 * Inside an account delete only: the account's command counter. A uid is
 * never reused, so its counter can go once the account itself does.
 */
export async function deleteCommandIndexOf(tx: Executor, uid: Buffer): Promise<void> {
  await tx.run('DELETE FROM deviceCommandIndex WHERE uid = ?', [uid]);
}

/** Inside a session delete: the device bound to that session, if any. */
export async function deleteDeviceOfSession(tx: Executor, sessionTokenId: Buffer): Promise<void> {
  const row = await tx.get('SELECT uid, id FROM devices WHERE sessionTokenId = ?', [
    sessionTokenId,
  ]);
  if (row !== undefined) await deleteDevice(tx, bytes(row, 'uid'), bytes(row, 'id'));
}

/**
 * The device and the commands waiting for it; no one else can read them.
 * The device row goes first: an enqueue holding its lock commits before
 * this delete proceeds, and the command delete after it then sees that
 * command too.
 */
async function deleteDevice(tx: Executor, uid: Buffer, id: Buffer): Promise<void> {
  await tx.run('DELETE FROM devices WHERE uid = ? AND id = ?', [uid, id]);
  await tx.run('DELETE FROM deviceCommands WHERE uid = ? AND targetDeviceId = ?', [uid, id]);
}

function bytesOrNull(row: Row, name: string): Buffer | null {
  return row[name] === null ? null : bytes(row, name);
}

function intOrNull(row: Row, name: string): number | null {
  return row[name] === null ? null : int(row, name);
}

function deviceFromRow(row: Row, uid = bytes(row, 'uid')): DeviceRecord {
  return {
    uid,
    id: bytes(row, 'id'),
    sessionTokenId: bytesOrNull(row, 'sessionTokenId'),
    name: textOrNull(row, 'name'),
    type: textOrNull(row, 'type'),
    createdAt: int(row, 'createdAt'),
    pushCallback: textOrNull(row, 'pushCallback'),
    pushPublicKey: textOrNull(row, 'pushPublicKey'),
    pushAuthKey: textOrNull(row, 'pushAuthKey'),
    pushEndpointExpired: flag(row, 'pushEndpointExpired'),
    availableCommands: stringMap(json(row, 'availableCommands'), 'availableCommands'),
  };
}

export function withSessionFromRow(row: Row, uid: Buffer): DeviceWithSession {
  const device = deviceFromRow(row, uid) as DeviceWithSession;
  device.lastAccessTime = intOrNull(row, 'lastAccessTime');
  device.sessionCreatedAt = intOrNull(row, 'sessionCreatedAt');
  return device;
}

/** The order devices are listed in: registration time, then id (both stores compare bytes). */
export function byCreation(a: DeviceRecord, b: DeviceRecord): number {
  return a.createdAt - b.createdAt || Buffer.compare(a.id, b.id);
}

function commandFromRow(row: Row): DeviceCommandRecord {
  return {
    uid: bytes(row, 'uid'),
    index: int(row, 'idx'),
    target: bytes(row, 'targetDeviceId'),
    sender: bytesOrNull(row, 'senderDeviceId'),
    command: text(row, 'command'),
    payload: object(json(row, 'payload'), 'payload'),
    createdAt: int(row, 'createdAt'),
    expiresAt: int(row, 'expiresAt'),
  };
}

function json(row: Row, name: string): unknown {
  return JSON.parse(text(row, name));
}

// A JSON column the store wrote itself holds an object; anything else means
// the row was edited by hand, which should fail loudly here.
function object(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`column ${name} holds no JSON object`);
  }
  return value as Record<string, unknown>;
}

function stringMap(value: unknown, name: string): Record<string, string> {
  const map = object(value, name);
  for (const v of Object.values(map)) {
    if (typeof v !== 'string') throw new Error(`column ${name} holds a non-string value`);
  }
  return map as Record<string, string>;
}
