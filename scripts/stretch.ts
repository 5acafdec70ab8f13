// Prints the onepw values a client derives from an email and password
// (api-v1.md §3.1), so the API can be tried with curl:
//   npx tsx scripts/stretch.ts alice@example.com 'correct horse battery'
import { stretch } from '../test/client/onepw.js';

const [email, password] = process.argv.slice(2);
if (!email || password === undefined) {
  console.error('usage: npx tsx scripts/stretch.ts <email> <password>');
  process.exit(2);
}
const { authPW, unwrapBKey } = await stretch(email, password);
console.log(`authPW     ${authPW.toString('hex')}`);
console.log(`unwrapBKey ${unwrapBKey.toString('hex')}`);
