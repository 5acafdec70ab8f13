// npm run config-doc: rewrites the settings table in README.md from the schema.
import { readFileSync, writeFileSync } from 'node:fs';
import { withConfigTable } from '../src/config-doc.js';

const readme = readFileSync('README.md', 'utf8');
writeFileSync('README.md', withConfigTable(readme));
console.log('README.md settings table updated');
