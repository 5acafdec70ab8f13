// One push on the wire (RFC 8030): web-push builds the request, encrypting
// the payload to the device's keys (RFC 8291, aes128gcm) and signing a VAPID
// JWT for the push service's origin (RFC 8292); this module sends it. The
// sending is done here rather than by web-push's sendNotification so that
// it honours an AbortSignal (the queue's timeout and shutdown), reuses
// connections, reads at most a small answer, and never follows a redirect
// off the allow-listed host.
import http from 'node:http';
import https from 'node:https';
import webpush from 'web-push';
import type { VapidKeys } from './vapid.js';

export interface Subscription {
  endpoint: string;
  /** The device's P-256 public key and auth secret, base64url. */
  p256dh: string;
  auth: string;
}

export interface Vapid extends VapidKeys {
  /** `mailto:` or `https:` contact for the push service's operator. */
  subject: string;
}

export interface PushRequest {
  endpoint: string;
  headers: Record<string, string | number>;
  body: Buffer;
}

/** The encrypted, signed request for `payload`; throws on keys it cannot use. */
export function buildRequest(
  sub: Subscription,
  payload: Buffer,
  ttlSec: number,
  vapid: Vapid,
): PushRequest {
  const details = webpush.generateRequestDetails(
    { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
    payload,
    { TTL: ttlSec, contentEncoding: 'aes128gcm', vapidDetails: vapid },
  );
  return { endpoint: sub.endpoint, headers: details.headers, body: details.body };
}

// A push service's answer is a status and perhaps a short JSON error; any
// more is not read.
const MAX_ANSWER_BYTES = 16 * 1024;

export interface Transport {
  /** Posts the request; resolves with the status code, rejects on network errors or abort. */
  post(req: PushRequest, signal: AbortSignal): Promise<number>;
  close(): void;
}

export function createTransport(maxSockets: number): Transport {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets }),
    'https:': new https.Agent({ keepAlive: true, maxSockets }),
  };

  function post(req: PushRequest, signal: AbortSignal): Promise<number> {
    return new Promise((resolve, reject) => {
      const url = new URL(req.endpoint);
      const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
      const send = protocol === 'https:' ? https.request : http.request;
      const request = send(url, {
        method: 'POST',
        headers: req.headers,
        agent: agents[protocol],
        signal,
      });
      request.on('error', reject);
      request.on('response', (res) => {
        let seen = 0;
        res.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > MAX_ANSWER_BYTES) res.destroy();
        });
        res.on('error', () => resolve(res.statusCode ?? 0));
        res.on('close', () => resolve(res.statusCode ?? 0));
      });
      request.end(req.body);
    });
  }

  return {
    post,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
