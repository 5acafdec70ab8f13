// Runs the admin CLI as an operator would, `npm run admin -- <args>`
// (tsx, as the script does), in a child process whose environment holds
// the settings of the server under test: the same data directory,
// database and customs store, so the CLI finds what the server keeps.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Config } from '../../src/config.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment that gives the CLI the server's settings. */
export function serverEnv(config: Config): Record<string, string> {
  return {
    NODE_ENV: config.env,
    PUBLIC_URL: config.publicUrl,
    DATA_DIR: config.dataDir,
    DATABASE_URL: config.database.url,
    REDIS_URL: config.customs.redisUrl,
    CUSTOMS_KEY_PREFIX: config.customs.keyPrefix,
    SIGNER_KEY_FILE: config.signer.keyFile,
    OAUTH_KEY_FILE: config.oauth.keyFile,
    ADMIN_SOCKET: config.admin.socket || 'off',
    PUSH_ENABLED: String(config.push.enabled),
    PUSH_ALLOWED_ENDPOINTS: config.push.allowedEndpoints.join(','),
    PUSH_VAPID_PRIVATE_KEY: config.push.vapidPrivateKey,
  };
}

export async function adminCli(args: string[], env: Record<string, string>): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/admin.ts', ...args],
      { cwd: root, env: { ...process.env, ...env } },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Runs the CLI with --json and returns its parsed output, failing on a non-zero exit. */
export async function adminJson<T = Record<string, unknown>>(
  args: string[],
  env: Record<string, string>,
): Promise<T> {
  const outcome = await adminCli([...args, '--json'], env);
  if (outcome.code !== 0) {
    throw new Error(`admin ${args.join(' ')} exited ${outcome.code}: ${outcome.stderr}`);
  }
  return JSON.parse(outcome.stdout) as T;
}
