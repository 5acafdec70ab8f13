// Baseline for the Hawk-authenticated read: a hapi server with the server
// options of src/server.ts and one trivial route at the same path, with no
// auth, no database and no extensions. It answers the same JSON shape as
// GET /v1/session/status, so both sides send the same bytes.
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
await server.start();

serveRequests({}, () => server.stop({ timeout: 5_000 }));
announceReady({
  origin: server.info.uri,
  publicUrl: `http://127.0.0.1:${port}`,
  pid: process.pid,
} satisfies ServerInfo);
