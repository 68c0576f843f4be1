/**
 * The one retry for calls to the Bot Connector (replies, card updates, proactive sends). Teams throttles
 * bots (429) and has transient failures (412, 500, 502, 503, 504, a reset connection); a retry waits with
 * exponential backoff and full jitter, honours `Retry-After`, and never waits past the turn's budget: all
 * connector calls of a turn end within `TURN_BUDGET_MS` of its arrival, well within Teams' 15 s.
 */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** First backoff step; doubles each retry. */
  baseDelayMs: number;
  /** Cap on one wait. */
  maxDelayMs: number;
  /** How long one request may take (the transport's timeout); a retry must leave room for it. */
  requestTimeoutMs: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called before each wait (for logging); status 0 is a reset connection. */
  onRetry?: (info: { attempt: number; status: number; delayMs: number }) => void;
}

/** A request to the Bot Connector that got no answer in this time is given up (not retried: it may have arrived). */
export const CONNECTOR_REQUEST_TIMEOUT_MS = 3_000;

/** All connector calls of one turn (from the request's arrival) end within this; Teams waits at most 15 s. */
export const TURN_BUDGET_MS = 10_000;

export const CONNECTOR_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 3_000,
  requestTimeoutMs: CONNECTOR_REQUEST_TIMEOUT_MS,
};

const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([412, 429, 500, 502, 503, 504]);

/** The time a turn's connector calls must end by: one per turn, shared by all its calls. */
export class TurnBudget {
  readonly deadline: number;

  constructor(
    ms = TURN_BUDGET_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.deadline = now() + ms;
  }

  get remainingMs(): number {
    return this.deadline - this.now();
  }
}

/** The HTTP status of a failed request (0: the connection was reset), if it says. */
export function statusOf(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } };
  const candidates = [e.statusCode, e.status, e.response?.status];
  return candidates.find((c): c is number => typeof c === 'number');
}

/**
 * A connection the connector closed (e.g. an idle keep-alive socket it had dropped): reported by Node as
 * ECONNRESET or EPIPE. Sent again: usually the request never arrived. (When a proxy drops the answer of
 * a request that did arrive, the client cannot tell the difference; the user then sees the reply twice.)
 */
function isConnectionReset(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (e.code === 'ECONNRESET' || e.code === 'EPIPE') return true;
  if (typeof e.message === 'string' && /socket hang up|ECONNRESET/i.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== error && isConnectionReset(e.cause);
}

/** `Retry-After` of a failed request in ms (seconds or an HTTP date), if the server sent one. */
export function retryAfterMs(error: unknown, now: () => number = Date.now): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { retryAfter?: unknown; response?: { headers?: unknown } };
  let raw: unknown = e.retryAfter;
  const headers = e.response?.headers;
  if (raw === undefined && headers && typeof headers === 'object') {
    const h = headers as { get?: (name: string) => unknown } & Record<string, unknown>;
    raw = typeof h.get === 'function' ? h.get('retry-after') : (h['retry-after'] ?? h['Retry-After']);
  }
  return parseRetryAfter(raw, now);
}

function parseRetryAfter(raw: unknown, now: () => number = Date.now): number | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `operation`, retrying retryable failures within the attempts and the budget; rethrows the last error. */
export async function withRetry<T>(
  operation: () => Promise<T>,
  budget: TurnBudget,
  policy: RetryPolicy = CONNECTOR_RETRY,
): Promise<T> {
  const random = policy.random ?? Math.random;
  const sleep = policy.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const status = statusOf(error) ?? (isConnectionReset(error) ? 0 : undefined);
      const retryable = status !== undefined && (status === 0 || RETRYABLE_STATUSES.has(status));
      if (!retryable || attempt >= policy.maxAttempts) throw error;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const jittered = Math.round(random() * backoff);
      const hinted = retryAfterMs(error);
      const delayMs = hinted !== undefined ? Math.max(hinted, jittered) : jittered;
      // A wait (Retry-After included) that would leave no time for the next request: give up now.
      if (delayMs > policy.maxDelayMs || delayMs + policy.requestTimeoutMs > budget.remainingMs) throw error;
      policy.onRetry?.({ attempt, status, delayMs });
      await sleep(delayMs);
    }
  }
}
