// Bundles the pages (src/web) into dist/web with esbuild:
//
//   dist/web/assets/app-<hash>.js, app-<hash>.css   content-hashed, cached for a year
//   dist/web/index.html                             the shell every page path serves
//
// The shell carries no inline script or style, so the pages run under a CSP
// without 'unsafe-inline'; its empty data: icon spares a /favicon.ico
// request. `npm run build` runs this; the test server helper calls
// buildWebIfStale() so a fresh clone's `npm test` has pages to drive.
//
//   tsx scripts/build-web.ts            build
//   tsx scripts/build-web.ts --if-stale build only when src/web or src/client changed
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIST = join(root, 'dist/web');
// The pages, the client they bundle, and this script, which writes the shell.
const SOURCES = [join(root, 'src/web'), join(root, 'src/client'), fileURLToPath(import.meta.url)];
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
    write: false,
    logLevel: 'warning',
  });
  mkdirSync(join(WEB_DIST, 'assets'), { recursive: true });
  // Two test files may build at once, and a page may be loading meanwhile:
  // every file is written under a temporary name and renamed into place, so
  // nobody reads a half-written one (the hashed assets of both are the same).
  for (const file of result.outputFiles) replace(file.path, file.contents);
  const outputs = result.outputFiles.map((f) => basename(f.path));
  const js = outputs.find((name) => name.endsWith('.js'));
  const css = outputs.find((name) => name.endsWith('.css'));
  if (!js || !css) throw new Error('the web build made no script or no stylesheet');
  replace(SHELL, shell(`/assets/${js}`, `/assets/${css}`));
}

function replace(path: string, contents: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
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
<link rel="icon" href="data:,">
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
  if (!statSync(dir).isDirectory()) return statSync(dir).mtimeMs;
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
