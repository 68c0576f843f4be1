import {
  type CompatResponse,
  type RequestPolicy,
  type WebResourceLike,
  toHttpHeadersLike,
} from '@azure/core-http-compat';
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import type { ConnectorClientOptions } from 'botframework-connector';
import { CONNECTOR_REQUEST_TIMEOUT_MS } from './retry';

/**
 * A Bot Connector request that failed: the HTTP status (none when no answer came: then `code` says why,
 * e.g. ECONNRESET or TIMEOUT), the connector's error code, its Retry-After.
 */
class ConnectorRequestError extends Error {
  constructor(
    readonly statusCode: number | undefined,
    readonly code: string | undefined,
    readonly retryAfter: string | undefined,
  ) {
    super(
      statusCode
        ? `Bot Connector answered ${statusCode}${code ? ` (${code})` : ''}`
        : `Bot Connector gave no answer${code ? ` (${code})` : ''}`,
    );
    this.name = 'ConnectorRequestError';
  }
}

/**
 * Options for the connector clients botbuilder creates (`ConfigurationBotFrameworkAuthentication`'s
 * public `connectorClientOptions`): their HTTP transport. Each request gets a timeout well below Teams'
 * 15 s, and any failure (an HTTP error status or no answer) comes back as a `ConnectorRequestError`,
 * which the client's own retry policy does not retry (it only retries its own RestErrors): the one
 * bounded retry with the turn's budget is RetryingCloudAdapter's (retry.ts), for replies and
 * proactive sends alike. Everything else (serializing, signing, a proxy from HTTPS_PROXY) stays the
 * client's, on the Azure SDK's default HTTP client.
 */
export function connectorClientOptions(timeoutMs = CONNECTOR_REQUEST_TIMEOUT_MS): ConnectorClientOptions {
  const client = createDefaultHttpClient();
  const httpClient: RequestPolicy = {
    async sendRequest(resource: WebResourceLike): Promise<CompatResponse> {
      const request = createPipelineRequest({
        url: resource.url,
        method: resource.method,
        headers: createHttpHeaders(resource.headers.toJson({ preserveCase: true })),
        body: resource.body as string | undefined,
        timeout: timeoutMs,
        // As the client itself allows: plain http only for an http service URL (local mode, tests).
        allowInsecureConnection: resource.url.startsWith('http:'),
        ...(resource.agent ? { agent: resource.agent } : {}),
        ...(resource.proxySettings ? { proxySettings: resource.proxySettings } : {}),
      });
      let response: Awaited<ReturnType<typeof client.sendRequest>>;
      try {
        response = await client.sendRequest(request);
      } catch (err) {
        const code = (err as { code?: unknown } | undefined)?.code;
        const timedOut = err instanceof Error && err.name === 'AbortError';
        throw new ConnectorRequestError(
          undefined,
          typeof code === 'string' ? code : timedOut ? 'TIMEOUT' : undefined,
          undefined,
        );
      }
      if (response.status < 200 || response.status >= 300) {
        throw new ConnectorRequestError(
          response.status,
          errorCodeOf(response.bodyAsText),
          response.headers.get('retry-after'),
        );
      }
      // Delivered: an answer that is not JSON (a proxy's page) only means the message's id is unknown.
      const bodyAsText = response.bodyAsText && !isJson(response.bodyAsText) ? '{}' : response.bodyAsText;
      return { ...response, bodyAsText, request: resource, headers: toHttpHeadersLike(response.headers) };
    },
  };
  return { httpClient };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The error code of the connector's error body (`{ error: { code } }`); never its message text. */
function errorCodeOf(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const code = (JSON.parse(text) as { error?: { code?: unknown } } | null)?.error?.code;
    return typeof code === 'string' ? code.slice(0, 80) : undefined;
  } catch {
    return undefined;
  }
}
