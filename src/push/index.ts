// The Web Push implementation of Push (push.ts), and the only importer of
// web-push (through transport.ts). A method picks the devices that can be
// reached, builds each payload once and queues one job per device; the job
// encrypts, signs and posts, then counts and logs the outcome. A 404 or 410
// marks the device's endpoint expired (FxA's rule): Firefox sees
// pushEndpointExpired in its device list, subscribes again and registers the
// new pushCallback, which clears the flag.
//
// Log lines carry the uid, the device id, the push service's origin and the
// status. Never the endpoint's path (the capability to push to the device),
// its keys, or the payload.
import type { DeviceStore } from '../db/devices.js';
import type { Logger } from '../log.js';
import { DeliveryQueue } from './delivery.js';
import { originOf, type AllowList } from './endpoints.js';
import * as payloads from './payloads.js';
import type { NotifyOutcome, Push, PushSkip, PushStats, PushTarget } from './push.js';
import {
  buildRequest,
  createTransport,
  type PushRequest,
  type Transport,
  type Vapid,
} from './transport.js';

export type { Push, PushTarget } from './push.js';
export { parseAllowList } from './endpoints.js';
export { loadVapidKeys } from './vapid.js';

export interface PushOptions {
  enabled: boolean;
  allowList: AllowList;
  vapid: Vapid;
  concurrency: number;
  maxQueued: number;
  timeoutMs: number;
  /** Base of the command URL in command_received (Firefox's auth server URL, without /v1). */
  authServerUrl: string;
  devices: Pick<DeviceStore, 'markPushEndpointExpired'>;
  log: Logger;
  /** For tests that stand in for the network. */
  transport?: Transport;
}

/** One push, as its job sees it. */
interface Delivery {
  uid: Buffer;
  device: PushTarget & { pushCallback: string; pushPublicKey: string; pushAuthKey: string };
  event: string;
  body: Buffer;
  ttlSec: number;
}

export function createPush(opts: PushOptions): Push {
  const { log } = opts;
  if (opts.concurrency < 1 || opts.timeoutMs < 1) {
    throw new Error('push.concurrency and push.timeoutMs must be at least 1');
  }
  const transport = opts.transport ?? createTransport(opts.concurrency);
  const queue = new DeliveryQueue({
    concurrency: opts.concurrency,
    maxQueued: opts.maxQueued,
    timeoutMs: opts.timeoutMs,
    onError: (err) => log.error({ cause: describeError(err) }, 'push job failed'),
  });
  const stats: PushStats = { sent: 0, expired: 0, failed: 0, skipped: 0, abandoned: 0 };

  /** Why `device` cannot be pushed to now, or undefined when it can. */
  function unreachable(device: PushTarget): PushSkip | undefined {
    if (!opts.enabled) return 'disabled';
    if (device.pushCallback === null) return 'noCallback';
    if (device.pushEndpointExpired) return 'expiredCallback';
    if (device.pushPublicKey === null || device.pushAuthKey === null) return 'noKeys';
    // Checked again at send time: the allow-list may have shrunk since the
    // device registered.
    if (!opts.allowList.allows(device.pushCallback)) return 'refusedCallback';
    return undefined;
  }

  function dispatch(
    uid: Buffer,
    device: PushTarget,
    event: string,
    payload: object,
    ttlSec: number,
  ): NotifyOutcome {
    const skip = unreachable(device);
    if (skip !== undefined) {
      stats.skipped += 1;
      log.debug({ event, uid: hex(uid), deviceId: hex(device.id), skip }, 'push skipped');
      return { notified: false, notifyError: skip };
    }
    const delivery: Delivery = {
      uid,
      device: device as Delivery['device'],
      event,
      body: Buffer.from(JSON.stringify(payload)),
      ttlSec,
    };
    if (!queue.offer((signal) => deliver(delivery, signal))) {
      stats.skipped += 1;
      log.warn({ event, uid: hex(uid), deviceId: hex(device.id) }, 'push dropped: queue full');
      return { notified: false, notifyError: 'queueFull' };
    }
    return { notified: true };
  }

  function toEach(
    uid: Buffer,
    devices: readonly PushTarget[],
    payload: payloads.PushPayload,
    ttl: number,
  ) {
    for (const device of devices) dispatch(uid, device, payload.command, payload, ttl);
  }

  async function deliver(d: Delivery, signal: AbortSignal): Promise<void> {
    const started = Date.now();
    const where = {
      event: d.event,
      uid: hex(d.uid),
      deviceId: hex(d.device.id),
      pushService: originOf(d.device.pushCallback),
    };
    let request: PushRequest;
    try {
      const sub = {
        endpoint: d.device.pushCallback,
        p256dh: d.device.pushPublicKey,
        auth: d.device.pushAuthKey,
      };
      request = buildRequest(sub, d.body, d.ttlSec, opts.vapid);
    } catch (err) {
      // The VAPID details were checked at start, so this is the device's
      // keys. Like FxA, treat them as an endpoint to renew: Firefox then
      // registers fresh ones.
      stats.failed += 1;
      log.warn({ ...where, cause: describeError(err) }, 'push keys unusable; marked expired');
      await markExpired(d);
      return;
    }
    let status: number;
    try {
      status = await transport.post(request, signal);
    } catch (err) {
      stats.failed += 1;
      const cause = signal.aborted ? describeError(signal.reason) : describeError(err);
      log.warn({ ...where, cause: scrub(cause, d.device.pushCallback) }, 'push failed');
      return;
    }
    const ms = Date.now() - started;
    if (status >= 200 && status <= 299) {
      stats.sent += 1;
      log.info({ ...where, status, ms }, 'push sent');
    } else if (status === 404 || status === 410) {
      stats.expired += 1;
      log.info({ ...where, status, ms }, 'push endpoint gone; marked expired');
      await markExpired(d);
    } else {
      stats.failed += 1;
      log.warn({ ...where, status, ms }, 'push refused');
    }
  }

  async function markExpired(d: Delivery): Promise<void> {
    try {
      await opts.devices.markPushEndpointExpired(d.uid, d.device.id, d.device.pushCallback);
    } catch (err) {
      log.error(
        { uid: hex(d.uid), deviceId: hex(d.device.id), cause: describeError(err) },
        'could not mark push endpoint expired',
      );
    }
  }

  return {
    notifyDevices(uid, devices, payload, ttlSec) {
      const event = (payload as { command?: unknown }).command;
      for (const device of devices) {
        dispatch(uid, device, typeof event === 'string' ? event : 'notify', payload, ttlSec);
      }
    },
    commandReceived(uid, target, command, ttlSec) {
      const payload = payloads.commandReceived(opts.authServerUrl, command);
      return dispatch(uid, target, payload.command, payload, ttlSec);
    },
    deviceConnected(uid, devices, deviceName) {
      toEach(uid, devices, payloads.deviceConnected(deviceName), payloads.TTL_S.deviceConnected);
    },
    deviceDisconnected(uid, devices, id) {
      toEach(uid, devices, payloads.deviceDisconnected(id), payloads.TTL_S.deviceDisconnected);
    },
    passwordChanged(uid, devices) {
      toEach(uid, devices, payloads.passwordChanged(), payloads.TTL_S.passwordChanged);
    },
    passwordReset(uid, devices) {
      toEach(uid, devices, payloads.passwordReset(), payloads.TTL_S.passwordReset);
    },
    accountDestroyed(uid, devices) {
      toEach(uid, devices, payloads.accountDestroyed(uid), payloads.TTL_S.accountDestroyed);
    },
    get stats() {
      return { ...stats };
    },
    drain: () => queue.drain(),
    async close() {
      const abandoned = await queue.close(opts.timeoutMs);
      stats.abandoned += abandoned;
      if (abandoned > 0) log.warn({ abandoned }, 'pushes abandoned at shutdown');
      // The totals since start, for an operator reading the last lines.
      log.info({ ...stats }, 'push stopped');
      transport.close();
    },
  };
}

/**
 * The VAPID `sub` claim: the configured contact, else publicUrl when it is
 * https, else a mailto: of the sender address. Push services accept only
 * those two schemes (RFC 8292 §2.1), so anything else stops the start.
 */
export function vapidSubject(configured: string, publicUrl: string, sender: string): string {
  const address = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(sender)?.[1] ?? sender.trim();
  const subject = configured || (publicUrl.startsWith('https:') ? publicUrl : `mailto:${address}`);
  let url: URL;
  try {
    url = new URL(subject);
  } catch {
    throw new Error(`push.vapidSubject "${subject}" is not a URL`);
  }
  if (url.protocol !== 'mailto:' && url.protocol !== 'https:') {
    throw new Error(`push.vapidSubject must be a mailto: or https: URL, not "${subject}"`);
  }
  return subject;
}

const hex = (b: Buffer) => b.toString('hex');

/**
 * The loggable part of an error: its message and Node's error code (as
 * `errorCode`: the logger redacts fields named `code`). Nothing else, since
 * an error object may carry the request it failed on.
 */
function describeError(err: unknown): Record<string, string> {
  if (!(err instanceof Error)) return { message: String(err) };
  const { code } = err as Error & { code?: unknown };
  return { message: err.message, ...(typeof code === 'string' ? { errorCode: code } : {}) };
}

/** Takes the endpoint's path out of a message, in case a library put the URL in it. */
function scrub(cause: Record<string, string>, endpoint: string): Record<string, string> {
  const path = new URL(endpoint).pathname;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(cause)) {
    out[k] = path.length > 1 ? v.split(endpoint).join('(endpoint)').split(path).join('/…') : v;
  }
  return out;
}
