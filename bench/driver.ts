import http from 'node:http';
import type { BenchConnector } from './connector';
import { activityFor, conversationSteps, type Ids, newIds, type Step } from './scenario';

/** Result of one turn as the driver saw it. */
interface TurnSample {
  status: number;
  /** POST sent until the first reply arrived (at the connector, or in the invoke response body). */
  replyMs?: number;
}

export interface LoadResult {
  turns: number;
  wallMs: number;
  samples: TurnSample[];
  /** Turns answered with an HTTP status other than 200. */
  httpErrors: number;
  /** Turns after which no reply arrived at all. */
  missingReplies: number;
}

export interface LoadOptions {
  botUrl: string;
  connector: BenchConnector;
  /** Conversations played at the same time, each one turn after another. */
  conversations: number;
  durationMs: number;
  /**
   * Turns per second over all conversations together (each conversation sends its next turn at its own
   * pace, or right after its last one when that took longer). Without it: closed loop, every
   * conversation sends its next turn as soon as the last one is answered (saturation).
   */
  turnsPerSecond?: number;
  /** Only the first steps of each conversation (tiny runs). */
  stepsPerConversation?: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** POSTs JSON and resolves with status and body once the response is complete. */
function postJson(url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const req = http.request(url, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Plays one turn and measures when its first reply arrived. */
async function playTurn(
  botUrl: string,
  connector: BenchConnector,
  step: Step,
  ids: Ids,
): Promise<TurnSample & { replies: number }> {
  const payload = JSON.stringify(activityFor(step, ids, connector.url));
  const arrivals = connector.beginTurn(ids.conversationId);
  const started = performance.now();
  const res = await postJson(`${botUrl}/api/messages`, payload);
  const ended = performance.now();
  connector.endTurn(ids.conversationId);
  const invokeReply = step.kind === 'execute' && res.status === 200 && res.body.length > 0;
  const firstAt = arrivals.firstAt ?? (invokeReply ? ended : undefined);
  const replies = arrivals.calls + (invokeReply ? 1 : 0);
  return {
    status: res.status,
    ...(firstAt !== undefined ? { replyMs: Math.min(firstAt, ended) - started } : {}),
    replies,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Plays conversations (bpv coordinators going through intake, advice and questions, bench/scenario.ts)
 * for `durationMs`, paced or at full speed. A conversation that has played all its steps starts over
 * as a new one. Every target gets the same sequence of activities.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const samples: TurnSample[] = [];
  let httpErrors = 0;
  let missingReplies = 0;
  const started = performance.now();
  const end = started + options.durationMs;
  const intervalMs = options.turnsPerSecond ? (options.conversations * 1000) / options.turnsPerSecond : 0;
  const worker = async (w: number) => {
    // Paced conversations start spread over one interval, so the load is even from the start.
    let nextAt = started + (intervalMs * w) / options.conversations;
    for (let n = w; performance.now() < end; n += options.conversations) {
      const ids = newIds();
      for (const step of conversationSteps(n).slice(0, options.stepsPerConversation)) {
        if (intervalMs) {
          const wait = nextAt - performance.now();
          if (wait > 0) await sleep(wait);
          nextAt = Math.max(nextAt + intervalMs, performance.now());
        }
        if (performance.now() >= end) return;
        const sample = await playTurn(options.botUrl, options.connector, step, ids);
        if (sample.status !== 200) httpErrors += 1;
        if (sample.replies === 0) missingReplies += 1;
        samples.push({ status: sample.status, ...(sample.replyMs !== undefined ? { replyMs: sample.replyMs } : {}) });
      }
    }
  };
  await Promise.all(Array.from({ length: options.conversations }, (_, w) => worker(w)));
  return { turns: samples.length, wallMs: performance.now() - started, samples, httpErrors, missingReplies };
}
