// A push service for tests, standing in for Mozilla's autopush: it hands out
// subscriptions as a browser's push client would (a P-256 key pair and an
// auth secret per subscription, an endpoint URL per channel), receives the
// server's POSTs, and opens each one the way the browser would. It checks
// the VAPID signature (RFC 8292) and decrypts the aes128gcm body (RFC 8291
// on RFC 8188) with node:crypto alone, so it is a check independent of the
// web-push library the server sends with.
//
// A subscription can be told to answer with another status (410: gone) or
// to hold the request unanswered, as a hung push service would.
import {
  createECDH,
  createDecipheriv,
  createPublicKey,
  hkdfSync,
  randomBytes,
  verify,
} from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Subscription {
  /** What a device registers: its pushCallback and keys. */
  pushCallback: string;
  pushPublicKey: string;
  pushAuthKey: string;
}

export interface ReceivedPush {
  /** The decrypted payload, parsed as JSON. */
  payload: unknown;
  ttl: number;
  urgency: string | undefined;
  /** The VAPID JWT's claims, after its signature checked out. */
  vapid: { aud: string; exp: number; sub: string; publicKey: string };
  receivedAt: number;
}

type Behaviour = { status: number } | 'hang';

interface Channel {
  subscription: Subscription;
  ecdh: ReturnType<typeof createECDH>;
  auth: Buffer;
  behaviour: Behaviour;
  received: ReceivedPush[];
  held: ServerResponse[];
  failures: string[];
}

export class PushService {
  private readonly channels = new Map<string, Channel>();
  private readonly server = createServer((req, res) => void this.handle(req, res));
  origin = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A new subscription, as a browser's PushManager.subscribe() makes one. */
  subscribe(): Subscription {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    const channel = randomBytes(16).toString('hex');
    const subscription = {
      pushCallback: `${this.origin}/wpush/v2/${channel}`,
      pushPublicKey: ecdh.getPublicKey().toString('base64url'),
      pushAuthKey: auth.toString('base64url'),
    };
    this.channels.set(`/wpush/v2/${channel}`, {
      subscription,
      ecdh,
      auth,
      behaviour: { status: 201 },
      received: [],
      held: [],
      failures: [],
    });
    return subscription;
  }

  /** From now on, answer pushes to `s` with `status` (e.g. 410), or hold them. */
  answer(s: Subscription, behaviour: Behaviour): void {
    this.channel(s).behaviour = behaviour;
  }

  /** Answers every held request with 201. */
  release(): void {
    for (const channel of this.channels.values()) {
      for (const res of channel.held.splice(0)) res.writeHead(201).end();
    }
  }

  /** The pushes `s` received whose payload has this `command`, oldest first. */
  received(s: Subscription, command?: string): ReceivedPush[] {
    const channel = this.channel(s);
    if (channel.failures.length > 0) throw new Error(channel.failures.join('; '));
    return channel.received.filter((p) => command === undefined || commandOf(p) === command);
  }

  /** Requests to `s` that are being held unanswered. */
  holding(s: Subscription): number {
    return this.channel(s).held.length;
  }

  /** Waits until `s` has received `count` pushes with this `command`; returns them. */
  async waitFor(s: Subscription, command: string, count = 1): Promise<ReceivedPush[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = this.received(s, command);
      if (found.length >= count) return found;
      if (Date.now() > deadline) {
        throw new Error(`expected ${count} ${command} push(es), got ${found.length}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private channel(s: Subscription): Channel {
    const channel = this.channels.get(new URL(s.pushCallback).pathname);
    if (!channel) throw new Error('not a subscription of this push service');
    return channel;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const channel = this.channels.get(req.url ?? '');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (!channel || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    try {
      channel.received.push(this.open(channel, req, Buffer.concat(chunks)));
    } catch (err) {
      channel.failures.push(err instanceof Error ? err.message : String(err));
    }
    if (channel.behaviour === 'hang') channel.held.push(res);
    else res.writeHead(channel.behaviour.status).end();
  }

  private open(channel: Channel, req: IncomingMessage, body: Buffer): ReceivedPush {
    if (req.headers['content-encoding'] !== 'aes128gcm') {
      throw new Error(`Content-Encoding is ${req.headers['content-encoding']}`);
    }
    const ttl = Number(req.headers.ttl);
    if (!Number.isInteger(ttl) || ttl < 0) throw new Error(`TTL header is ${String(ttl)}`);
    return {
      payload: JSON.parse(decrypt(channel, body).toString('utf8')) as unknown,
      ttl,
      urgency: req.headers.urgency as string | undefined,
      vapid: checkVapid(req.headers.authorization, this.origin),
      receivedAt: Date.now(),
    };
  }
}

const commandOf = (p: ReceivedPush) => (p.payload as { command?: unknown } | null)?.command;

/**
 * RFC 8292: `Authorization: vapid t=<JWT>, k=<P-256 public key>`, the JWT
 * signed with ES256 by that key, for this push service's origin.
 */
function checkVapid(header: string | undefined, origin: string): ReceivedPush['vapid'] {
  const m = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), k=([\w-]+)$/.exec(header ?? '');
  if (!m) throw new Error(`Authorization is not VAPID: ${header}`);
  const [, head, claims, signature, k] = m as unknown as [string, string, string, string, string];
  const point = Buffer.from(k, 'base64url');
  if (point.length !== 65 || point[0] !== 0x04) throw new Error('k is no uncompressed P-256 point');
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const signed = Buffer.from(`${head}.${claims}`);
  const sig = Buffer.from(signature, 'base64url');
  if (!verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, sig)) {
    throw new Error('the VAPID signature does not verify');
  }
  const header64 = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: string };
  if (header64.alg !== 'ES256') throw new Error(`VAPID alg is ${header64.alg}`);
  const jwt = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as {
    aud: string;
    exp: number;
    sub: string;
  };
  if (jwt.aud !== origin) throw new Error(`VAPID aud is ${jwt.aud}, not ${origin}`);
  const now = Date.now() / 1000;
  if (!(jwt.exp > now && jwt.exp <= now + 24 * 3600)) throw new Error(`VAPID exp ${jwt.exp}`);
  if (!/^(mailto:|https:)/.test(jwt.sub)) throw new Error(`VAPID sub is ${jwt.sub}`);
  return { ...jwt, publicKey: k };
}

/**
 * RFC 8188 framing: salt (16) | record size (4) | key id length (1) | key id
 * (the sender's ephemeral public key, RFC 8291 §4) | one record. Keys per
 * RFC 8291 §3.4: IKM from the ECDH secret and the auth secret, then the
 * content key and nonce from IKM and the salt.
 */
function decrypt(channel: Channel, body: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20]!;
  const senderKey = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  if (idLength !== 65) throw new Error(`key id is ${idLength} bytes, not a P-256 point`);
  if (record.length > recordSize) throw new Error('the payload spans more than one record');

  const secret = channel.ecdh.computeSecret(senderKey);
  const keyInfo = Buffer.concat([
    Buffer.from('WebPush: info\0'),
    channel.ecdh.getPublicKey(),
    senderKey,
  ]);
  const ikm = Buffer.from(hkdfSync('sha256', secret, channel.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, 'Content-Encoding: aes128gcm\0', 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, 'Content-Encoding: nonce\0', 12));

  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, -16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then any zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 0x02) throw new Error('the record lacks the last-record delimiter');
  return padded.subarray(0, end);
}
