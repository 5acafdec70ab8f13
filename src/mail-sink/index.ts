// A development and test mail sink: an SMTP server that keeps what it
// receives in memory, and an HTTP API to read it back. Tests point the
// mailer at smtpUrl and read mail through httpUrl (test/helpers/mailbox.ts);
// a developer can run it beside the dev server instead of a real relay.
// Production never imports this folder.
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import type { Logger } from '../log.js';
import { createHttpServer } from './http.js';
import { createSmtpServer } from './smtp.js';
import { MailStore, type StoreLimits } from './store.js';

export type { Mail } from './store.js';

export interface MailSink {
  /** e.g. smtp://127.0.0.1:2525, with the port actually bound. */
  smtpUrl: string;
  /** e.g. http://127.0.0.1:2526; GET or DELETE /mail/<email>. */
  httpUrl: string;
  close(): Promise<void>;
}

export interface MailSinkOptions {
  /** Interface to bind both servers to; loopback unless said otherwise. */
  host?: string;
  /** 0 picks a free port. */
  smtpPort: number;
  /** 0 picks a free port. */
  httpPort: number;
  log?: Logger;
  limits?: StoreLimits;
}

export async function startMailSink(opts: MailSinkOptions): Promise<MailSink> {
  const host = opts.host ?? '127.0.0.1';
  const store = new MailStore(opts.limits);
  const smtp = createSmtpServer(store, opts.log);
  const http = createHttpServer(store);

  // Without a listener, an SMTP connection error would crash the process.
  smtp.on('error', (err) => opts.log?.warn({ err }, 'mail sink SMTP error'));

  const smtpPort = await listen(
    (onListening) => smtp.listen(opts.smtpPort, host, onListening),
    () => smtp.server,
  );
  let httpPort: number;
  try {
    httpPort = await listen(
      (onListening) => http.listen(opts.httpPort, host, onListening),
      () => http,
    );
  } catch (err) {
    await closeSmtp(smtp);
    throw err;
  }

  const urlHost = host.includes(':') ? `[${host}]` : host;
  const sink: MailSink = {
    smtpUrl: `smtp://${urlHost}:${smtpPort}`,
    httpUrl: `http://${urlHost}:${httpPort}`,
    async close() {
      await Promise.all([closeSmtp(smtp), closeHttp(http)]);
    },
  };
  opts.log?.info({ smtp: sink.smtpUrl, http: sink.httpUrl }, 'mail sink listening');
  return sink;
}

/** Starts a server and resolves with the port it got, or rejects on EADDRINUSE and kin. */
function listen(
  start: (onListening: () => void) => void,
  server: () => NetServer,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    start(() => {
      const net = server();
      net.off('error', onError);
      resolve((net.address() as AddressInfo).port);
    });
    server().once('error', onError);
  });
}

function closeSmtp(smtp: ReturnType<typeof createSmtpServer>): Promise<void> {
  return new Promise((resolve) => smtp.close(() => resolve()));
}

function closeHttp(http: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    http.close(() => resolve());
    // Keep-alive connections from fetch would otherwise hold close() open.
    http.closeAllConnections();
  });
}
