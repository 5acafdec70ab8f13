// Builds the hapi server: Hawk auth, the routes, and the response pipeline
// every request passes through (FxA error bodies, the Timestamp header, one
// summary log line).
import Inert from '@hapi/inert';
import Hapi, { type Request, type ResponseToolkit, type ResponseObject } from '@hapi/hapi';
import Joi, { type ValidationError } from 'joi';
import type { Boom } from '@hapi/boom';
import type { Deps } from './deps.js';
import { keepSignedBody, registerHawk } from './auth/hawk.js';
import { routes } from './routes/index.js';
import { webRoutes } from './routes/web.js';
import { tokenserverRoutes } from './sync/tokenserver/routes.js';
import { clientIp, trustedProxies } from './routes/client-ip.js';
import { error, payloadError, translate } from './errors.js';
import { answerClientErrors, createListener } from './http/listener.js';
import { hstsOption } from './http/hsts.js';
import { registerSyncStorage } from './sync/storage/routes.js';
import { syncClientError, syncErrorShapes } from './sync/error-shapes.js';

declare module '@hapi/hapi' {
  interface RequestApplicationState {
    /** The account this request acted on, for the summary log line. */
    uid?: string;
    errno?: number;
    /** The client's address as customs sees it (see client-ip.ts). */
    clientIp?: string;
  }
  interface RouteOptionsApp {
    /** The route renders its own errors (Sync's shapes); the FxA translation leaves it alone. */
    ownErrors?: boolean;
  }
}

export const MAX_PAYLOAD_BYTES = 16 * 1024;

/** joi failures become errno 108 (a required field is absent) or 107. */
function validationFailed(_request: Request, _h: ResponseToolkit, err?: Error): never {
  const details = (err as ValidationError | undefined)?.details ?? [];
  const missing = details.find((d) => d.type === 'any.required');
  if (missing) throw error.missingParameter(missing.path.join('.'));
  const validation = (err as Boom | undefined)?.output?.payload?.validation as
    { source?: string } | undefined;
  const source = validation?.source ?? 'payload';
  throw error.invalidParameter(String(source), [...new Set(details.map((d) => d.path.join('.')))]);
}

/** Errors while reading a body, named by the stage that met them (errors.ts). */
function payloadFailed(_request: Request, _h: ResponseToolkit, err?: Error): never {
  throw payloadError(err);
}

export async function createServer(deps: Deps): Promise<Hapi.Server> {
  const { config, log } = deps;
  const { http } = config;
  const server = Hapi.server({
    host: config.listen.host,
    port: config.listen.port,
    listener: createListener(http),
    debug: false,
    routes: {
      payload: {
        maxBytes: MAX_PAYLOAD_BYTES,
        allow: 'application/json',
        // Node's requestTimeout is the same bound (http/listener.ts). Whichever
        // fires first answers; the other finds the headers sent and stands down.
        timeout: http.requestTimeoutMs || false,
        failAction: payloadFailed,
      },
      // No `timeout.socket`: the listener bounds idle sockets (http/listener.ts).
      validate: {
        failAction: validationFailed,
        // Unknown fields are ignored: current Firefox sends metricsContext
        // and other extras that a strict schema would refuse.
        options: { allowUnknown: true, abortEarly: false },
      },
      cors: {
        origin: [config.corsOrigin],
        additionalExposedHeaders: ['Timestamp', 'Accept-Language'],
      },
      // On every response, errors included (http/hsts.ts says when and which).
      security: { hsts: hstsOption(http.hsts, config.publicUrl), xframe: 'deny' },
    },
  });
  server.validator(Joi);
  // The listener may answer a request itself, through the response hapi
  // holds: a body too slow or broken (http/listener.ts). hapi must then not
  // write a second answer: that writeHead would throw outside any handler
  // and end the process. hapi runs extensions in the order they were added,
  // routes' own included, and the first to return a symbol or an error ends
  // the chain, so this one comes before all others. (The handler never runs:
  // Node closes the connection after the listener's answer, so the rest of
  // the body never arrives.)
  server.ext('onPreResponse', standDown);
  answerClientErrors(server.listener, deps.clock, syncClientError(deps.clock));
  const proxies = trustedProxies(config.customs.trustedProxies);
  server.ext('onRequest', (request, h) => {
    const forwarded = request.headers['x-forwarded-for'] as string | undefined;
    request.app.clientIp = clientIp(request.info.remoteAddress, forwarded, proxies);
    // A chunked body that passes maxBytes mid-stream makes hapi destroy the
    // socket it reads from, and the client sees a reset instead of 413. With
    // a listener on 'peek', hapi reads through a tap instead, destroys that,
    // drains the rest of the body and answers 413 errno 113.
    if (request.headers['transfer-encoding'] !== undefined) request.events.on('peek', noop);
    keepSignedBody(request);
    return h.continue;
  });
  registerHawk(server, deps);
  // inert serves the pages' hashed assets (routes/web.ts).
  await server.register(Inert);
  server.route(routes(deps));
  server.route(webRoutes(deps));
  // Registered before the onPreResponse below, so that their own, which
  // answers in the tokenserver's error shape, runs first.
  server.route(tokenserverRoutes(deps));
  registerSyncStorage(server, deps);

  const syncShape = syncErrorShapes({
    log,
    clock: deps.clock,
    storeRetryAfterSec: config.database.retryAfterSec,
  });
  server.ext('onPreResponse', (request: Request, h: ResponseToolkit) => {
    // Sync speaks its own error shapes, rendered by its routes' own onPreResponse.
    if (request.route.settings.app?.ownErrors) {
      return h.continue;
    }
    // A Sync request that hapi refused before routing it (a URL it cannot decode).
    const own = syncShape(request.path);
    if (own) return own(request, h);
    const response = request.response;
    const now = String(Math.floor(deps.clock() / 1000));
    if (!('isBoom' in response) || !response.isBoom) {
      (response as ResponseObject).header('Timestamp', now);
      return h.continue;
    }
    const appError = translate(response, { storeRetryAfterSec: config.database.retryAfterSec });
    request.app.errno = appError.errno;
    if (appError.output.statusCode >= 500) {
      log.error({ err: appError.cause ?? response, path: request.path }, 'request failed');
    }
    appError.output.headers['Timestamp'] = now;
    return appError;
  });

  // One summary line per request, and its count in the metrics. The path is
  // logged without its query, which can carry verification codes; the
  // metrics name the route template only, so their series stay bounded.
  server.events.on('response', (request: Request) => {
    // A symbol when hapi stood down: the listener's answer is the one sent.
    const response = request.response as ResponseObject | Boom | symbol | null;
    const status =
      typeof response === 'symbol'
        ? request.raw.res.statusCode
        : response && 'isBoom' in response && response.isBoom
          ? response.output.statusCode
          : (response as ResponseObject | null)?.statusCode;
    const method = request.method.toUpperCase();
    const errno = request.app.errno ?? 0;
    const ms = (request.info.responded || Date.now()) - request.info.received;
    // status is absent when the client went away before an answer.
    const sample = { method, route: request.route.path, status: status ?? 0, errno };
    deps.metrics.request({ ...sample, seconds: ms / 1000 });
    // A record no one writes is not worth building (the level may be above
    // info); the metrics count every request whatever the level.
    if (!log.isLevelEnabled('info')) return;
    const uid = request.app.uid ?? credentialUid(request);
    log.info({ method, path: request.path, status, errno, t: ms, uid }, 'request.summary');
  });

  return server;
}

function noop(): void {}

function standDown(request: Request, h: ResponseToolkit) {
  return request.raw.res.headersSent ? h.abandon : h.continue;
}

function credentialUid(request: Request): string | undefined {
  const creds = request.auth?.credentials as { account?: { uid: Buffer } } | null;
  return creds?.account?.uid.toString('hex');
}
