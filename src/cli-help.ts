// What every operator script does first: `--help`, `-h` or `help` prints
// its usage to stdout and exits 0 without reading a setting or touching a
// database. Without this, node's parseArgs refuses `--help` as an unknown
// option, and a script that takes no arguments (migrate) would carry out
// its work on the production database when only asked what it does.

/** True when the command line asks for the usage rather than for work. */
export function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const options = end === -1 ? argv : argv.slice(0, end);
  return argv[0] === 'help' || options.includes('--help') || options.includes('-h');
}
