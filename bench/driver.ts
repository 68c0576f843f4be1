import http from 'node:http';
import type { BenchConnector } from './connector';
import { activityFor, conversationSteps, type Ids, newIds, type Step } from './scenario';

/** Result of one turn as the driver saw it. */
export interface TurnSample {
  kind: Step['kind'];
  status: number;
  /** POST sent until the HTTP response was complete (CloudAdapter answers after the turn finished). */
  turnMs: number;
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
  concurrency: number;
  conversationsPerWorker: number;
  /** Only the first `stepsPerConversation` steps of each conversation (tiny runs). */
  stepsPerConversation?: number;
  /** Numbering offset so each load plays different variants. */
  offset?: number;
  /**
   * Pause after each turn (a person reading and typing). 0 = closed loop at full speed, which
   * measures capacity; a pause keeps the offered load below both targets' capacity, so latency
   * shows the work per turn rather than the queue in front of it.
   */
  thinkMs?: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** POSTs JSON and resolves with status and body once the response is complete. */
export function postJson(url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Plays one turn and measures it. */
export async function playTurn(botUrl: string, connector: BenchConnector, step: Step, ids: Ids): Promise<TurnSample & { replies: number; body: string }> {
  const payload = JSON.stringify(activityFor(step, ids, connector.url));
  const arrivals = connector.beginTurn(ids.conversationId);
  const started = performance.now();
  const res = await postJson(`${botUrl}/api/messages`, payload);
  const ended = performance.now();
  connector.endTurn(ids.conversationId);
  const invokeReply = step.kind === 'execute' && res.status === 200 && res.body.length > 0;
  const firstAt = arrivals.firstAt !== undefined ? arrivals.firstAt : invokeReply ? ended : undefined;
  return {
    kind: step.kind,
    status: res.status,
    turnMs: ended - started,
    ...(firstAt !== undefined ? { replyMs: Math.min(firstAt, ended) - started } : {}),
    replies: arrivals.calls + (invokeReply ? 1 : 0),
    body: arrivals.lastBody ?? res.body,
  };
}

/** Think time spread ±50% around the mean, so the workers do not march in step. */
function thinkTime(meanMs: number): number {
  return meanMs * (0.5 + Math.random());
}

/**
 * Closed-loop load: `concurrency` workers, each playing `conversationsPerWorker` conversations one
 * after another, each turn waiting for the previous one (as a person in a chat does, minus the
 * thinking time). Every target gets exactly the same sequence of activities.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const samples: TurnSample[] = [];
  let httpErrors = 0;
  let missingReplies = 0;
  const started = performance.now();
  const worker = async (w: number) => {
    for (let c = 0; c < options.conversationsPerWorker; c++) {
      const n = (options.offset ?? 0) + w * options.conversationsPerWorker + c;
      const ids = newIds();
      const steps = conversationSteps(n).slice(0, options.stepsPerConversation);
      for (const step of steps) {
        const sample = await playTurn(options.botUrl, options.connector, step, ids);
        if (sample.status !== 200) httpErrors += 1;
        if (sample.replies === 0) missingReplies += 1;
        samples.push({ kind: sample.kind, status: sample.status, turnMs: sample.turnMs, ...(sample.replyMs !== undefined ? { replyMs: sample.replyMs } : {}) });
        if (options.thinkMs) await new Promise((resolve) => setTimeout(resolve, thinkTime(options.thinkMs ?? 0)));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w)));
  return { turns: samples.length, wallMs: performance.now() - started, samples, httpErrors, missingReplies };
}
