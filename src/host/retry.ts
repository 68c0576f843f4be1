/**
 * Bounded retry with exponential backoff and full jitter for replies to the Bot Connector. Teams
 * throttles bots (429) and has transient failures (412, 502, 504); a retry honours `Retry-After`, but
 * never waits past the budget: a turn must answer well within Teams' 15 s request limit.
 */
export interface RetryOptions {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** First backoff step; doubles each retry. */
  baseDelayMs: number;
  /** Cap on one wait. */
  maxDelayMs: number;
  /** Total time all waits together may take. */
  budgetMs: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called before each wait (for logging); status 0 is a reset connection. */
  onRetry?: (info: { attempt: number; status: number; delayMs: number }) => void;
}

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([412, 429, 502, 504]);

/** Per turn: all retry waits of one turn together stay within `budgetMs` (see RetryingCloudAdapter). */
export const DEFAULT_REPLY_RETRY: RetryOptions = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 3_000, budgetMs: 5_000 };

/** The HTTP status of a failed request, as the Azure core libraries report it. */
export function statusOf(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } };
  const candidates = [e.statusCode, e.status, e.response?.status];
  return candidates.find((c): c is number => typeof c === 'number');
}

/**
 * A connection the connector closed as we reused it (idle keep-alive): the request never got an answer
 * and is safe to send again. Reported by node as ECONNRESET/EPIPE or "socket hang up".
 */
export function isConnectionReset(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (e.code === 'ECONNRESET' || e.code === 'EPIPE') return true;
  if (typeof e.message === 'string' && /socket hang up|ECONNRESET/i.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== error && isConnectionReset(e.cause);
}

/** `Retry-After` of a failed request in ms (seconds or an HTTP date), if the server sent one. */
export function retryAfterMs(error: unknown, now: () => number = Date.now): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const headers = (error as { response?: { headers?: unknown } }).response?.headers;
  let raw: unknown;
  if (headers && typeof headers === 'object') {
    const h = headers as { get?: (name: string) => unknown } & Record<string, unknown>;
    raw = typeof h.get === 'function' ? h.get('retry-after') : (h['retry-after'] ?? h['Retry-After']);
  }
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `operation`, retrying retryable statuses within the attempt and time budget; rethrows the last error. */
export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions = DEFAULT_REPLY_RETRY): Promise<T> {
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const status = statusOf(error) ?? (isConnectionReset(error) ? 0 : undefined);
      const retryable = status !== undefined && (status === 0 || RETRYABLE_STATUSES.has(status));
      if (!retryable || attempt >= options.maxAttempts) throw error;
      const backoff = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      const jittered = Math.round(random() * backoff);
      const hinted = retryAfterMs(error);
      const delayMs = hinted !== undefined ? Math.max(hinted, jittered) : jittered;
      // A Retry-After beyond what we may still wait: give up now instead of holding the turn.
      if (delayMs > options.maxDelayMs || waited + delayMs > options.budgetMs) throw error;
      options.onRetry?.({ attempt, status, delayMs });
      await sleep(delayMs);
      waited += delayMs;
    }
  }
}
