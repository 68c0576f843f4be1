import type { Socket } from 'node:net';
import restify from 'restify';
import type { Activity, TurnContext } from 'botbuilder';
import type { BotAdapter } from './adapter';
import { checkEnvelope, isBrokenCardInvoke } from './activityEnvelope';
import { invokeResponseActivity, messageInvokeResponse } from './invokeResponse';
import type { Logger } from './logger';

/** What the server runs for each authenticated activity. */
export interface TurnHandler {
  run(context: TurnContext): Promise<void>;
}

export interface ServerOptions {
  adapter: BotAdapter;
  bot: TurnHandler;
  logger: Logger;
  maxBodyBytes: number;
  /** Open connections at once; more are closed as they come. */
  maxConnections: number;
  /** Headers, and then the body, must each arrive within this time. */
  requestTimeoutMs: number;
  /** Whether the bot can take turns now (e.g. its store takes writes); /healthz answers 503 when not. */
  healthy?: () => Promise<boolean>;
}

export interface BotServer {
  server: restify.Server;
  listen(port: number, host?: string): Promise<number>;
  setReady(ready: boolean): void;
  /** From now on /healthz answers 503 (a load balancer stops sending); requests are still served. */
  drain(): void;
  /** Stops accepting connections, lets requests in flight finish (at most `graceMs`), then closes the rest. */
  close(graceMs?: number): Promise<void>;
}

/**
 * restify with `POST /api/messages` for the Bot Connector and `GET /healthz`. Bounded: a body size
 * limit, a connection limit, and a deadline for a request's headers and for its body (slow clients
 * cannot hold sockets). Error bodies are short and generic: no stack traces or library messages,
 * and no `Server` header.
 */
export function createServer(options: ServerOptions): BotServer {
  const { adapter, bot, logger, maxBodyBytes, requestTimeoutMs } = options;
  const server = restify.createServer({ name: '', handleUncaughtExceptions: false });
  const http = server.server;
  let ready = false;
  let draining = false;

  http.maxConnections = options.maxConnections;
  // Node checks these only every 30 s; the timers below cut slow clients off on time.
  http.headersTimeout = requestTimeoutMs;
  http.requestTimeout = requestTimeoutMs;
  const waitingForHeaders = new WeakMap<Socket, NodeJS.Timeout>();
  http.on('connection', (socket: Socket) => {
    const timer = setTimeout(() => socket.destroy(), requestTimeoutMs);
    timer.unref();
    waitingForHeaders.set(socket, timer);
    socket.once('close', () => clearTimeout(timer));
  });
  http.prependListener('request', (req: { socket: Socket }) => clearTimeout(waitingForHeaders.get(req.socket)));

  // The Bot Connector never compresses requests. restify's body reader would inflate a gzip body with no
  // error listener (one broken body ends the process) and check the size limit before inflating (a small
  // bomb exhausts memory), so anything but identity is refused before a byte of the body is read.
  server.pre((req, res, next) => {
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined) {
      if (encoding.trim().toLowerCase() !== 'identity') {
        res.status(415);
        res.json({ error: 'Gecomprimeerde verzoeken worden niet ondersteund.' });
        return next(false);
      }
      // restify's reader knows only gzip and deflate; identity means "as is", so it is dropped here.
      delete req.headers['content-encoding'];
    }
    // The body must follow within the deadline too (a slow body would otherwise hold the socket for minutes).
    // Cleared once the body is read or the response sent (a GET's body is never read).
    const timer = setTimeout(() => req.destroy(), requestTimeoutMs);
    timer.unref();
    const clear = () => clearTimeout(timer);
    req.once('end', clear);
    req.once('close', clear);
    res.once('finish', clear);
    res.once('close', clear);
    return next();
  });

  server.use(
    restify.plugins.bodyParser({ maxBodySize: maxBodyBytes, mapParams: false, mapFiles: false, rejectUnknown: true }),
  );

  server.get('/healthz', async (_req, res) => {
    const status = draining
      ? 'stopping'
      : !ready
        ? 'starting'
        : (await (options.healthy?.() ?? Promise.resolve(true)))
          ? 'ok'
          : 'unavailable';
    res.status(status === 'ok' ? 200 : 503);
    res.json({ status });
  });

  server.post('/api/messages', async (req, res) => {
    if (!req.is('json')) {
      res.status(415);
      res.json({ error: 'Content-Type moet application/json zijn.' });
      return;
    }
    const body: unknown = req.body;
    if (
      !body ||
      typeof body !== 'object' ||
      Array.isArray(body) ||
      typeof (body as { type?: unknown }).type !== 'string'
    ) {
      res.status(400);
      res.json({ error: 'Geen geldige activity.' });
      return;
    }
    const envelope = checkEnvelope(body);
    if (!envelope.ok) {
      logger.warn({ field: envelope.field }, 'activity refused: incomplete envelope');
      res.status(400);
      res.json({ error: 'Geen geldige activity.' });
      return;
    }
    const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
    const outcome = await adapter.processIncoming(authorization, body as Activity, async (context) => {
      if (isBrokenCardInvoke(context.activity)) {
        const what = context.activity.name?.startsWith('composeExtension/') ? 'Deze zoekvraag' : 'Deze knop';
        await context.sendActivity(invokeResponseActivity(messageInvokeResponse(`${what} kan ik niet verwerken.`)));
        return;
      }
      await bot.run(context);
    });
    if (res.headersSent) return;
    res.status(outcome.status);
    if (outcome.status >= 400) res.json({ error: safeMessage(outcome.status) });
    else if (outcome.body !== undefined && outcome.body !== null && outcome.body !== '') res.json(outcome.body);
    else res.end();
  });

  // Replace restify's error bodies (which may carry library messages) with short, safe ones.
  server.on(
    'restifyError',
    (_req: restify.Request, _res: restify.Response, err: { statusCode?: number }, callback: () => void) => {
      const status = err.statusCode ?? 500;
      (err as { toJSON?: () => object }).toJSON = () => ({ error: safeMessage(status) });
      (err as { toString?: () => string }).toString = () => safeMessage(status);
      callback();
    },
  );

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve) => {
        server.listen(port, host, () => resolve(server.address().port));
      }),
    setReady: (value) => {
      ready = value;
    },
    drain: () => {
      draining = true;
    },
    close: (graceMs = 10_000) =>
      new Promise((resolve) => {
        draining = true;
        const force = setTimeout(() => http.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        // Keep-alive connections without a request in flight would hold the close open until they time out.
        http.closeIdleConnections();
      }),
  };
}

function safeMessage(status: number): string {
  switch (status) {
    case 400:
      return 'Ongeldig verzoek.';
    case 401:
      return 'Niet geautoriseerd.';
    case 403:
      return 'Geen toegang.';
    case 404:
      return 'Niet gevonden.';
    case 405:
      return 'Methode niet toegestaan.';
    case 413:
      return 'Verzoek te groot.';
    case 415:
      return 'Niet-ondersteund inhoudstype.';
    case 501:
      return 'Niet ondersteund.';
    case 503:
      return 'Tijdelijk niet beschikbaar; probeer het zo opnieuw.';
    default:
      return status >= 500 ? 'Interne fout.' : 'Ongeldig verzoek.';
  }
}
