// Reads a V8 .cpuprofile (written by node --cpu-prof) and says where the
// main thread's time went: self time per function and per package, and how
// much of the wall time the thread was idle. Only the JavaScript thread is
// sampled; scrypt runs on the libuv pool and shows up as idle time here.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Entry {
  name: string;
  ms: number;
  /** Share of the profile's busy (non-idle) time. */
  share: number;
}

export interface ProfileSummary {
  wallMs: number;
  /** Idle, plus the profiler's own calls. */
  idleMs: number;
  busyMs: number;
  functions: Entry[];
  packages: Entry[];
}

const IDLE = '(idle)';
const INSPECTOR = 'node:inspector';

/** Where a script lives: a package, the project's src/ or bench/, or Node itself. */
function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node: internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  const own = /\/(src|bench|test)\/(.*)$/.exec(url);
  if (own?.[1] === 'src') return `src/${(own[2] ?? '').split('/')[0] ?? ''}`;
  return own ? `${own[1]}/` : url;
}

function shortUrl(url: string): string {
  const pkg = /node_modules\/(.*)$/.exec(url);
  if (pkg?.[1]) return pkg[1];
  const own = /\/((?:src|bench|test)\/.*)$/.exec(url);
  return own?.[1] ?? url;
}

function top(totals: Map<string, number>, busyMs: number, n: number): Entry[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => ({ name, ms, share: busyMs > 0 ? ms / busyMs : 0 }));
}

const frameName = (node: ProfileNode): string => {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'}${url ? ` ${shortUrl(url)}:${lineNumber + 1}` : ''}`;
};

export function summariseProfile(file: string, n = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parentOf.set(child, node);
  }
  // A native function (a binding, a syscall wrapper) is named with the
  // nearest script that called it: "run" alone says nothing, "run <- hkdfSync" does.
  const scriptedCaller = (node: ProfileNode): ProfileNode | undefined => {
    let caller = parentOf.get(node.id);
    while (caller && !caller.callFrame.url) caller = parentOf.get(caller.id);
    return caller;
  };
  const isNative = (node: ProfileNode) =>
    !node.callFrame.url && !node.callFrame.functionName.startsWith('(');
  const nameOf = (node: ProfileNode): string => {
    const caller = isNative(node) ? scriptedCaller(node) : undefined;
    return caller ? `${frameName(node)} <- ${frameName(caller)}` : frameName(node);
  };
  // Native time counts towards the package of the script that made the call.
  const packageOfNode = (node: ProfileNode): string => {
    const owner = (isNative(node) ? scriptedCaller(node) : undefined) ?? node;
    return packageOf(owner.callFrame.url, owner.callFrame.functionName);
  };
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let idleMs = 0;
  // Sample i lasts until sample i + 1 is taken.
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i] ?? -1);
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (!node) continue;
    // The profiler's own start and stop run through node:inspector; they are
    // not the server's work.
    if (node.callFrame.functionName === IDLE || scriptedCaller(node)?.callFrame.url === INSPECTOR) {
      idleMs += ms;
      continue;
    }
    const name = nameOf(node);
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const pkg = packageOfNode(node);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
  }
  const wallMs = (profile.endTime - profile.startTime) / 1000;
  const busyMs = [...functions.values()].reduce((a, b) => a + b, 0);
  return {
    wallMs,
    idleMs,
    busyMs,
    functions: top(functions, busyMs, n),
    packages: top(packages, busyMs, n),
  };
}

export function formatSummary(s: ProfileSummary, label: string): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [
    `${label}: main thread busy ${(s.busyMs / 1000).toFixed(2)} s of ${(s.wallMs / 1000).toFixed(2)} s ` +
      `(${pct(s.busyMs / s.wallMs)}), idle or in the profiler ${pct(s.idleMs / s.wallMs)}`,
    '  by package (self time, native calls counted with their caller; share of busy):',
    ...s.packages.map(
      (e) => `    ${e.ms.toFixed(0).padStart(7)} ms  ${pct(e.share).padStart(6)}  ${e.name}`,
    ),
    '  top functions (self time):',
    ...s.functions.map(
      (e) => `    ${e.ms.toFixed(0).padStart(7)} ms  ${pct(e.share).padStart(6)}  ${e.name}`,
    ),
  ];
  return lines.join('\n');
}
