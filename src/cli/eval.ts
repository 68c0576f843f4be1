/**
 * `npm run eval`: how well the interpreter understands questions it is asked, per kind of line, on
 * the project's own set (test/fixtures/questions.jsonl), the held-out set (test/fixtures/heldout.jsonl,
 * written before any tuning and never tuned on) and the shared set (../shared/eval/questions.jsonl).
 *
 *   npm run eval                      figures per kind, and the misses of the project's and the shared set
 *   npm run eval -- --calibrate       the thresholds tried on the project's set (never on the held-out set)
 *   npm run eval -- --heldout-misses  also list the held-out misses (read them, do not tune on them)
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadKnowledge } from '../knowledge/load';
import { KNOWLEDGE_DIR, PROJECT_ROOT } from '../paths';
import { type EvalReport, KINDS, type KindFigures, readEvalSet, runEval } from '../search/evalSet';
import { type Interpreter, loadInterpreter, TUNING, type Tuning } from '../understanding/interpreter';

export const EVAL_SETS = {
  own: path.join(PROJECT_ROOT, 'test', 'fixtures', 'questions.jsonl'),
  heldout: path.join(PROJECT_ROOT, 'test', 'fixtures', 'heldout.jsonl'),
  shared: path.join(PROJECT_ROOT, '..', 'shared', 'eval', 'questions.jsonl'),
};

const pct = (n: number | undefined) => (n === undefined ? '' : `${(n * 100).toFixed(0)}%`);

function row(label: string, f: KindFigures): string {
  const cells = [f.top1, f.top3, f.sureRight, f.sureWrong, f.intentRight, f.shownAsAnswer].map((n) => pct(n).padStart(9));
  return `  ${label.padEnd(12)}${String(f.total).padStart(5)}${cells.join('')}`;
}

function print(name: string, file: string, report: EvalReport, misses: boolean): void {
  console.log(`\n${name}: ${path.relative(process.cwd(), file)} (${report.total} regels)`);
  console.log(`  ${'soort'.padEnd(12)}${'n'.padStart(5)}${['top-1', 'top-3', 'zeker+', 'zeker-', 'bedoeling', 'als antw.'].map((h) => h.padStart(9)).join('')}`);
  for (const kind of KINDS) {
    const f = report.byKind[kind];
    if (f) console.log(row(kind, f));
  }
  if (report.questions.total > 0) console.log(row('vragen', report.questions));
  console.log('  (zeker+ = als antwoord getoond en goed; zeker- = als antwoord getoond en fout; als antw. = klets of buiten de handreiking als zeker antwoord getoond)');
  if (!misses) return;
  for (const miss of report.misses) console.log(`  mis [${miss.kind}] ${miss.q}\n      verwacht ${miss.want}; kreeg ${miss.got}`);
}

/** Sure-and-right minus twice sure-and-wrong on the project's set: a wrong sure answer costs more than a question asked back. */
function calibrate(interpreter: Interpreter, file: string): void {
  const lines = readEvalSet(file);
  console.log(`\nIJking op ${path.relative(process.cwd(), file)} (nooit op de achtergehouden set):`);
  console.log('  sure   close  clear  topic   top-1  zeker+ zeker-  klets/buiten als antw.');
  for (const sure of [0.3, 0.35, 0.4, 0.45]) {
    for (const close of [0.8, 0.9, 0.95]) {
      for (const clear of [0.6, 0.7, 0.8, 0.9]) {
        const tuning: Tuning = { ...TUNING, sure, close, clear };
        const r = runEval(interpreter, lines, tuning);
        const q = r.questions;
        const other = ['smalltalk', 'outofscope'].map((k) => r.byKind[k as 'smalltalk' | 'outofscope']);
        const shown = other.reduce((n, f) => n + (f?.shownAsAnswer ?? 0) * (f?.total ?? 0), 0) / Math.max(1, other.reduce((n, f) => n + (f?.total ?? 0), 0));
        console.log(`  ${[sure, close, clear, TUNING.topic].map((n) => n.toFixed(2).padEnd(7)).join('')}${[q.top1, q.sureRight, q.sureWrong, shown].map((n) => pct(n).padStart(7)).join('')}`);
      }
    }
  }
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const interpreter = await loadInterpreter(loadKnowledge(KNOWLEDGE_DIR));
  if (args.has('--calibrate')) {
    calibrate(interpreter, EVAL_SETS.own);
    return;
  }
  const sets = [
    { name: 'Eigen set', file: EVAL_SETS.own, misses: true },
    { name: 'Achtergehouden set', file: EVAL_SETS.heldout, misses: args.has('--heldout-misses') },
    { name: 'Gedeelde set', file: EVAL_SETS.shared, misses: true },
  ];
  for (const set of sets) {
    if (!existsSync(set.file)) {
      console.log(`\n${set.name}: ${set.file} bestaat niet, overgeslagen.`);
      continue;
    }
    print(set.name, set.file, runEval(interpreter, readEvalSet(set.file)), set.misses);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
