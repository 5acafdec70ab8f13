// A server killed with SIGKILL in the middle of a password change, a reset
// and device registrations leaves the account consistent once it restarts:
// exactly one password signs in, kB is the old one after a change and a new
// one after a reset, no session from before a committed change still works,
// and no device is left without its session. Each round kills the server
// at a different moment of the flight, so some rounds kill it before the
// commit and some after.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import { listDevices, registerDevice } from '../client/devices.js';
import { deriveToken, stretch } from '../client/onepw.js';
import { bytesToHex, unbundleKeys, wrapKey } from '../../src/client/index.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { freePort } from '../helpers/server.js';
import { randomEmail } from './support.js';
import { accountResetToken, isSessionLive, login } from './revocation-support.js';

const ROUNDS = 4;
// How long after the final request goes out each round's kill comes: from
// before the request is read to after its transaction has committed.
const KILL_AFTER_MS = [0, 60, 150, 400];

type Op = 'change' | 'reset';

describeEachDatabase('crash safety', (db) => {
  /** A server process on the test database, with a mail sink this test can read. */
  async function start(): Promise<{ proc: ServerProcess; sink: string }> {
    const httpPort = await freePort();
    const proc = await startServerProcess({
      databaseUrl: db().url,
      // Customs would throttle the wrong-password probes this story makes on purpose.
      config: { customs: { enabled: false }, mail: { sink: { httpPort } } },
    });
    return { proc, sink: `http://127.0.0.1:${httpPort}` };
  }

  /** The final request of a change or a reset, ready to send; the steps before it run now. */
  async function prepare(op: Op, api: Api, sink: string, email: string, from: string, to: string) {
    const next = await stretch(email, to);
    if (op === 'reset') {
      const token = await accountResetToken(api, sink, email);
      return () =>
        api.request('POST', '/v1/account/reset', {
          token: { type: 'accountResetToken', seedHex: token },
          body: { authPW: next.authPW.toString('hex') },
        });
    }
    const current = await stretch(email, from);
    const started = await api.call('POST', '/v1/password/change/start', {
      body: { email, oldAuthPW: current.authPW.toString('hex') },
    });
    const keyFetch = String(started.keyFetchToken);
    const fetched = await api.call('GET', '/v1/account/keys', {
      token: { type: 'keyFetchToken', seedHex: keyFetch },
    });
    const { bundleKey } = await deriveToken('keyFetchToken', keyFetch);
    const { wrapKb } = await unbundleKeys(String(fetched.bundle), bundleKey);
    const kB = wrapKey(wrapKb, current.unwrapBKey);
    return () =>
      api.request('POST', '/v1/password/change/finish', {
        token: { type: 'passwordChangeToken', seedHex: String(started.passwordChangeToken) },
        body: {
          authPW: next.authPW.toString('hex'),
          wrapKb: bytesToHex(wrapKey(kB, next.unwrapBKey)),
        },
      });
  }

  /** Which of the two passwords signs in now; asserts it is exactly one. */
  async function workingPassword(api: Api, email: string, passwords: [string, string]) {
    const answers = await Promise.all(
      passwords.map(async (p) => login(api, email, (await stretch(email, p)).authPW)),
    );
    const working = passwords.filter((_, i) => answers[i]?.status === 200);
    assert.equal(
      working.length,
      1,
      `exactly one password signs in: ${answers.map((a) => a.text).join(' | ')}`,
    );
    for (const a of answers) if (a.status !== 200) assert.equal(a.body.errno, 103);
    return working[0]!;
  }

  it('keeps the account consistent across SIGKILLs in the middle of changes and resets', async (t) => {
    const email = randomEmail('crash');
    let password = 'password 0';
    let { proc, sink } = await start();
    try {
      const created = await Client.create(proc.origin, email, password, {
        preVerified: true,
        keys: true,
      });
      let kB = (await created.keys()).kB;

      for (let round = 0; round < ROUNDS; round++) {
        const op: Op = round % 2 === 0 ? 'change' : 'reset';
        const api = new Api(proc.origin);
        const next = `password ${round + 1}`;
        const signedIn = await Promise.all(
          [0, 1].map(() => Client.login(proc.origin, email, password)),
        );
        const finish = await prepare(op, api, sink, email, password, next);

        // The flight: the change or reset, and two devices registering, then the kill.
        const flight = [
          finish(),
          ...signedIn.map((c, i) =>
            registerDevice(c, { name: `Device ${round}.${i}`, type: 'desktop' }),
          ),
        ].map((p) => p.catch(() => undefined));
        await new Promise((resolve) => setTimeout(resolve, KILL_AFTER_MS[round] ?? 0));
        await proc.kill();
        await Promise.all(flight);
        ({ proc, sink } = await start());

        const after = new Api(proc.origin);
        const working = await workingPassword(after, email, [password, next]);
        const fresh = await Client.login(proc.origin, email, working, { keys: true });
        const keys = await fresh.keys();
        if (working === next) {
          // It committed: kB kept by a change, replaced by a reset, and every
          // session from before it signed out.
          if (op === 'change') assert.deepEqual(keys.kB, kB, `round ${round}: a change keeps kB`);
          else assert.notDeepEqual(keys.kB, kB, `round ${round}: a reset replaces kB`);
          for (const c of signedIn) {
            assert.equal(
              await isSessionLive(after, c.sessionToken),
              false,
              `round ${round}: a session outlived the ${op}`,
            );
          }
          password = next;
          kB = keys.kB;
          t.diagnostic(`round ${round}: the ${op} committed before the kill`);
        } else {
          t.diagnostic(`round ${round}: the ${op} was cut off by the kill`);
          assert.deepEqual(keys.kB, kB, `round ${round}: an uncommitted ${op} left kB alone`);
        }
        // Every device listed is bound to a session that still exists.
        for (const device of await listDevices(fresh)) {
          assert.notEqual(
            device.lastAccessTime,
            null,
            `round ${round}: device ${String(device.name)} has no session`,
          );
        }
      }
    } finally {
      await proc.stop();
    }
  });
});
