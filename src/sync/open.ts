// Opens the Sync side that lives on the server's own database: the
// tokenserver's users, the master secret its tokens derive from, and the
// lifecycle that tells Sync about account deletion and key changes.
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Driver } from '../db/sql/driver.js';
import { loadSyncSecret } from './secret.js';
import { syncLifecycle, type SyncStorageEraser } from './lifecycle.js';
import { SqlTokenserverStore } from './tokenserver/sql-store.js';
import { tokenSecrets } from './tokenserver/token.js';
import { builtInNodeUrl, syncNodeUrl, type Tokenserver } from './tokenserver/routes.js';

/**
 * The tokenserver's users (on the server's own database), its secrets, and
 * what account changes tell Sync. Deletions an earlier process left half
 * done are finished first.
 */
export async function openSync(
  config: Config,
  driver: Driver,
  eraser: SyncStorageEraser,
  log: Logger,
  clock: () => number,
) {
  const users = new SqlTokenserverStore(driver);
  const master = await loadSyncSecret({
    masterSecret: config.sync.masterSecret,
    dataDir: config.dataDir,
  });
  const builtIn = syncNodeUrl(config) === builtInNodeUrl(config.publicUrl);
  const tokenserver: Tokenserver = {
    users,
    secrets: tokenSecrets(master),
    eraser,
    ...(builtIn ? { nodeType: driver.dialect } : {}),
  };
  const lifecycle = syncLifecycle({ users, eraser, log, clock });
  try {
    const swept = await lifecycle.sweep();
    if (swept > 0)
      log.info({ accounts: swept }, 'finished deleting the Sync data of deleted accounts');
  } catch (err) {
    log.error({ err }, 'looking for Sync data of deleted accounts failed');
  }
  return { tokenserver, syncLifecycle: lifecycle, syncSecret: master };
}
