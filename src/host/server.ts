import type { AddressInfo } from 'node:net';
import restify from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { ActivityHandler } from 'botbuilder';
import type { Logger } from './logger';

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
export function createServer(options: { adapter: CloudAdapter; bot: ActivityHandler; logger: Logger; maxBodyBytes: number }): BotServer {
  const { adapter, bot, logger, maxBodyBytes } = options;
  const server = restify.createServer({ name: 'bpv-wegwijzer', handleUncaughtExceptions: false });
  let ready = false;

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
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (err) {
      logger.error({ err: { message: err instanceof Error ? err.message : String(err) } }, 'request failed');
      if (!res.headersSent) {
        res.status(500);
        res.json({ error: 'Interne fout.' });
      }
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
    default:
      return status >= 500 ? 'Interne fout.' : 'Ongeldig verzoek.';
  }
}
