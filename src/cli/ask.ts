/**
 * Ask the answer engine from the command line (for content owners):
 *   npm run --silent ask -- --json "vraag"   -> {"results":[{"key":"1.3","title":"...","score":0.87}, ...]}
 *   npm run --silent ask -- "vraag"          -> a readable list
 *   echo "vraag" | npm run --silent ask -- --json   -> one JSON line per input line
 */
import { createInterface } from 'node:readline';
import { loadKnowledge } from '../knowledge/load';
import { KNOWLEDGE_DIR } from '../paths';
import { type AnswerEngine, type AnswerResult, createAnswerEngine } from '../search/engine';

const LIMIT = 5;

function parseArgs(argv: readonly string[]): { json: boolean; limit: number; question: string } {
  let json = false;
  let limit = LIMIT;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--json') json = true;
    else if (arg === '--limit') limit = Math.max(1, Number.parseInt(argv[++i] ?? '', 10) || LIMIT);
    else words.push(arg);
  }
  return { json, limit, question: words.join(' ').trim() };
}

function asJson(results: readonly AnswerResult[]): string {
  return JSON.stringify({ results: results.map(({ key, title, score }) => ({ key, title, score })) });
}

function asText(question: string, engine: AnswerEngine, results: readonly AnswerResult[]): string {
  const lines = [`Vraag: ${question}`];
  if (results.length === 0) lines.push('  (geen resultaten)');
  results.forEach((r, i) => lines.push(`  ${i + 1}. ${r.key.padEnd(20)} ${r.score.toFixed(3)}  ${r.title}`));
  lines.push(engine.isConfident(results) ? '  -> zeker genoeg om als antwoord te tonen' : `  -> niet zeker (drempel ${engine.threshold}): de bot toont gokken, de intake en een contact`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { json, limit, question } = parseArgs(process.argv.slice(2));
  const engine = createAnswerEngine(loadKnowledge(KNOWLEDGE_DIR));
  const answer = (q: string) => {
    const results = engine.search(q, { limit });
    return json ? asJson(results) : asText(q, engine, results);
  };
  if (question) {
    console.log(answer(question));
    return;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim()) console.log(answer(line.trim()));
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
