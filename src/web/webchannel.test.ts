// The WebChannel bridge against a stand-in window: what it dispatches is
// what Firefox accepts (a string detail with a messageId), each answer
// settles only its own request, and silence, errors and a refused channel
// each end a request the way the pages expect.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

interface Sent {
  id: string;
  message: { command: string; data: unknown; messageId: string };
}

const sent: Sent[] = [];
let bridge: typeof import('./webchannel.js');

/** Firefox's side: answers the last message (or a given one) with `message`. */
function answer(message: Record<string, unknown>, id = 'account_updates'): void {
  window.dispatchEvent(new CustomEvent('WebChannelMessageToContent', { detail: { id, message } }));
}

before(async () => {
  const target = new EventTarget();
  (globalThis as { window?: unknown }).window = target;
  target.addEventListener('WebChannelMessageToChrome', (event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    assert.equal(typeof detail, 'string', 'Firefox takes string details only');
    sent.push(JSON.parse(detail as string) as Sent);
  });
  bridge = await import('./webchannel.js');
});

describe('the WebChannel bridge', () => {
  it('sends a command as a JSON string and settles it by messageId', async () => {
    const first = bridge.send('fxaccounts:fxa_status', { service: 'sync' });
    const second = bridge.send('fxaccounts:can_link_account', { email: 'a@b.test' });
    const [a, b] = sent.slice(-2) as [Sent, Sent];
    assert.equal(a.id, 'account_updates');
    assert.deepEqual(a.message.data, { service: 'sync' });
    assert.notEqual(a.message.messageId, b.message.messageId);
    // Answered out of order, and with a stray answer for another channel.
    answer({ command: 'x', messageId: b.message.messageId, data: { ok: true } }, 'other');
    answer({ command: b.message.command, messageId: b.message.messageId, data: { ok: true } });
    answer({ command: a.message.command, messageId: a.message.messageId, data: { engines: [] } });
    assert.deepEqual(await second, { ok: true });
    assert.deepEqual(await first, { engines: [] });
  });

  it('rejects with WebChannelError when Firefox answers with an error', async () => {
    const pending = bridge.send('fxaccounts:oauth_flow_begin', {});
    const { messageId, command } = sent.at(-1)!.message;
    answer({ command, messageId, data: { error: { message: 'INVALID_SCOPES' } } });
    await assert.rejects(pending, (err: unknown) => {
      assert.ok(err instanceof bridge.WebChannelError);
      assert.equal(err.message, 'INVALID_SCOPES');
      assert.equal(err.command, 'fxaccounts:oauth_flow_begin');
      return true;
    });
  });

  it('rejects every waiting request when the channel itself is refused', async () => {
    const pending = bridge.send('fxaccounts:fxa_status', {});
    answer({ errno: 2, error: 'No Such Channel' });
    await assert.rejects(pending, bridge.WebChannelError);
  });

  it('gives up with WebChannelTimeout when nobody answers', async () => {
    const started = Date.now();
    await assert.rejects(bridge.send('fxaccounts:fxa_status', {}, { timeoutMs: 50 }), (err) => {
      assert.ok(err instanceof bridge.WebChannelTimeout);
      return true;
    });
    assert.ok(Date.now() - started >= 45);
    // A late answer to the abandoned request is ignored.
    const { messageId, command } = sent.at(-1)!.message;
    answer({ command, messageId, data: {} });
  });
});
