/**
 * Benchmark of understanding a message: `npm run bench:search`.
 *
 * Builds the interpreter over the shipped knowledge (the answers, the topics it does not cover, the
 * intents and commands), then runs every line of the project's evaluation set through it and prints
 * build time and per-message latency (p50/p95/max). The baseline in the same run is the bare search
 * of the answer engine on the same lines: the interpreter adds commands, small talk, advice requests,
 * the intake parser and the decision on top of it. Goal: an answer under 2 ms at p95. Figures are
 * printed, nothing is asserted on absolute times (machines differ).
 */
import os from 'node:os';
import path from 'node:path';
import { loadKnowledge } from '../src/knowledge/load';
import { KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/common/paths';
import { readEvalSet } from '../src/understanding/evalSet';
import { type Interpreter, loadInterpreter } from '../src/understanding/interpreter';
import { errorMessage } from '../src/common/errors';

/**
 * Each message runs this many times; its latency is the median, so a scheduler pause on a busy machine does not count.
 */
const ROUNDS = 7;
const GOAL_P95_MS = 2;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

interface Row {
  label: string;
  p50: number;
  p95: number;
  max: number;
}

function measure(label: string, run: (text: string) => unknown, messages: readonly string[]): Row {
  for (const m of messages) run(m); // warm up
  const runs: number[][] = messages.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    messages.forEach((m, i) => {
      const t = performance.now();
      run(m);
      runs[i]?.push(performance.now() - t);
    });
  }
  const times = runs
    .map((r) =>
      percentile(
        [...r].sort((a, b) => a - b),
        50,
      ),
    )
    .sort((a, b) => a - b);
  return { label, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1] ?? 0 };
}

async function main(): Promise<void> {
  const knowledge = loadKnowledge(KNOWLEDGE_DIR);
  const messages = readEvalSet(path.join(PROJECT_ROOT, 'test', 'fixtures', 'questions.jsonl')).map((l) => l.q);
  const started = performance.now();
  const interpreter: Interpreter = await loadInterpreter(knowledge);
  const buildMs = performance.now() - started;

  const rows = [
    measure('search (baseline)', (m) => interpreter.engine.search(m, { limit: 5 }), messages),
    measure('interpret', (m) => interpreter.interpret(m), messages),
  ];
  const fmt = (n: number) => n.toFixed(3).padStart(9);
  const load = os.loadavg()[0] ?? 0;
  console.log(
    `Understanding a message: ${messages.length} messages of the project set, each the median of ${ROUNDS} runs; ${interpreter.engine.size} entries.`,
  );
  console.log(
    `Machine: ${os.cpus().length} cores, load average ${load.toFixed(1)}${load > os.cpus().length ? ' (busy: expect slower figures)' : ''}; build (stemmer and index) ${buildMs.toFixed(0)} ms`,
  );
  console.log(
    `${'what'.padEnd(20)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'max ms'.padStart(9)}  p95 vs baseline`,
  );
  const base = rows[0];
  for (const row of rows) {
    const ratio = base && base.p95 > 0 ? `${(row.p95 / base.p95).toFixed(1)}x` : '-';
    console.log(`${row.label.padEnd(20)}${fmt(row.p50)}${fmt(row.p95)}${fmt(row.max)}  ${ratio}`);
  }
  const p95 = rows[1]?.p95 ?? Infinity;
  console.log(`Goal: an answer under ${GOAL_P95_MS} ms at p95 (${p95 < GOAL_P95_MS ? 'met' : 'NOT met'}).`);
}

main().catch((err: unknown) => {
  console.error(errorMessage(err));
  process.exitCode = 1;
});
