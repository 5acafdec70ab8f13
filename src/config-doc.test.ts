import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { withConfigTable } from './config-doc.js';

it('the README documents every setting of the config schema (run npm run config-doc)', () => {
  const readme = readFileSync('README.md', 'utf8');
  assert.equal(readme, withConfigTable(readme));
});
