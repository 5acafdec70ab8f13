// npm run admin -- <command>, or node dist/scripts/admin.js <command> in the
// image: the operator CLI (src/admin/cli.ts). Relative imports with .js
// suffixes, so the compiled file runs under plain node.
import { runAdmin } from '../src/admin/cli.js';

process.exitCode = await runAdmin(process.argv.slice(2));
