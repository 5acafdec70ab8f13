// DeviceStore over SQL (both dialects), and the statements that remove an
// account's or a session's devices inside the caller's transaction.
import type { DeviceStore } from '../devices.js';
import type { Driver, Executor } from './driver.js';

export class SqlDeviceStore implements DeviceStore {
  constructor(private readonly db: Driver) {}
}

/** Inside an account delete or reset: every device and queued command of `uid`. */
export async function deleteDevicesOf(_tx: Executor, _uid: Buffer): Promise<void> {}

/** Inside a session delete: the device bound to that session, if any. */
export async function deleteDeviceOfSession(
  _tx: Executor,
  _sessionTokenId: Buffer,
): Promise<void> {}
