// Entry point of a server run as a child process by server-process.ts: the
// config overrides come in as JSON in FXA_TEST_CONFIG, and the listening
// origin goes back to the parent over IPC.
import { loadConfig } from '../../src/config.js';
import { startApp } from '../../src/main.js';

const overrides = JSON.parse(process.env.FXA_TEST_CONFIG ?? '{}') as Record<string, unknown>;
const app = await startApp(loadConfig(overrides));
process.send?.({ origin: app.origin });
process.on('message', (message) => {
  if (message === 'stop') {
    void app.stop().then(() => process.exit(0));
  }
});
// A parent that ended without stopping us (a test that timed out, then a
// forced exit) must not leave a server holding ports and database connections.
process.on('disconnect', () => process.exit(1));
