// On-CPU samples of a process from Linux perf (software cpu-clock event, so
// it works where hardware counters are not exposed), kernel included. The
// V8 profiler samples the main thread's wall time, so a thread descheduled
// inside writev shows as time spent there; perf counts only time on a CPU,
// which is what requests per CPU-second measure. JavaScript frames get
// names when the process runs with --perf-basic-prof.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sleep } from './stats.js';

// V8 also writes a log beside the map, into the working directory unless told otherwise.
export const PERF_NODE_FLAGS = [
  '--perf-basic-prof',
  '--no-logfile-per-isolate',
  `--logfile=${join(tmpdir(), 'fxa-bench-v8.log')}`,
];
const FREQUENCY = 4999;

export function perfAvailable(): boolean {
  return spawnSync('perf', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Records `pid` while `work` runs; resolves to the perf.data path. */
export async function perfRecord(pid: number, file: string, work: () => Promise<void>) {
  mkdirSync(dirname(file), { recursive: true });
  const args = ['record', '-e', 'cpu-clock', '-g', '-F', String(FREQUENCY), '-p', String(pid)];
  const recorder = spawn('perf', [...args, '-o', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  recorder.stderr.on('data', (chunk: Buffer) => (said += chunk.toString()));
  const exited = new Promise<number | null>((r) => recorder.once('exit', r));
  await sleep(300);
  // perf that could not start (no such folder, no permission) has exited by
  // now; waiting for an exit after the load would then wait for ever.
  if (recorder.exitCode !== null) throw new Error(`perf record failed: ${said.trim()}`);
  await work();
  recorder.kill('SIGINT');
  await exited;
  return file;
}

/** One on-CPU sample, reduced to what the report groups by. */
interface Sample {
  thread: string;
  /** The innermost JavaScript function on the stack, if any. */
  js?: string;
  /** Its package or own folder. */
  where: string;
  /** The sample was in the kernel. */
  kernel: boolean;
}

/** The samples of a recording, from `perf script`. */
function samples(file: string): Sample[] {
  const script = spawnSync('perf', ['script', '-i', file, '-F', 'comm,ip,sym,dso'], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const out: Sample[] = [];
  for (const block of script.stdout.split('\n\n')) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    // The first line names the thread; frames follow, innermost first.
    const thread = lines[0]!.trim().split(/\s+/)[0] ?? '?';
    const frames = lines.slice(1).map((l) => l.trim().replace(/^[0-9a-f]+\s+/, ''));
    const kernel = frames[0]?.endsWith('([kernel.kallsyms])') ?? false;
    const js = frames.find((f) => f.startsWith('JS:'));
    const sample: Sample = {
      thread,
      kernel,
      where: js ? whereOf(js) : '(native, no JS on the stack)',
    };
    if (js) sample.js = shortSymbol(js);
    out.push(sample);
  }
  return out;
}

function whereOf(frame: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/:]+)/.exec(frame);
  if (pkg?.[1]) return pkg[1];
  const own = /\/(src|bench)\/([^/:]+)/.exec(frame);
  if (own) return own[1] === 'src' ? `src/${own[2]!.replace(/\.[jt]s$/, '')}` : 'bench';
  return /node:/.test(frame) ? 'node: internals' : '(other JS)';
}

// "JS:*'name /path/node_modules/pkg/file.js:1:2 (/tmp/perf-1.map)" -> "name pkg/file.js:1"
function shortSymbol(frame: string): string {
  return frame
    .replace(/ \(\/tmp\/perf-\d+\.map\)$/, '')
    .replace(/^JS:[~*^+']*/, '')
    .replace(/ \S*node_modules\//, ' ')
    .replace(/ \S*\/(src|bench)\//, ' $1/')
    .replace(/:(\d+):\d+$/, ':$1');
}

const US_PER_SAMPLE = 1e6 / FREQUENCY;

function totals(list: Sample[], key: (s: Sample) => string | undefined, requests: number) {
  const out = new Map<string, number>();
  for (const s of list) {
    const k = key(s);
    if (k !== undefined) out.set(k, (out.get(k) ?? 0) + US_PER_SAMPLE / requests);
  }
  return out;
}

const us = (n: number | undefined) => (n === undefined ? '—' : n.toFixed(1)).padStart(7);

/**
 * Ours against the bare route in µs of CPU per request: by thread, then the
 * main thread by the package of the innermost JavaScript function (what it
 * calls into, native and kernel, counted with it), the kernel's part, and
 * the top functions.
 */
export function perfReport(files: { ours: string; bare: string }, requests: number, top = 30) {
  const ours = samples(files.ours);
  const bare = samples(files.bare);
  const lines: string[] = [];
  const table = (title: string, key: (s: Sample) => string | undefined, n: number) => {
    const o = totals(ours, key, requests);
    const b = totals(bare, key, requests);
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, x) => a + x, 0);
    lines.push(`  ${title}: µs of CPU per request (ours, bare)`);
    lines.push(`    ${us(sum(o))} ${us(sum(b))}  in all`);
    const rows = [...o.entries()].sort((a, z) => z[1] - a[1]).slice(0, n);
    for (const [name, v] of rows) lines.push(`    ${us(v)} ${us(b.get(name))}  ${name}`);
  };
  const main = (s: Sample) => s.thread === 'MainThread' || s.thread === 'node';
  table('by thread', (s) => s.thread, 8);
  table('main thread, by package', (s) => (main(s) ? s.where : undefined), 20);
  table(
    'main thread, kernel, by JS caller',
    (s) => (main(s) && s.kernel ? (s.js ?? s.where) : undefined),
    8,
  );
  table('main thread, top JS functions', (s) => (main(s) ? (s.js ?? s.where) : undefined), top);
  return lines.join('\n');
}
