import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What arrived at the connector for one conversation while its current turn ran. */
export interface TurnArrivals {
  /** Requests (POST new activity, PUT card update) the bot made for this conversation. */
  calls: number;
  /** performance.now() of the first one, if any. */
  firstAt?: number;
}

/**
 * A lean Bot Connector stand-in on 127.0.0.1 for the benchmark: answers the bot's
 * `POST/PUT {serviceUrl}/v3/conversations/{id}/activities...` like the real service and counts,
 * per conversation, what arrived since the driver started the conversation's current turn.
 * Unlike test/support/fakeConnector.ts it keeps no history, so memory stays flat under load.
 */
export class BenchConnector {
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private readonly turns = new Map<string, TurnArrivals>();
  private nextId = 1;
  /** Requests for conversations that had no turn running (should stay 0). */
  stray = 0;
  url = '';

  async start(): Promise<string> {
    // Like the real service, keep idle connections open well beyond a benchmark round; Node's default
    // of 5 s makes a bot that idled while the other target ran reuse a socket that is being closed.
    this.server.keepAliveTimeout = 120_000;
    this.server.headersTimeout = 121_000;
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Starts counting for a conversation's next turn (one turn at a time per conversation). */
  beginTurn(conversationId: string): TurnArrivals {
    const arrivals: TurnArrivals = { calls: 0 };
    this.turns.set(conversationId, arrivals);
    return arrivals;
  }

  endTurn(conversationId: string): void {
    this.turns.delete(conversationId);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const at = performance.now();
    req.resume();
    req.on('end', () => {
      const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
      const arrivals = match?.[1] ? this.turns.get(decodeURIComponent(match[1])) : undefined;
      if (arrivals) {
        arrivals.calls += 1;
        arrivals.firstAt ??= at;
      } else {
        this.stray += 1;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"id":"reply-${this.nextId++}"}`);
    });
  }
}
