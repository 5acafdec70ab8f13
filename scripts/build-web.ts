// Bundles the pages (src/web) into dist/web with esbuild:
//
//   dist/web/assets/app-<hash>.js, app-<hash>.css   content-hashed, cached for a year
//   dist/web/index.html                             the shell every page path serves
//
// The shell carries no inline script or style, so the pages run under a CSP
// without 'unsafe-inline'. `npm run build` runs this; the test server helper
// calls buildWebIfStale() so a fresh clone's `npm test` has pages to drive.
//
//   tsx scripts/build-web.ts            build
//   tsx scripts/build-web.ts --if-stale build only when src/web or src/client changed
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIST = join(root, 'dist/web');
const SOURCES = [join(root, 'src/web'), join(root, 'src/client')];
const SHELL = join(WEB_DIST, 'index.html');

/** Bundles the pages and writes the shell last, so a half-done build is never served. */
export async function buildWeb(): Promise<void> {
  const result = await build({
    entryPoints: { app: join(root, 'src/web/main.tsx') },
    outdir: join(WEB_DIST, 'assets'),
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    bundle: true,
    format: 'esm',
    target: ['es2022'],
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
  const js = outputs.find((name) => name.endsWith('.js'));
  const css = outputs.find((name) => name.endsWith('.css'));
  if (!js || !css) throw new Error('the web build made no script or no stylesheet');
  // Two test files may build at once: each writes its own temporary file and
  // renames it into place, and the hashed assets they write are identical.
  const tmp = `${SHELL}.${process.pid}.tmp`;
  writeFileSync(tmp, shell(`/assets/${js}`, `/assets/${css}`));
  renameSync(tmp, SHELL);
}

function shell(script: string, stylesheet: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>Firefox Accounts</title>
<link rel="stylesheet" href="${stylesheet}">
<script type="module" src="${script}"></script>
</head>
<body>
<div id="app"></div>
<noscript>This page needs JavaScript.</noscript>
</body>
</html>
`;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const s = statSync(path);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(path) : s.mtimeMs);
  }
  return newest;
}

/** True when the shell is older than some source of the pages. */
export function webIsStale(): boolean {
  if (!existsSync(SHELL)) return true;
  const built = statSync(SHELL).mtimeMs;
  return SOURCES.some((dir) => newestMtime(dir) > built);
}

export async function buildWebIfStale(): Promise<boolean> {
  if (!webIsStale()) return false;
  mkdirSync(WEB_DIST, { recursive: true });
  await buildWeb();
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const built = process.argv.includes('--if-stale')
    ? await buildWebIfStale()
    : (await buildWeb(), true);
  if (built)
    console.log(`built ${relative(process.cwd(), WEB_DIST)} in ${Date.now() - started} ms`);
}
