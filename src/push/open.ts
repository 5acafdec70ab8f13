// Push as the configuration describes it: the server opens it at start, and
// the admin CLI opens the same one to tell devices what it did to their
// account (admin/sessions.ts), signed with the same VAPID key from the data
// directory, so a push service sees one sender.
import type { Config } from '../config.js';
import type { DeviceStore } from '../db/devices.js';
import type { Logger } from '../log.js';
import { createPush, loadVapidKeys, parseAllowList, vapidSubject } from './index.js';
import type { VapidKeys } from './vapid.js';
import type { Push } from './push.js';

export async function openPush(
  config: Config,
  devices: Pick<DeviceStore, 'markPushEndpointExpired'>,
  log: Logger,
): Promise<Push> {
  const keys = await loadVapidKeys({
    privateKey: config.push.vapidPrivateKey,
    dataDir: config.dataDir,
  });
  return pushWith(config, keys, devices, log);
}

/**
 * The push of a server that has run: undefined where its VAPID key is not
 * in the data directory. The CLI never makes one itself: a key file it
 * made, as another user, could leave the server unable to read its own.
 */
export async function openExistingPush(
  config: Config,
  devices: Pick<DeviceStore, 'markPushEndpointExpired'>,
  log: Logger,
): Promise<Push | undefined> {
  const keys = await loadVapidKeys({
    privateKey: config.push.vapidPrivateKey,
    dataDir: config.dataDir,
    create: false,
  });
  return keys && pushWith(config, keys, devices, log);
}

function pushWith(
  config: Config,
  keys: VapidKeys,
  devices: Pick<DeviceStore, 'markPushEndpointExpired'>,
  log: Logger,
): Push {
  const { push } = config;
  const subject = vapidSubject(push.vapidSubject, config.publicUrl, config.mail.sender);
  log.info({ enabled: push.enabled, vapidPublicKey: keys.publicKey }, 'web push ready');
  return createPush({
    enabled: push.enabled,
    allowList: parseAllowList(push.allowedEndpoints),
    vapid: { ...keys, subject },
    concurrency: push.concurrency,
    maxQueued: push.maxQueued,
    timeoutMs: push.timeoutMs,
    authServerUrl: config.discovery.authServerUrl,
    devices,
    log,
  });
}
