// The Node HTTP server under hapi, and the requests that never reach a route.
//
// Node bounds how long a client may take: `headersTimeout` for the request
// line and headers, `requestTimeout` for the whole request with its body,
// both checked every CHECK_EVERY_MS. A client that dribbles bytes
// (slowloris) is cut off when a bound passes, however steadily it sends.
// The body needs Node's bound: hapi's own payload timeout gives up reading,
// but then waits for the rest of the body before answering.
//
// `socketTimeoutMs` closes a connection idle that long while a request is
// in progress (a client that stops reading its answer). Node's own
// `server.timeout` arms it once per request; hapi's route option would arm
// it a second time on every request, a timer re-insert that showed as 4% of
// a Hawk read's profile.
//
// What Node cannot parse, or gives up on, arrives as `clientError`, which
// hapi answers with a bare "400 Bad Request". Here it gets an FxA error body
// like any other: 408 for too slow, 431 or 414 errno 113 for headers or a URL
// over maxHeaderBytes, 400 for anything malformed.
import { createServer, STATUS_CODES, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { error, type AppError } from '../errors.js';

export interface ListenerLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  socketTimeoutMs: number;
  maxHeaderBytes: number;
}

const CHECK_EVERY_MS = 1000;
// After an error answer the client has this long to read it and hang up.
const LINGER_MS = 2000;

interface ClientError extends Error {
  code?: string;
  rawPacket?: Buffer;
  bytesParsed?: number;
}

export function createListener(limits: ListenerLimits): Server {
  const server = createServer({
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    maxHeaderSize: limits.maxHeaderBytes,
    connectionsCheckingInterval: CHECK_EVERY_MS,
  });
  // 0 leaves it off. With no 'timeout' listener Node destroys the socket.
  server.timeout = limits.socketTimeoutMs;
  return server;
}

/**
 * Answers client errors with FxA bodies in place of hapi's bare 400. Call it
 * once hapi has built its server on `listener`, so hapi's handler is the one
 * replaced.
 */
/** A body other than the FxA one for a request under some path (Sync's shapes). */
export type OwnClientError = (
  path: string,
  status: number,
) => { body: string; headers: Record<string, string> } | undefined;

export function answerClientErrors(
  listener: Server,
  clock: () => number,
  own: OwnClientError = () => undefined,
): void {
  // The latest response on each connection. A request whose body is too
  // slow or broken already has one, which hapi holds while it waits for the
  // body; the answer goes through it rather than as raw bytes beside it.
  const responses = new WeakMap<Socket, ServerResponse>();
  listener.on('request', (req, res) => responses.set(req.socket, res));
  // Node reports a broken request again for every further chunk it reads.
  const answered = new WeakSet<Socket>();

  listener.removeAllListeners('clientError');
  listener.on('clientError', (err: ClientError, socket: Socket) => {
    if (answered.has(socket)) return;
    answered.add(socket);
    const res = responses.get(socket);
    const open = res !== undefined && !res.writableEnded;
    // A request whose body is still arriving is the broken one; a whole
    // request still being answered came before it on the connection.
    const broken = open && !res.req.complete ? res : undefined;
    // The client is gone, or an answer is already on its way: nothing to say.
    if (!socket.writable || err.code === 'ECONNRESET' || broken?.headersSent) {
      return void socket.destroy();
    }
    const answer = wire(rejection(err), clock, own, broken?.req.url);
    if (broken) {
      // Connection: close, so Node closes the connection once it is sent.
      // hapi, still waiting for the body, finds the headers sent when its
      // own payload timeout fires, and stands down (standDown in server.ts).
      broken.writeHead(answer.status, answer.headers).end(answer.body);
    } else if (open) {
      // Answering now would take the place of the earlier request's answer,
      // and hapi's would then fail on a finished response. So the earlier
      // request is answered first; if that is cut short, so is this.
      res.once('finish', () => sendRaw(socket, answer));
      res.once('close', () => {
        if (!res.writableFinished) socket.destroy();
      });
    } else {
      sendRaw(socket, answer);
    }
  });
}

type Answer = ReturnType<typeof wire>;

/** An answer written on the socket itself, for a request hapi never saw. */
function sendRaw(socket: Socket, { status, headers, body }: Answer): void {
  // The earlier answer on the connection may have closed it.
  if (!socket.writable) return void socket.destroy();
  const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n${head.join('')}\r\n${body}`,
  );
  // The socket stays readable, so what the client still sends is read and
  // dropped rather than resetting the connection under the answer; after
  // LINGER_MS it is closed whatever the client does.
  const linger = setTimeout(() => socket.destroy(), LINGER_MS);
  socket.once('close', () => clearTimeout(linger));
}

function rejection(err: ClientError): AppError {
  switch (err.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return error.requestTimeout();
    case 'HPE_HEADER_OVERFLOW': {
      // No line end before the overflow: the request line, so the URL, is too long.
      const parsed = err.rawPacket?.subarray(0, err.bytesParsed);
      return error.requestTooLarge(parsed?.includes('\r\n') === false ? 'url' : 'headers');
    }
    default:
      return error.malformedRequest();
  }
}

// The path is known once a request's headers were read (a body too slow).
function wire(appError: AppError, clock: () => number, own: OwnClientError, url?: string) {
  const status = appError.output.statusCode;
  const mine = url === undefined ? undefined : own(url.split('?')[0] ?? url, status);
  const body = mine?.body ?? JSON.stringify(appError.output.payload);
  const headers = mine?.headers ?? { Timestamp: String(Math.floor(clock() / 1000)) };
  return {
    status,
    body,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
      ...headers,
      'Cache-Control': 'no-cache',
      Connection: 'close',
    },
  };
}
