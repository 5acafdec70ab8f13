// Baseline for the authenticated reads and the tokenserver: a hapi server
// with the server options of src/server.ts and one trivial route at each
// measured path, with no auth, no database and no extensions. Each answers
// the JSON shape of the real route (GET /v1/session/status, GET
// /v1/account/devices with five devices, GET /profile/v1/profile, GET
// /token/1.0/sync/1.5), so both sides send about the same bytes.
import Hapi from '@hapi/hapi';
import { announceReady, freePort, serveRequests } from '../lib/ipc.js';
import type { ServerInfo } from '../server.js';

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
  options: { auth: false, handler: () => ({ uid: UID }) },
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
  options: { auth: false, handler: () => DEVICES },
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
  options: { auth: false, handler: () => PROFILE },
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
  options: { auth: false, handler: () => TOKEN },
});
await server.start();

serveRequests({}, () => server.stop({ timeout: 5_000 }));
announceReady({
  origin: server.info.uri,
  publicUrl: `http://127.0.0.1:${port}`,
  pid: process.pid,
} satisfies ServerInfo);
