// Where the server's main thread spends its time under a given load, from a
// CPU profile recorded inside the server over just the measured window (see
// bench/server.ts). The runner takes one when a target is missed, or for
// every load with --profile. Profiles are written next to the results, for
// Chrome DevTools or `npx tsx bench/profile-summary.ts`.
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createAccounts, type BenchAccount } from '../lib/requests.js';
import {
  startServer,
  type BenchContext,
  type RunningServer,
  type StoreKind,
} from '../lib/context.js';
import { formatSummary, summariseProfile, type ProfileSummary } from '../lib/cpuprofile.js';
import type { LoadResult } from '../lib/load.js';
import { sleep } from '../lib/stats.js';
import { loginLoad } from './logins.js';
import { READS, READ_NAMES, serverReads, type ReadName } from './reads.js';

/** Logins, or one of the reads of reads.ts. */
export type ProfiledLoad = 'logins' | ReadName;

export interface ProfileRun {
  load: ProfiledLoad;
  file: string;
  perSec: number;
  summary: ProfileSummary;
  text: string;
}

type Driver = (
  ctx: BenchContext,
  server: RunningServer,
  accounts: readonly BenchAccount[],
  onWindowStart: () => void,
) => Promise<LoadResult>;

const readDriver =
  (name: ReadName): Driver =>
  async (ctx, server, accounts, onWindowStart) => {
    const build = await READS[name].prepare(server, accounts);
    return (await serverReads(ctx, server, name, build, onWindowStart)).load;
  };

const DRIVERS = {
  logins: (ctx, server, accounts, onWindowStart) =>
    loginLoad(ctx, server, accounts, { onWindowStart }),
  ...Object.fromEntries(READ_NAMES.map((name) => [name, readDriver(name)])),
} as Record<ProfiledLoad, Driver>;

export async function profileLoad(
  ctx: BenchContext,
  store: StoreKind,
  load: ProfiledLoad,
  dir: string,
): Promise<ProfileRun> {
  ctx.progress(`profiling the server under ${load} (${store})`);
  mkdirSync(dir, { recursive: true });
  const file = relative(process.cwd(), join(dir, `${load}-${store}.cpuprofile`));
  const server = await startServer(ctx, store);
  try {
    const accounts = await createAccounts(
      server.origin,
      `${ctx.tag}-prof-${load}`,
      ctx.concurrency,
    );
    let recorded: Promise<unknown> | undefined;
    const result = await DRIVERS[load](ctx, server, accounts, () => {
      recorded = server.child
        .request('profileStart')
        .then(() => sleep(ctx.measureMs))
        .then(() => server.child.request('profileStop', { file }));
    });
    if (!recorded) throw new Error('the load ended before its measurement window');
    await recorded;
    const summary = summariseProfile(file);
    const text = formatSummary(summary, `${load} (${store}), ${result.okPerSec.toFixed(2)}/s`);
    return { load, file, perSec: result.okPerSec, summary, text };
  } finally {
    await server.stop();
  }
}
