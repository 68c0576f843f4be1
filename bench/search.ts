/**
 * Answer-engine benchmark: `npm run bench:search`.
 *
 * Builds the engine over the shipped knowledge (31 entries) and over 1,000 and 10,000 synthetic
 * entries made from the knowledge's own words, then runs the project's question set against each and
 * prints build time and per-query latency (p50/p95/max). Goals: under 5 ms a query at the shipped
 * size, under 20 ms at 10,000. Figures are printed and compared with the shipped size in the same
 * run; nothing is asserted on absolute times (machines differ).
 */
import os from 'node:os';
import path from 'node:path';
import { loadKnowledge } from '../src/knowledge/load';
import { KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/paths';
import { createAnalyzer } from '../src/search/analyzer';
import { type AnswerEngine, corpusOf, createEngineOver } from '../src/search/engine';
import { knowledgeEntries, SEARCH_FIELDS, type SearchEntry } from '../src/search/entries';
import { readEvalSet } from '../src/search/evalSet';

const SIZES = [1_000, 10_000];
/** Each question runs this many times; its latency is the median, so a scheduler pause on a busy machine does not count as the engine's time. */
const ROUNDS = 5;

/** Small deterministic PRNG (mulberry32), so every run builds the same synthetic entries. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The shipped entries plus synthetic ones. Their words come from the knowledge (so questions match
 * many of them) mixed with made-up words from a vocabulary that grows with the index, as real text
 * collections do (a larger collection has more distinct words).
 */
function syntheticEntries(real: readonly SearchEntry[], total: number): SearchEntry[] {
  const rnd = random(42);
  const words = corpusOf(real).join(' ').split(/\s+/).filter((w) => w.length > 2);
  const syllables = ['ka', 'ver', 'lo', 'men', 'st', 'ri', 'dam', 'po', 'gel', 'un', 'tra', 'bo', 'ze', 'nie', 'ho', 'ft'];
  const madeUp = Array.from({ length: total * 5 }, () =>
    Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => syllables[Math.floor(rnd() * syllables.length)] ?? '').join(''),
  );
  const word = () => (rnd() < 0.6 ? words[Math.floor(rnd() * words.length)] : madeUp[Math.floor(rnd() * madeUp.length)]) ?? '';
  const phrase = (n: number) => Array.from({ length: n }, word).join(' ');
  const out = [...real];
  for (let i = out.length; i < total; i++) {
    out.push({
      key: `syn:${i}`,
      kind: 'option',
      title: phrase(5),
      keywords: Array.from({ length: 8 }, () => phrase(2)).join(' ; '),
      quote: phrase(12),
      summary: phrase(15),
      body: phrase(45),
      actions: Array.from({ length: 4 }, () => phrase(10)).join(' ; '),
    });
  }
  return out;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

interface Row {
  label: string;
  entries: number;
  buildMs: number;
  p50: number;
  p95: number;
  max: number;
}

function measure(label: string, build: () => AnswerEngine, questions: readonly string[]): Row {
  const started = performance.now();
  const engine = build();
  const buildMs = performance.now() - started;
  for (const q of questions) engine.search(q, { limit: 3 }); // warm up
  const runs: number[][] = questions.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    questions.forEach((q, i) => {
      const t = performance.now();
      engine.search(q, { limit: 3 });
      runs[i]?.push(performance.now() - t);
    });
  }
  const times = runs.map((r) => percentile([...r].sort((a, b) => a - b), 50)).sort((a, b) => a - b);
  return { label, entries: engine.size, buildMs, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1] ?? 0 };
}

function main(): void {
  const knowledge = loadKnowledge(KNOWLEDGE_DIR);
  const real = knowledgeEntries(knowledge);
  const questions = readEvalSet(path.join(PROJECT_ROOT, 'test', 'fixtures', 'questions.jsonl')).map((q) => q.q);
  const engineOver = (entries: readonly SearchEntry[]) => () =>
    createEngineOver(entries, createAnalyzer({ vocabulary: knowledge.vocabulary, corpus: corpusOf(entries) }));

  const rows: Row[] = [measure('shipped', engineOver(real), questions)];
  for (const size of SIZES) rows.push(measure(`synthetic ${size.toLocaleString('en')}`, engineOver(syntheticEntries(real, size)), questions));

  const base = rows[0];
  const fmt = (n: number) => n.toFixed(2).padStart(9);
  console.log(`Answer engine: ${questions.length} questions, each the median of ${ROUNDS} runs, per size; fields: ${SEARCH_FIELDS.join(', ')}`);
  // Latency depends on what else runs: show the machine's load so figures from a busy machine are read as such.
  const load = os.loadavg()[0] ?? 0;
  console.log(`Machine: ${os.cpus().length} cores, load average ${load.toFixed(1)}${load > os.cpus().length ? ' (busy: expect slower figures)' : ''}`);
  console.log(`${'index'.padEnd(18)}${'entries'.padStart(8)}${'build ms'.padStart(10)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'max ms'.padStart(9)}  p95 vs shipped`);
  for (const row of rows) {
    const ratio = base && base.p95 > 0 ? `${(row.p95 / base.p95).toFixed(1)}x` : '-';
    console.log(`${row.label.padEnd(18)}${String(row.entries).padStart(8)}${fmt(row.buildMs).slice(-10).padStart(10)}${fmt(row.p50)}${fmt(row.p95)}${fmt(row.max)}  ${ratio}`);
  }
  const shipped = rows[0];
  const largest = rows[rows.length - 1];
  console.log(`Goals: shipped p95 < 5 ms (${shipped && shipped.p95 < 5 ? 'met' : 'NOT met'}), 10,000 entries p95 < 20 ms (${largest && largest.p95 < 20 ? 'met' : 'NOT met'}).`);
}

main();
