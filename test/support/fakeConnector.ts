import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
  /** The id the connector gave the activity (POST). */
  id?: string;
}

/**
 * A fault for the next matching request: an error status (with headers), a delay before answering
 * (a hanging connector), or the connection reset after the request arrived (not recorded, so not
 * delivered).
 */
export interface ConnectorFault {
  status?: number;
  headers?: Record<string, string>;
  delayMs?: number;
  reset?: boolean;
  /** Deliver, but answer 200 with this body instead of `{ id }`. */
  body?: string;
  match?: (method: string, path: string) => boolean;
}

/**
 * A Bot Connector stand-in on 127.0.0.1: records every activity the bot POSTs (or PUTs) to
 * `{serviceUrl}/v3/conversations/...`, answers like the real service, and lets a test wait for replies.
 */
export class FakeConnector {
  /** Requests that were delivered (answered 200). */
  readonly calls: ConnectorCall[] = [];
  /** Every request that reached the connector, delivered or not. */
  readonly attempts: Array<{ method: string; path: string }> = [];
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private waiters: Array<() => void> = [];
  private nextId = 1;
  /** Faults for the next requests, consumed one by one; with `match`, only by requests it matches. */
  readonly failNext: ConnectorFault[] = [];
  url = '';

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.attempts.push({ method: req.method ?? '', path: req.url ?? '' });
      const index = this.failNext.findIndex((f) => !f.match || f.match(req.method ?? '', req.url ?? ''));
      const fault = index >= 0 ? this.failNext.splice(index, 1)[0] : undefined;
      const answer = () => {
        if (fault?.reset) {
          req.socket.destroy();
          return;
        }
        if (fault?.status) {
          res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
          res.end(JSON.stringify({ error: { code: 'Throttled', message: 'fake' } }));
          return;
        }
        this.deliver(req, res, Buffer.concat(chunks).toString('utf8'), fault?.body);
      };
      if (fault?.delayMs) setTimeout(answer, fault.delayMs);
      else answer();
    });
  }

  private deliver(req: http.IncomingMessage, res: http.ServerResponse, text: string, answer?: string): void {
    let body: Record<string, unknown>;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = { raw: text };
    }
    const id = `reply-${this.nextId++}`;
    this.calls.push({
      method: req.method ?? '',
      path: req.url ?? '',
      body,
      headers: req.headers,
      ...(req.method === 'POST' ? { id } : {}),
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(answer ?? JSON.stringify({ id }));
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }

  /** Activities the bot sent (POST), optionally only those after index `from`. */
  sent(from = 0): Array<Record<string, unknown>> {
    return this.calls
      .slice(from)
      .filter((c) => c.method === 'POST')
      .map((c) => c.body);
  }

  updates(from = 0): ConnectorCall[] {
    return this.calls.slice(from).filter((c) => c.method === 'PUT');
  }

  async waitFor(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the bot to reply');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
}
