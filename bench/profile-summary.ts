// npx tsx bench/profile-summary.ts <file.cpuprofile>...
// Prints where each profiled process spent its main-thread time: self time
// by package and the top functions. Profiles come from `npm run bench --
// --profile`, or any `node --cpu-prof` run.
import { formatSummary, summariseProfile } from './lib/cpuprofile.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npx tsx bench/profile-summary.ts <file.cpuprofile>...');
  process.exit(2);
}
for (const file of files) console.log(formatSummary(summariseProfile(file, 20), file));
