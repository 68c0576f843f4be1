/**
 * Ask the interpreter from the command line (for content owners):
 *   npm run --silent ask -- --json "vraag"   ->
 * {"intent":"question","confident":true,"results":[{"key":"1.3","title":"...","score":0.87}, ...]}
 *   npm run --silent ask -- "vraag"          -> a readable verdict and list
 *   echo "vraag" | npm run --silent ask -- --json   -> one JSON line per input line
 * `intent` is "question", "clarify", "advice", "notice", "command:<name>", "smalltalk:<id>" or
 * "out-of-scope:<topic>|general"; `confident` is true exactly when the best result is shown as the answer.
 */
import { createInterface } from 'node:readline';
import { loadKnowledge } from '../knowledge/load';
import { KNOWLEDGE_DIR } from '../common/paths';
import { describe } from '../understanding/evalSet';
import { type Interpreter, loadInterpreter, shownAsAnswer, verdictLabel } from '../understanding/interpreter';
import { errorMessage } from '../common/errors';

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

function answer(interpreter: Interpreter, question: string, json: boolean, limit: number): string {
  const verdict = interpreter.interpret(question);
  const results = interpreter.engine.search(question, { limit });
  if (json) {
    return JSON.stringify({
      intent: verdictLabel(verdict),
      confident: shownAsAnswer(verdict),
      ...(verdict.kind === 'advice' ? { intake: verdict.intake } : {}),
      results: results.map(({ key, title, score }) => ({ key, title, score })),
    });
  }
  const lines = [`Vraag: ${question}`, `  -> ${describe(verdict)}`];
  results.forEach((r, i) => lines.push(`  ${i + 1}. ${r.key.padEnd(28)} ${r.score.toFixed(3)}  ${r.title}`));
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { json, limit, question } = parseArgs(process.argv.slice(2));
  const interpreter = await loadInterpreter(loadKnowledge(KNOWLEDGE_DIR));
  if (question) {
    console.log(answer(interpreter, question, json, limit));
    return;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim()) console.log(answer(interpreter, line.trim(), json, limit));
  }
}

main().catch((err: unknown) => {
  console.error(errorMessage(err));
  process.exitCode = 1;
});
