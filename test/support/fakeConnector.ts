import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
}

/**
 * A Bot Connector stand-in on 127.0.0.1: records every activity the bot POSTs (or PUTs) to
 * `{serviceUrl}/v3/conversations/...`, answers like the real service, and lets a test wait for replies.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private waiters: Array<() => void> = [];
  private nextId = 1;
  /**
   * Optional status override for the next requests (e.g. 429), consumed one by one. With `match`, an
   * entry only applies to (and is only consumed by) requests it matches.
   */
  readonly failNext: Array<{ status: number; headers?: Record<string, string>; match?: (method: string, path: string) => boolean }> = [];
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
      const index = this.failNext.findIndex((f) => !f.match || f.match(req.method ?? '', req.url ?? ''));
      const fail = index >= 0 ? this.failNext.splice(index, 1)[0] : undefined;
      if (fail) {
        res.writeHead(fail.status, { 'content-type': 'application/json', ...fail.headers });
        res.end(JSON.stringify({ error: { code: 'Throttled', message: 'fake' } }));
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        body = { raw: text };
      }
      this.calls.push({ method: req.method ?? '', path: req.url ?? '', body, headers: req.headers });
      const id = `reply-${this.nextId++}`;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id }));
      const waiters = this.waiters;
      this.waiters = [];
      waiters.forEach((w) => w());
    });
  }

  /** Activities the bot sent (POST), optionally only those after index `from`. */
  sent(from = 0): Array<Record<string, unknown>> {
    return this.calls.slice(from).filter((c) => c.method === 'POST').map((c) => c.body);
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
