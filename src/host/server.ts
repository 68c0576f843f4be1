import type { AddressInfo } from 'node:net';
import restify from 'restify';
import type { Activity, TurnContext } from 'botbuilder';
import type { RetryingCloudAdapter } from './adapter';
import { checkEnvelope, isBrokenCardInvoke } from './activityEnvelope';
import type { Logger } from './logger';

/** What the server runs for each authenticated activity. */
export interface TurnHandler {
  run(context: TurnContext): Promise<void>;
}

const BROKEN_CARD_RESPONSE = { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Deze knop kan ik niet verwerken.' };

export interface BotServer {
  server: restify.Server;
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting requests and waits for the ones in flight. */
  close(): Promise<void>;
  setReady(ready: boolean): void;
}

/**
 * restify with a body size limit, `POST /api/messages` for the Bot Connector and `GET /healthz`.
 * Error bodies are short and generic: no stack traces or library messages.
 */
export function createServer(options: { adapter: RetryingCloudAdapter; bot: TurnHandler; logger: Logger; maxBodyBytes: number }): BotServer {
  const { adapter, bot, logger, maxBodyBytes } = options;
  const server = restify.createServer({ name: 'bpv-wegwijzer', handleUncaughtExceptions: false });
  let ready = false;

  // The Bot Connector never compresses requests. restify's body reader would inflate a gzip body with no
  // error listener (one broken body ends the process) and check the size limit before inflating (a small
  // bomb exhausts memory), so anything but identity is refused before a byte of the body is read.
  server.pre((req, res, next) => {
    const encoding = req.headers['content-encoding'];
    if (encoding === undefined) return next();
    if (encoding.trim().toLowerCase() === 'identity') {
      // restify's reader knows only gzip and deflate; identity means "as is", so it is dropped here.
      delete req.headers['content-encoding'];
      return next();
    }
    res.status(415);
    res.json({ error: 'Gecomprimeerde verzoeken worden niet ondersteund.' });
    return next(false);
  });

  server.use(restify.plugins.bodyParser({ maxBodySize: maxBodyBytes, mapParams: false, mapFiles: false, rejectUnknown: true }));

  server.get('/healthz', (_req, res, next) => {
    res.status(ready ? 200 : 503);
    res.json({ status: ready ? 'ok' : 'starting' });
    next();
  });

  server.post('/api/messages', async (req, res) => {
    if (!req.is('json')) {
      res.status(415);
      res.json({ error: 'Content-Type moet application/json zijn.' });
      return;
    }
    const body: unknown = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string') {
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
    let authenticated = false;
    let status = 500;
    let answer: unknown;
    try {
      const authorization = req.headers.authorization;
      const invokeResponse = await adapter.processIncoming(typeof authorization === 'string' ? authorization : '', body as Activity, async (context) => {
        authenticated = true;
        if (isBrokenCardInvoke(context.activity)) {
          await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: BROKEN_CARD_RESPONSE } });
          return;
        }
        await bot.run(context);
      });
      status = invokeResponse?.status ?? 200;
      answer = invokeResponse?.body;
    } catch (err) {
      // Before the turn started, any failure is about the request's credentials (botbuilder's token
      // checks throw several kinds of errors): 401. Its messages never reach the client.
      if (authenticated) logger.error({ err: { message: err instanceof Error ? err.message : String(err) } }, 'request failed');
      status = authenticated ? 500 : 401;
    }
    if (res.headersSent) return;
    res.status(status);
    if (status >= 400) {
      if (status === 401) logger.warn('request refused: not authenticated');
      res.json({ error: safeMessage(status) });
    } else if (answer !== undefined && answer !== null && answer !== '') {
      res.json(answer);
    } else {
      res.end();
    }
  });

  // Replace restify's error bodies (which may carry library messages) with short, safe ones.
  server.on('restifyError', (req: restify.Request, res: restify.Response, err: { statusCode?: number; name?: string }, callback: () => void) => {
    const status = err.statusCode ?? 500;
    (err as { toJSON?: () => object }).toJSON = () => ({ error: safeMessage(status) });
    (err as { toString?: () => string }).toString = () => safeMessage(status);
    void req;
    void res;
    callback();
  });

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve) => {
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      }),
    close: () =>
      new Promise((resolve) => {
        ready = false;
        server.close(() => resolve());
      }),
    setReady: (value) => {
      ready = value;
    },
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
    default:
      return status >= 500 ? 'Interne fout.' : 'Ongeldig verzoek.';
  }
}
