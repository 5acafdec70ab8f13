// The customs commands as both the CLI and the admin socket check them: a
// refusal names what is wrong with the command, so an operator who typed a
// good address and a bad duration is not told the address is bad.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCustomsOp } from './customs-ops.js';

const ip = { kind: 'ip', value: '198.51.100.4' };
const email = { kind: 'email', value: 'alice@example.com' };

function refusal(value: unknown): string {
  const op = parseCustomsOp(value);
  assert.ok(op instanceof Error, `accepted ${JSON.stringify(value)}`);
  return op.message;
}

describe('parseCustomsOp', () => {
  it('accepts the three commands', () => {
    assert.deepEqual(parseCustomsOp({ op: 'blocks' }), { op: 'blocks' });
    assert.deepEqual(parseCustomsOp({ op: 'unblock', target: email }), {
      op: 'unblock',
      target: email,
    });
    const ban = { op: 'ban', target: ip, durationSec: 3600 };
    assert.deepEqual(parseCustomsOp(ban), ban);
  });

  it('names the address when the address is wrong', () => {
    assert.match(refusal({ op: 'unblock', target: { kind: 'ip', value: '10.0.0.0/8' } }), /IP/);
    assert.match(refusal({ op: 'unblock', target: { kind: 'email', value: 'alice' } }), /email/);
    assert.match(refusal({ op: 'unblock', target: { kind: 'host', value: 'x' } }), /"email"/);
  });

  it('names the duration when only the duration is wrong', () => {
    for (const durationSec of [0, 1.5, 400 * 86_400]) {
      for (const target of [ip, email]) {
        const message = refusal({ op: 'ban', target, durationSec });
        assert.match(message, /duration/, `${durationSec} s for ${target.kind}: ${message}`);
      }
    }
  });

  it('refuses anything else as not a customs command', () => {
    assert.match(refusal({ op: 'blocks', extra: 1 }), /not a customs command/);
    assert.match(refusal(null), /not a customs command/);
  });
});
