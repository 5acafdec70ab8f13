// The admin socket's protocol as a client that misbehaves sees it: a
// request must arrive whole within the deadline, however it is sent, and
// an address is read as the operator typed it even when a read splits one
// of its characters in two.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createCustoms } from '../customs/index.js';
import { createLogger } from '../log.js';
import { startAdminSocket, type AdminSocket } from './socket.js';

const log = createLogger('silent');

function connect(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends until it closes the connection, and when it did. */
function untilClosed(socket: Socket): Promise<{ text: string; at: number }> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.on('error', () => {});
    socket.on('close', () => resolve({ text, at: Date.now() }));
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('admin socket protocol', () => {
  let dir: string;
  let path: string;
  let admin: AdminSocket | undefined;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fxa-test-admin-socket-'));
    path = join(dir, 'admin.sock');
    const customs = createCustoms({ rules: [], failOpen: false, clock: Date.now, log });
    admin = await startAdminSocket(path, { customs, log });
    assert.ok(admin, 'listening');
  });
  after(async () => {
    await admin?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a character split between two writes as that character', async () => {
    const email = 'jörg@example.com';
    const line = Buffer.from(
      `${JSON.stringify({ op: 'ban', target: { kind: 'email', value: email }, durationSec: 60 })}\n`,
    );
    const split = line.indexOf(Buffer.from('ö')) + 1;
    const socket = await connect(path);
    const closed = untilClosed(socket);
    socket.write(line.subarray(0, split));
    await pause(50);
    socket.write(line.subarray(split));
    assert.deepEqual(JSON.parse((await closed).text), { ok: true });

    const listing = await connect(path);
    const listed = untilClosed(listing);
    listing.write('{"op":"blocks"}\n');
    const reply = JSON.parse((await listed).text) as { blocks: Array<{ value: string }> };
    assert.deepEqual(
      reply.blocks.map((b) => b.value),
      [email],
    );
  });

  it('closes a connection whose request never ends, even one sent a byte at a time', async () => {
    const socket = await connect(path);
    const opened = Date.now();
    const closed = untilClosed(socket);
    // Well inside any idle timeout, and never a newline.
    const trickle = setInterval(() => socket.writable && socket.write(' '), 250);
    const stopAt = setTimeout(() => socket.end(), 9000);
    try {
      const { at } = await closed;
      assert.ok(at - opened < 7000, `open for ${at - opened} ms`);
    } finally {
      clearInterval(trickle);
      clearTimeout(stopAt);
    }
  });

  it('answers an over-long request once and closes it, though the client writes on', async () => {
    const socket = await connect(path);
    const closed = untilClosed(socket);
    const flood = setInterval(() => socket.writable && socket.write('x'.repeat(8192)), 10);
    try {
      const { text } = await closed;
      assert.deepEqual(JSON.parse(text), { ok: false, error: 'too long' });
    } finally {
      clearInterval(flood);
    }
  });
});
