// Baseline for the authenticated reads and the tokenserver: a hapi server
// with the server options of src/server.ts and one trivial route at each
// measured path, with no auth, no database and no extensions. Each answers
// the JSON shape of the real route (GET /v1/session/status, GET
// /v1/account/devices with five devices, GET /profile/v1/profile, GET
// /token/1.0/sync/1.5), so both sides send about the same bytes.
//
// With `--floor <database URL>` every route first asks the store the least
// a read that keeps revocation immediate must ask it, through the server's
// own driver: on MySQL one `SELECT 1` round trip (there is no other way to
// learn that another process committed), on SQLite one `PRAGMA
// data_version` (readStamp(), what a remembered read pays). Its rate over
// the bare route's is the most any such read could reach.
import Hapi from '@hapi/hapi';
import { openDriver } from '../../src/db/sql/connect.js';
import { announceReady, freePort, serveRequests } from '../lib/ipc.js';
import type { ServerInfo } from '../server.js';

const floorAt = process.argv.indexOf('--floor');
const driver = floorAt === -1 ? undefined : await openDriver(process.argv[floorAt + 1] ?? '');
const check: (() => Promise<unknown> | undefined) | undefined =
  driver === undefined
    ? undefined
    : driver.dialect === 'mysql'
      ? () => driver.get('SELECT 1 AS one')
      : () => {
          if (driver.readStamp?.() === undefined) throw new Error('no read stamp');
          return undefined;
        };

/** A handler answering `body`, after the floor's one store check when there is one. */
function answer(body: unknown): () => unknown {
  if (check === undefined) return () => body;
  return () => {
    const pending = check();
    return pending === undefined ? body : pending.then(() => body);
  };
}

// The options createServer in src/server.ts passes, minus the joi failAction
// (a GET with no validation never reaches it).
const port = await freePort();
const server = Hapi.server({
  host: '127.0.0.1',
  port,
  debug: false,
  routes: {
    payload: { maxBytes: 16 * 1024, allow: 'application/json' },
    validate: { options: { allowUnknown: true, abortEarly: false } },
    cors: { origin: ['*'], additionalExposedHeaders: ['Timestamp', 'Accept-Language'] },
    security: { hsts: { maxAge: 15_552_000, includeSubDomains: true }, xframe: 'deny' },
  },
});

const UID = '0123456789abcdef0123456789abcdef';
server.route({
  method: 'GET',
  path: '/v1/session/status',
  options: { auth: false, handler: answer({ uid: UID }) },
});
// The devices the bench registers (bench/lib/requests.ts), as the real route lists them.
const DEVICES = Array.from({ length: 5 }, (_, i) => ({
  id: `${i}`.repeat(32),
  isCurrentDevice: i === 0,
  lastAccessTime: 1_700_000_000_000 + i,
  name: `bench device ${i + 1}`,
  type: i === 0 ? 'desktop' : 'mobile',
  pushCallback: null,
  pushPublicKey: null,
  pushAuthKey: null,
  pushEndpointExpired: false,
  availableCommands: { 'https://identity.mozilla.com/cmd/open-uri': 'bench-key' },
}));
server.route({
  method: 'GET',
  path: '/v1/account/devices',
  options: { auth: false, handler: answer(DEVICES) },
});
const PROFILE = {
  uid: UID,
  email: 'bench-0000000000000-0@example.com',
  locale: null,
  displayName: null,
  avatar: `http://127.0.0.1:${port}/profile/v1/avatar/default`,
  avatarDefault: true,
};
server.route({
  method: 'GET',
  path: '/profile/v1/profile',
  options: { auth: false, handler: answer(PROFILE) },
});
// A token response of the real one's size: a ~480-character id, a 44-character key.
const TOKEN = {
  id: 'e'.repeat(480),
  key: 'k'.repeat(43) + '=',
  uid: 42,
  api_endpoint: `http://127.0.0.1:${port}/sync/1.5/42`,
  duration: 3600,
  hashed_fxa_uid: '0'.repeat(32),
  hashalg: 'sha256',
  node_type: 'sqlite',
};
server.route({
  method: 'GET',
  path: '/token/1.0/sync/1.5',
  options: { auth: false, handler: answer(TOKEN) },
});
await server.start();

serveRequests({}, async () => {
  await server.stop({ timeout: 5_000 });
  await driver?.close();
});
announceReady({
  origin: server.info.uri,
  publicUrl: `http://127.0.0.1:${port}`,
  pid: process.pid,
} satisfies ServerInfo);
