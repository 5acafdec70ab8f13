// The reading side of the sink: a tiny HTTP API over the store.
//   GET    /mail/<email>  -> 200, the messages to that address, oldest first
//   DELETE /mail/<email>  -> 200 {}, after forgetting them
// Everything else is 404. The address is URL-decoded and matched without case.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { MailStore } from './store.js';

const PREFIX = '/mail/';

export function createHttpServer(store: MailStore): Server {
  return createServer((req, res) => handle(store, req, res));
}

function handle(store: MailStore, req: IncomingMessage, res: ServerResponse): void {
  const address = addressOf(req.url ?? '');
  if (address === null) return send(res, 404, { error: 'Not Found' });
  switch (req.method) {
    case 'GET':
      return send(res, 200, store.list(address));
    case 'DELETE':
      store.clear(address);
      return send(res, 200, {});
    default:
      return send(res, 404, { error: 'Not Found' });
  }
}

function addressOf(url: string): string | null {
  const path = url.split('?')[0] ?? '';
  if (!path.startsWith(PREFIX) || path.length === PREFIX.length) return null;
  try {
    return decodeURIComponent(path.slice(PREFIX.length));
  } catch {
    return null;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
  });
  res.end(json);
}
