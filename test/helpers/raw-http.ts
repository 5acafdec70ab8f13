// Requests written byte by byte on a raw connection, for what no HTTP client
// sends: requests too slow, malformed, pipelined, or cut off part way.
import { connect } from 'node:net';
import type { ApiResponse } from '../client/api.js';

export interface Exchange extends ApiResponse {
  /** From the first byte sent until the server closed the connection. */
  elapsedMs: number;
}

/**
 * Sends `start` on a raw connection, then `drip` one byte every 100 ms, and
 * resolves with the server's answer once it closes the connection.
 */
export function exchange(origin: string, start: string | Buffer, drip = ''): Promise<Exchange> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const began = Date.now();
    let sent = 0;
    const dripping = setInterval(() => {
      if (sent < drip.length && socket.writable) socket.write(drip[sent++] ?? '');
    }, 100);
    const giveUp = setTimeout(
      () => socket.destroy(new Error('the server held the connection')),
      30_000,
    );
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (err) => {
      clearInterval(dripping);
      clearTimeout(giveUp);
      reject(err);
    });
    socket.on('close', () => {
      clearInterval(dripping);
      clearTimeout(giveUp);
      resolve(parseResponse(Buffer.concat(chunks).toString('utf8'), Date.now() - began));
    });
    socket.write(start);
  });
}

/**
 * Sends each step on one raw connection, a step being bytes to send, a pause
 * in ms, or 'answer' to wait for the first bytes back; then ends its side and
 * resolves with all the server sent once the connection is closed.
 */
export function scripted(origin: string, steps: (string | number)[]): Promise<string> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    // Half-open: it goes on sending after the server's answer, as a client
    // whose bytes were already on their way would.
    const socket = connect({ port: Number(port), host: hostname, allowHalfOpen: true });
    const chunks: Buffer[] = [];
    let answered: () => void = () => {};
    const firstAnswer = new Promise<void>((done) => (answered = done));
    const giveUp = setTimeout(
      () => socket.destroy(new Error('the server held the connection')),
      30_000,
    );
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      answered();
    });
    socket.on('error', (err) => {
      clearTimeout(giveUp);
      reject(err);
    });
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    void (async () => {
      for (const step of steps) {
        if (step === 'answer') await firstAnswer;
        else if (typeof step === 'number') await new Promise((r) => setTimeout(r, step));
        else if (socket.writable) socket.write(step);
      }
      socket.end();
    })();
  });
}

/** Splits what came back on one connection into its responses, by Content-Length. */
export function parseResponses(raw: string): Exchange[] {
  const found: Exchange[] = [];
  let rest = raw;
  while (rest.length > 0) {
    const headEnd = rest.indexOf('\r\n\r\n');
    if (headEnd < 0) break;
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(rest.slice(0, headEnd))?.[1] ?? 0);
    const end = headEnd + 4 + length;
    found.push(parseResponse(rest.slice(0, end), 0));
    rest = rest.slice(end);
  }
  return found;
}

export function parseResponse(raw: string, elapsedMs: number): Exchange {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = new Headers();
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const text = rest.join('\r\n\r\n');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Left undefined: assertFxaError then reports what came back instead.
  }
  const body =
    typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : {};
  return { status: Number(statusLine.split(' ')[1]), headers, body, json, text, elapsedMs };
}
