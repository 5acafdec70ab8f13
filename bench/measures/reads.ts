// Item 4: authenticated reads per second, against a bare hapi route.
//
// Three reads Firefox makes all day: GET /v1/session/status and
// GET /v1/account/devices (Hawk, the latter on an account with five
// devices), and GET /profile/v1/profile with a Bearer OAuth access token.
// Each is measured against a bare route at the same path that answers the
// same JSON shape (baselines/bare-hapi.ts), with the same connections,
// window and request bytes: the bare route is sent the same Authorization
// header and ignores it. It runs in a process forked the same way, with the
// server options of src/server.ts, so the ratio is what authentication, the
// database and the server's own extensions cost.
//
// The client must sign every request to the real server (a replayed header
// could be refused), and on a small machine signing as it goes leaves the
// client short of CPU before the server is. So the Hawk reads are signed up
// front, one request each, just before their load (presigned() in
// lib/requests.ts), and the bare route gets one request built up front and
// sent every time: both clients then cost about the same per request. Each side's CPU use over the window is recorded: a side well under
// one core was still held back by the client, and requests per server
// CPU-second, the fair figure either way, is what the targets are set on.
import { forkChild } from '../lib/child.js';
import { runLoad, type BuiltRequest, type LoadResult } from '../lib/load.js';
import {
  bearerGetRequests,
  hawkGetRequests,
  presigned,
  profileTokens,
  sessionsWithDevices,
  type BenchAccount,
} from '../lib/requests.js';
import { cpuSeconds, hasProc, settle } from '../lib/rss.js';
import { fmt, ratio } from '../lib/stats.js';
import { unexpected } from './logins.js';
import type { Row } from '../lib/table.js';
import type { BenchContext, StoreKind } from '../lib/context.js';
import type { ServerInfo } from '../server.js';

export type ReadName = 'session' | 'devices' | 'profile';

interface Target {
  origin: string;
  publicUrl: string;
  child: { pid: number };
}

interface ReadSpec {
  label: string;
  /** Hawk-signed: signed up front, just before its load (see presigned()). */
  signed: boolean;
  /** What the read needs on a fresh server, and the requests that make it. */
  prepare(server: Target, accounts: readonly BenchAccount[]): Promise<() => BuiltRequest>;
}

/** Devices per account for the devices read, and how many accounts hold them. */
const DEVICES = 5;
const DEVICE_ACCOUNTS = 4;
export const PROFILE_PATH = '/profile/v1/profile';

export const READS: Record<ReadName, ReadSpec> = {
  session: {
    label: 'Hawk GET /v1/session/status',
    signed: true,
    prepare: (server, accounts) =>
      Promise.resolve(
        hawkGetRequests(
          server.publicUrl,
          '/v1/session/status',
          accounts.map((a) => a.session),
        ),
      ),
  },
  devices: {
    label: `Hawk GET /v1/account/devices (${DEVICES} devices)`,
    signed: true,
    prepare: async (server, accounts) => {
      const { origin, publicUrl } = server;
      const sessions = await sessionsWithDevices(
        origin,
        publicUrl,
        accounts,
        DEVICE_ACCOUNTS,
        DEVICES,
      );
      return hawkGetRequests(publicUrl, '/v1/account/devices', sessions);
    },
  },
  profile: {
    label: `Bearer GET ${PROFILE_PATH}`,
    signed: false,
    prepare: async (server, accounts) =>
      bearerGetRequests(
        PROFILE_PATH,
        await profileTokens(server.origin, server.publicUrl, accounts),
      ),
  },
};

export const READ_NAMES = Object.keys(READS) as ReadName[];

// Enough signed requests for the warm-up and the window at a rate well past
// what this server reaches; a faster one signs the rest as it goes. They
// are signed just before their load, well inside Hawk's 60 s of skew.
const SIGNED_PER_SECOND = 30_000;

/** The issue's targets, in requests per server CPU-second against the bare route. */
const TARGET: Record<StoreKind, number> = { sqlite: 0.5, mysql: 0.35 };

export interface ReadRun {
  load: LoadResult;
  /** CPU seconds per wall second the server used in the window (1 = one core). */
  cpuCores: number;
}

/** Closed-loop load on `target` with the read settings of ctx, and the CPU it used meanwhile. */
export async function reads(
  ctx: BenchContext,
  target: { origin: string; pid: number },
  build: () => BuiltRequest,
  onWindowStart?: () => void,
): Promise<ReadRun> {
  const proc = hasProc(target.pid);
  let cpu: { start: number; end?: number } | undefined;
  let endTimer: NodeJS.Timeout | undefined;
  const load = await runLoad({
    origin: target.origin,
    connections: ctx.readConnections,
    warmupMs: ctx.warmupMs,
    measureMs: ctx.measureMs,
    build,
    onWindowStart: () => {
      onWindowStart?.();
      if (!proc) return;
      const window: { start: number; end?: number } = { start: cpuSeconds(target.pid) };
      cpu = window;
      endTimer = setTimeout(() => {
        window.end = cpuSeconds(target.pid);
      }, ctx.measureMs);
    },
  });
  clearTimeout(endTimer);
  const cpuCores =
    cpu?.end !== undefined ? (cpu.end - cpu.start) / (ctx.measureMs / 1000) : Number.NaN;
  return { load, cpuCores };
}

/** Prepares every read on `server`; the builders also give the bare route its requests. */
export async function prepareReads(
  server: Target,
  accounts: readonly BenchAccount[],
): Promise<Record<ReadName, () => BuiltRequest>> {
  const built: Partial<Record<ReadName, () => BuiltRequest>> = {};
  for (const name of READ_NAMES) built[name] = await READS[name].prepare(server, accounts);
  await settle(server.child.pid);
  return built as Record<ReadName, () => BuiltRequest>;
}

export function serverReads(
  ctx: BenchContext,
  server: Target,
  name: ReadName,
  build: () => BuiltRequest,
  onWindowStart?: () => void,
): Promise<ReadRun> {
  const count = Math.ceil(((ctx.warmupMs + ctx.measureMs) / 1000) * SIGNED_PER_SECOND);
  const requests = READS[name].signed ? presigned(build, count) : build;
  return reads(ctx, { origin: server.origin, pid: server.child.pid }, requests, onWindowStart);
}

/**
 * Every read on the bare route, or with `floorUrl` on the floor route
 * (baselines/bare-hapi.ts): the bare route plus the one store check per
 * request that immediate revocation cannot do without.
 */
export async function bareHapiReads(
  ctx: BenchContext,
  built: Record<ReadName, () => BuiltRequest>,
  floorUrl?: string,
): Promise<Record<ReadName, ReadRun>> {
  const what = floorUrl === undefined ? 'bare hapi route' : 'floor route';
  const args = floorUrl === undefined ? [] : ['--floor', floorUrl];
  const child = await forkChild<ServerInfo>('baselines/bare-hapi.ts', args);
  try {
    const runs: Partial<Record<ReadName, ReadRun>> = {};
    for (const name of READ_NAMES) {
      ctx.progress(`${what}: ${READS[name].label} at saturation`);
      const once = built[name]();
      runs[name] = await reads(ctx, { origin: child.info.origin, pid: child.pid }, () => once);
    }
    return runs as Record<ReadName, ReadRun>;
  } finally {
    await child.stop();
  }
}

/** Requests answered per CPU-second the server used: its capacity on one core. */
const perCpuSecond = (run: ReadRun) => run.load.okPerSec / run.cpuCores;

/** The floor route against the bare one: the most a read on `store` could reach. */
export function floorRow(
  ctx: BenchContext,
  store: StoreKind,
  floor: Record<ReadName, ReadRun>,
  bare: Record<ReadName, ReadRun>,
): Row {
  const check = store === 'mysql' ? 'one SELECT 1 round trip' : 'one PRAGMA data_version';
  const each = READ_NAMES.map((name) => ratio(perCpuSecond(floor[name]), perCpuSecond(bare[name])));
  return {
    item: 4,
    measure: `Floor: the bare routes plus ${check} per request (${store})`,
    value: READ_NAMES.map((name) => `${name} ${fmt(floor[name].load.okPerSec, 0)}/s`).join(', '),
    baseline: 'bare hapi routes',
    ratio: `${READ_NAMES.map((name, i) => `${name} ${fmt(each[i] ?? Number.NaN, 3)}`).join(', ')} per CPU-s`,
    target: `reads' ceiling vs ≥ ${TARGET[store]}`,
    met: null,
    others: Math.max(...READ_NAMES.map((name) => floor[name].load.othersCores)),
    data: {
      store,
      floor: check,
      reads: Object.fromEntries(
        READ_NAMES.map((name, i) => [
          name,
          {
            floorPerSec: floor[name].load.okPerSec,
            floorCpuCores: floor[name].cpuCores,
            floorPerCpuSecond: each[i],
          },
        ]),
      ),
    },
  };
}

export function readsRow(
  ctx: BenchContext,
  store: StoreKind,
  name: ReadName,
  served: ReadRun,
  bare: ReadRun,
  floor?: ReadRun,
): Row {
  const bad = unexpected(served.load);
  const raw = ratio(served.load.okPerSec, bare.load.okPerSec);
  const perCpu = ratio(perCpuSecond(served), perCpuSecond(bare));
  const ofFloor = floor && ratio(perCpuSecond(served), perCpuSecond(floor));
  const measured = (run: ReadRun) =>
    `${fmt(run.load.okPerSec, 0)}/s at ${fmt(run.cpuCores, 2)} cores`;
  const target = TARGET[store];
  return {
    item: 4,
    measure: `${READS[name].label} req/s (${store}, ${ctx.readConnections} connections)`,
    value: `${measured(served)}${bad ? ` (${bad})` : ''}`,
    baseline: `bare hapi route ${measured(bare)}`,
    ratio: Number.isFinite(perCpu)
      ? `${fmt(perCpu, 3)} per CPU-s (raw ${fmt(raw, 3)}` +
        (ofFloor === undefined ? ')' : `; ${fmt(ofFloor, 3)} of the floor)`)
      : fmt(raw, 3),
    target: `≥ ${target} per CPU-s`,
    // Without /proc the CPU figures are missing and the raw ratio stands in.
    met: (Number.isFinite(perCpu) ? perCpu : raw) >= target,
    others: Math.max(served.load.othersCores, bare.load.othersCores),
    data: {
      store,
      read: name,
      servedPerSec: served.load.okPerSec,
      barePerSec: bare.load.okPerSec,
      serverCpuCores: served.cpuCores,
      bareCpuCores: bare.cpuCores,
      ratioPerSec: raw,
      ratioPerCpuSecond: perCpu,
      ...(floor && {
        floorPerSec: floor.load.okPerSec,
        floorCpuCores: floor.cpuCores,
        floorPerCpuSecond: ratio(perCpuSecond(floor), perCpuSecond(bare)),
        ofFloorPerCpuSecond: ofFloor,
      }),
      kinds: served.load.kinds,
      errors: served.load.errors,
    },
  };
}
