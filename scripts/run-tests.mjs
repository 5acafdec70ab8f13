// Runs every *.test.ts under src/ and test/ with node's test runner.
// Node 20's --test takes no globs, so the files are found here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { clearInterval, setInterval } from 'node:timers';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

// A test or hook that hangs (a database that stopped answering mid-suite, a
// child that never exits) fails after this long instead of holding the run
// until CI's own limit cuts it off with nothing said. The slowest test (two
// Firefox profiles syncing a bookmark) takes under 30 s; TEST_TIMEOUT_MS
// overrides the limit.
const TIMEOUT_MS = Number(process.env.TEST_TIMEOUT_MS ?? 300_000);

// A file whose tests are over but whose process stays alive (a socket or
// timer left open) would hold the run for ever. Node's --test-force-exit
// ends such files, but it also drops verdicts of files that finished
// normally (nodejs/node#64833: the reported count varied from run to run),
// so the files are watched from here instead: one that runs longer than
// this is named and killed, which the runner reports as that file failing.
// No file takes more than a few minutes; TEST_FILE_TIMEOUT_MS overrides.
const FILE_TIMEOUT_MS = Number(process.env.TEST_FILE_TIMEOUT_MS ?? 20 * 60_000);
const WATCH_EVERY_MS = Math.min(5_000, FILE_TIMEOUT_MS);
const LIMIT =
  FILE_TIMEOUT_MS >= 120_000
    ? `${Math.round(FILE_TIMEOUT_MS / 60_000)} min`
    : `${FILE_TIMEOUT_MS / 1000} s`;

const only = process.argv.slice(2);
const files = only.length > 0 ? only : [...find('src'), ...find('test')].sort();
const runner = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', `--test-timeout=${TIMEOUT_MS}`, ...files],
  { stdio: 'inherit', env: { NODE_ENV: 'test', ...process.env } },
);

/** Parent pid of every process, from /proc (Linux; elsewhere nothing is watched). */
function parents() {
  const out = new Map();
  let names = [];
  try {
    names = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name in field 2 may hold spaces and parentheses, so
      // the fields are counted from its closing parenthesis.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.set(Number(name), ppid);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}

function descendants(root, ppids) {
  const found = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift();
    for (const [child, ppid] of ppids) {
      if (ppid === pid) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** The test file a process of the runner runs: its last argument. */
function testFileOf(pid) {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const last = args.at(-1) ?? '';
    return last.endsWith('.test.ts') ? last : undefined;
  } catch {
    return undefined;
  }
}

const firstSeen = new Map();
const watch = setInterval(() => {
  const ppids = parents();
  const now = Date.now();
  // Each file runs in a process of its own, a direct child of the runner.
  for (const [pid, ppid] of ppids) {
    if (ppid !== runner.pid) continue;
    const file = testFileOf(pid);
    if (file === undefined) continue;
    const key = `${pid} ${file}`;
    if (!firstSeen.has(key)) firstSeen.set(key, now);
    if (now - firstSeen.get(key) < FILE_TIMEOUT_MS) continue;
    console.error(
      `\nrun-tests: ${file} is still running after ${LIMIT} ` +
        `(a hung test, or a socket, timer or child left open); killing it\n`,
    );
    // Its own children (a browser, a server) go first, so none is orphaned.
    for (const victim of [...descendants(pid, ppids).reverse(), pid]) {
      try {
        process.kill(victim, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    firstSeen.set(key, Infinity);
  }
}, WATCH_EVERY_MS);
watch.unref();

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => runner.kill(signal));
}
runner.on('exit', (code) => {
  clearInterval(watch);
  process.exit(code ?? 1);
});
