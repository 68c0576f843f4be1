import http from 'node:http';
import https from 'node:https';
import type { Activity, ResourceResponse } from 'botbuilder';

/**
 * What signs an outgoing request: botbuilder's credentials (`AppCredentials` sets the bearer token it
 * got from Entra ID and caches; without an app id, in local mode, they leave the request as it is).
 */
export interface RequestSigner {
  signRequest(request: { headers: { set(name: string, value: string): void } }): Promise<unknown>;
}

/** A reply the Bot Connector refused, shaped as the Azure core libraries report one (see retry.ts). */
export class BotConnectorError extends Error {
  readonly statusCode: number;
  readonly response: { status: number; headers: { get(name: string): string | undefined } };

  constructor(status: number, headers: http.IncomingHttpHeaders, code: string | undefined) {
    super(`Bot Connector answered ${status}${code ? ` (${code})` : ''}`);
    this.name = 'BotConnectorError';
    this.statusCode = status;
    this.response = { status, headers: { get: (name) => single(headers[name.toLowerCase()]) } };
  }
}

/** A request that got no answer in time; not retried (it may have been delivered). */
export const SEND_TIMEOUT_MS = 15_000;

const agents = {
  http: new http.Agent({ keepAlive: true }),
  https: new https.Agent({ keepAlive: true }),
};

/**
 * Posts the bot's messages to the Bot Connector REST API (v3): a reply, a new message in a
 * conversation, an update of a sent message. The same requests botbuilder's generated
 * `ConnectorClient` makes, as one JSON request on a keep-alive connection, without its Azure
 * pipeline (serializer mappers, tracing, logging and retry policies): that pipeline was the largest
 * part of a turn's CPU time (docs/performance.md). Retries are RetryingCloudAdapter's job; everything
 * else the bot asks of the connector (members, Teams details) still goes through botbuilder's client.
 */
export class BotConnectorSender {
  /** Where requests go, parsed once: the service URL's host, and its path (Teams': ".../emea/"). */
  private readonly target: { secure: boolean; hostname: string; port: string; basePath: string };

  constructor(
    serviceUrl: string,
    private readonly credentials: RequestSigner,
  ) {
    const base = new URL(serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`);
    if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new Error(`not an http(s) service URL: ${base.protocol}`);
    // An IPv6 host comes in brackets, which http.request's `hostname` must not have.
    this.target = { secure: base.protocol === 'https:', hostname: base.hostname.replace(/^\[(.*)\]$/, '$1'), port: base.port, basePath: base.pathname };
  }

  replyToActivity(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<ResourceResponse> {
    return this.request('POST', `v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`, activity);
  }

  sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<ResourceResponse> {
    return this.request('POST', `v3/conversations/${encodeURIComponent(conversationId)}/activities`, activity);
  }

  updateActivity(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<ResourceResponse> {
    return this.request('PUT', `v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`, activity);
  }

  private async request(method: 'POST' | 'PUT', path: string, activity: Partial<Activity>): Promise<ResourceResponse> {
    const { secure, hostname, port, basePath } = this.target;
    // A string body: Node then writes headers and body in one go (a Buffer would take a second write).
    const body = JSON.stringify(activity);
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body, 'utf8')),
      accept: 'application/json',
    };
    await this.credentials.signRequest({ headers: { set: (name, value) => (headers[name.toLowerCase()] = value) } });
    const options = { hostname, port, path: basePath + path, method, headers, timeout: SEND_TIMEOUT_MS };
    return new Promise<ResourceResponse>((resolve, reject) => {
      const onResponse = (res: http.IncomingMessage) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) reject(new BotConnectorError(status, res.headers, errorCodeOf(text)));
          else resolve(resourceResponseOf(text));
        });
      };
      const req = secure ? https.request({ ...options, agent: agents.https }, onResponse) : http.request({ ...options, agent: agents.http }, onResponse);
      req.on('timeout', () => req.destroy(new Error(`Bot Connector did not answer within ${SEND_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The `{ id }` the connector answers with; an empty or unreadable answer counts as no id. */
function resourceResponseOf(text: string): ResourceResponse {
  const parsed = text ? parseJson(text) : undefined;
  const id = parsed && typeof parsed === 'object' ? (parsed as { id?: unknown }).id : undefined;
  return { id: typeof id === 'string' ? id : '' };
}

/** The error code of the connector's error body (`{ error: { code } }`); never its message text. */
function errorCodeOf(text: string): string | undefined {
  const parsed = text ? parseJson(text) : undefined;
  const code = parsed && typeof parsed === 'object' ? (parsed as { error?: { code?: unknown } }).error?.code : undefined;
  return typeof code === 'string' ? code.slice(0, 80) : undefined;
}
