// The two reads that authenticate signed-in requests: the session summary
// (Store.sessionSummary) and the summary with the account's devices
// (Store.sessionWithDevices), which the device list authenticates with.
//
// The device list used to read the summary and then the devices, two
// statements; on MySQL each is a round trip to mysqld, and the second cost
// that list about a fifth of its time. Here both come from one statement:
// the session row joined to the account's devices, one row per device (or
// one row of nulls for none), the summary's columns prefixed so they do not
// clash with the device's own createdAt and lastAccessTime.
import type { SessionSummary, SessionWithDevices } from '../store.js';
import type { Row } from './driver.js';
import { byCreation, COLUMNS_BUT_UID, SESSION_TIMES, withSessionFromRow } from './devices.js';
import { bytes, flag, int, text } from './rows.js';

const P = 's_';

// The account's two columns by scalar subquery, as in SELECT_SESSION_SUMMARY
// (tokens.ts).
export const SELECT_SESSION_WITH_DEVICES = `SELECT t.tokenId AS ${P}tokenId,
    t.tokenData AS ${P}tokenData, t.uid AS ${P}uid, t.createdAt AS ${P}createdAt,
    t.lastAccessTime AS ${P}lastAccessTime,
    (SELECT a.email FROM accounts a WHERE a.uid = t.uid) AS ${P}email,
    (SELECT a.emailVerified FROM accounts a WHERE a.uid = t.uid) AS ${P}emailVerified,
    ${COLUMNS_BUT_UID}, ${SESSION_TIMES}
  FROM sessionTokens t LEFT JOIN devices d ON d.uid = t.uid
  WHERE t.tokenId = ?`;

/**
 * The summary in a row of either statement (`prefix` names its columns);
 * undefined for a session that outlived its account (a null email).
 */
export function summaryFromRow(row: Row, prefix = ''): SessionSummary | undefined {
  if (row[`${prefix}email`] === null) return undefined;
  // The row's own copies, not the caller's: a summary may be kept
  // (read-cache.ts), and a Buffer parsed from a header is a slice of Node's
  // shared 8 KiB pool, which it would keep alive.
  const uid = bytes(row, `${prefix}uid`);
  return {
    token: {
      tokenId: bytes(row, `${prefix}tokenId`),
      tokenData: bytes(row, `${prefix}tokenData`),
      uid,
      createdAt: int(row, `${prefix}createdAt`),
      lastAccessTime: int(row, `${prefix}lastAccessTime`),
    },
    account: {
      uid,
      email: text(row, `${prefix}email`),
      emailVerified: flag(row, `${prefix}emailVerified`),
    },
  };
}

/** The rows of SELECT_SESSION_WITH_DEVICES; undefined when there is no session. */
export function sessionWithDevicesFromRows(rows: readonly Row[]): SessionWithDevices | undefined {
  const first = rows[0];
  const summary = first && summaryFromRow(first, P);
  if (summary === undefined) return undefined;
  const uid = summary.account.uid;
  const devices = [];
  for (const row of rows) {
    // The LEFT JOIN's row of nulls for an account with no devices.
    if (row.id !== null) devices.push(withSessionFromRow(row, uid));
  }
  // Sorted here, as DeviceStore.devicesOf does (devices.ts says why).
  return { ...summary, devices: devices.sort(byCreation) };
}
