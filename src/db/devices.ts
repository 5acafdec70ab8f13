// The devices part of the Store: devices registered by signed-in clients and
// the commands (send tab, close tab) queued between them. See store.ts for
// the conventions every part follows (Buffers for ids, ms times,
// DuplicateError, one transaction per multi-table change).
//
// A device lives as long as the session it was registered with: ending the
// session (sign-out, password change, account delete) removes the device,
// and destroying the device ends its session.
//
// Commands are numbered per account, not per device, by a counter that only
// ever goes up: Firefox stores the highest index it has handled and next
// asks for the commands from that index + 1, so an index handed out twice,
// or a counter that restarted, would make it skip commands for good.

import type { GrantCheck } from './store.js';

/** A device as stored. Push fields and name may be unset (null). */
export interface DeviceRecord {
  uid: Buffer; // 16 bytes
  id: Buffer; // 16 bytes, random
  /** The session the device is signed in with; null only for a detached row. */
  sessionTokenId: Buffer | null; // 32 bytes
  name: string | null;
  type: string | null;
  createdAt: number;
  pushCallback: string | null;
  pushPublicKey: string | null;
  pushAuthKey: string | null;
  /** Set when the push service reported the endpoint gone; a new pushCallback clears it. */
  pushEndpointExpired: boolean;
  /** Command name to the data a sender needs for it (e.g. an encrypted public key). */
  availableCommands: Record<string, string>;
}

/** The fields a client sets. Undefined leaves a field as it is; null clears it. */
export type DeviceFields = Partial<
  Pick<
    DeviceRecord,
    'name' | 'type' | 'pushCallback' | 'pushPublicKey' | 'pushAuthKey' | 'availableCommands'
  >
>;

/** A device together with the times of its session (null when it has none). */
export interface DeviceWithSession extends DeviceRecord {
  lastAccessTime: number | null;
  sessionCreatedAt: number | null;
}

/** A command queued for one device of the account. */
export interface DeviceCommandRecord {
  uid: Buffer;
  /** Unique and increasing per account; assigned by enqueueCommand. */
  index: number;
  target: Buffer; // device id
  /** The sending device, or null when the sender had registered none. */
  sender: Buffer | null;
  command: string;
  /** A JSON object, stored as given. */
  payload: Record<string, unknown>;
  createdAt: number;
  expiresAt: number;
}

export type NewDeviceCommand = Omit<DeviceCommandRecord, 'index'>;

export interface DeviceCommandPage {
  /** In index order; only unexpired commands for the target. */
  messages: DeviceCommandRecord[];
  /** True when no further unexpired command for the target lies beyond this page. */
  last: boolean;
}

export interface DeviceStore {
  /**
   * Inserts a new device, bound to its session. Throws DuplicateError when
   * that session already has a device (errno 124), StaleGrantError when the
   * session is gone (also when it ends while this runs), and LimitError at
   * devicesPerAccount.
   */
  registerDevice(device: DeviceRecord): Promise<void>;

  /**
   * Changes the given fields of device `id` of `uid` and binds it to
   * `sessionTokenId`, the session asking. Returns the device after the
   * change, or undefined when there is no such device (errno 123). Throws
   * DuplicateError when that session already has another device (errno 124),
   * StaleGrantError when the session is gone.
   */
  updateDevice(
    uid: Buffer,
    id: Buffer,
    sessionTokenId: Buffer,
    fields: DeviceFields,
  ): Promise<DeviceRecord | undefined>;

  /** One device of the account, or undefined. */
  device(uid: Buffer, id: Buffer): Promise<DeviceRecord | undefined>;

  /** The device registered with this session, or undefined. */
  deviceOfSession(sessionTokenId: Buffer): Promise<DeviceWithSession | undefined>;

  /** Every device of the account, oldest first, with its session's times. */
  devicesOf(uid: Buffer): Promise<readonly DeviceWithSession[]>;

  /**
   * In one transaction: the device, the commands queued for it, and the
   * session it is signed in with. False when there is no such device.
   */
  destroyDevice(uid: Buffer, id: Buffer): Promise<boolean>;

  /**
   * In one transaction: checks that `check` (the sender's session) still
   * holds, takes the account's next command index and queues the command
   * under it. Returns the index (1 for an account's first), or undefined
   * when the target device is gone. Throws StaleGrantError when the check
   * fails and LimitError at commandsPerDevice.
   */
  enqueueCommand(command: NewDeviceCommand, check: GrantCheck): Promise<number | undefined>;

  /**
   * Up to `limit` commands for device `target` with an index of at least
   * `fromIndex` that have not expired at `now`.
   */
  commandsFor(
    uid: Buffer,
    target: Buffer,
    fromIndex: number,
    limit: number,
    now: number,
  ): Promise<DeviceCommandPage>;

  /** Deletes commands that expired at or before `now`; returns how many went. */
  pruneCommands(now: number): Promise<number>;

  /**
   * Sets pushEndpointExpired on device `id` of `uid`, but only while its
   * pushCallback is still `pushCallback`: a push service's 404 or 410 speaks
   * of the endpoint it was sent to, and a device that has registered a new
   * one since keeps it. True when this call set the flag.
   */
  markPushEndpointExpired(uid: Buffer, id: Buffer, pushCallback: string): Promise<boolean>;
}
