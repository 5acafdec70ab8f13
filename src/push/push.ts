// What the routes ask of Web Push: one method per event a device should
// hear about, named for what happened. Every method returns at once; the
// push itself runs off the request path, like mail, so no request ever
// waits on a push service. A failed push is logged and counted and never
// fails the request that caused it: devices also poll, so a lost push
// delays, and never loses, what it announced.
//
// Each method takes the devices to tell, as the route read them. A device
// without a live endpoint (no pushCallback, no keys, or one a push service
// has called gone) is skipped.
import type { DeviceRecord } from '../db/devices.js';
import type { ReceivedCommand } from './payloads.js';

/** The part of a device a push needs. */
export type PushTarget = Pick<
  DeviceRecord,
  'id' | 'pushCallback' | 'pushPublicKey' | 'pushAuthKey' | 'pushEndpointExpired'
>;

/**
 * Why a device was not pushed to. The first three are FxA's `notifyError`
 * codes for invoke_command; the others are this server's.
 */
export type PushSkip =
  | 'noCallback'
  | 'noKeys'
  | 'expiredCallback'
  /** The pushCallback is not on the allow-list (any more). */
  | 'refusedCallback'
  /** Push is switched off by config, or the server is shutting down. */
  | 'disabled'
  /** Too many pushes are waiting already. */
  | 'queueFull';

/** invoke_command's answer to "was the target told?" (Firefox reads `notified`). */
export type NotifyOutcome = { notified: true } | { notified: false; notifyError: PushSkip };

export interface PushStats {
  /** Accepted by a push service (2xx). */
  sent: number;
  /** Answered 404 or 410: the device's endpoint is now marked expired. */
  expired: number;
  /** Timed out, could not connect, or any other answer. */
  failed: number;
  /** Never queued: no live endpoint, switched off, or the queue was full. */
  skipped: number;
  /** Queued but abandoned when the server shut down. */
  abandoned: number;
}

export interface Push {
  /** /account/devices/notify: `payload` as the client gave it (already validated). */
  notifyDevices(uid: Buffer, devices: readonly PushTarget[], payload: object, ttlSec: number): void;
  /** invoke_command: the target has a command waiting at `command.index`. */
  commandReceived(
    uid: Buffer,
    target: PushTarget,
    command: ReceivedCommand,
    ttlSec: number,
  ): NotifyOutcome;
  /** A new device registered; `devices` are the account's others. */
  deviceConnected(uid: Buffer, devices: readonly PushTarget[], deviceName: string): void;
  /** Device `id` was removed; `devices` include it, so it can sign itself out. */
  deviceDisconnected(uid: Buffer, devices: readonly PushTarget[], id: Buffer): void;
  passwordChanged(uid: Buffer, devices: readonly PushTarget[]): void;
  passwordReset(uid: Buffer, devices: readonly PushTarget[]): void;
  accountDestroyed(uid: Buffer, devices: readonly PushTarget[]): void;

  readonly stats: Readonly<PushStats>;
  /** Resolves when every queued and in-flight push has finished (tests, shutdown). */
  drain(): Promise<void>;
  /**
   * Stops taking pushes and waits for those queued, for at most one push
   * timeout; what is still waiting or in flight then is abandoned.
   */
  close(): Promise<void>;
}
