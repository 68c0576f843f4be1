/**
 * `npm run eval`: how well the interpreter understands questions it is asked, per kind of line, on
 * the project's own set (test/fixtures/questions.jsonl), the held-out set (test/fixtures/heldout.jsonl,
 * written before any tuning and never tuned on) and the shared set (../shared/eval/questions.jsonl).
 *
 *   npm run eval                      figures per kind, and the misses of the project's and the shared set
 *   npm run eval -- --calibrate       the thresholds tried on the project's set (never on the held-out set)
 *   npm run eval -- --heldout-misses  also list the held-out misses (read them, do not tune on them)
 *   npm run eval -- --set FILE        figures only, for another set of the same form (a blind set)
 *
 * The blind sets (test/fixtures/blind-*.jsonl) were written by people who never saw the knowledge or the
 * code, from the handreiking alone: figures only, never misses, never tuned on.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadKnowledge } from '../knowledge/load';
import { KNOWLEDGE_DIR, PROJECT_ROOT } from '../common/paths';
import { type EvalReport, figuresTable, pct, readEvalSet, runEval } from '../understanding/evalSet';
import { type Interpreter, loadInterpreter, TUNING, type Tuning } from '../understanding/interpreter';
import { errorMessage } from '../common/errors';

export const EVAL_SETS = {
  own: path.join(PROJECT_ROOT, 'test', 'fixtures', 'questions.jsonl'),
  heldout: path.join(PROJECT_ROOT, 'test', 'fixtures', 'heldout.jsonl'),
  shared: path.join(PROJECT_ROOT, '..', 'shared', 'eval', 'questions.jsonl'),
  blind: [1, 2, 3].map((n) => path.join(PROJECT_ROOT, 'test', 'fixtures', `blind-${n}.jsonl`)),
};

function print(name: string, file: string, report: EvalReport, misses: boolean): void {
  console.log(`\n${name}: ${path.relative(process.cwd(), file)} (${report.total} regels)`);
  for (const line of figuresTable(report)) console.log(line);
  if (!misses) return;
  for (const miss of report.misses)
    console.log(`  mis [${miss.kind}] ${miss.q}\n      verwacht ${miss.want}; kreeg ${miss.got}`);
}

/**
 * The thresholds tried on the project's set (never on the held-out set): per setting top-1, shown as
 * the answer and right or wrong, clarifications, and small talk or out of scope shown as an answer.
 * A wrong sure answer costs a coordinator more than a question asked back: prefer few zeker-.
 */
function calibrate(interpreter: Interpreter, file: string): void {
  const lines = readEvalSet(file);
  const now = `sure ${TUNING.sure}, close ${TUNING.close}, clear ${TUNING.clear}`;
  console.log(`\nIJking op ${path.relative(process.cwd(), file)} (nooit op de achtergehouden set); nu: ${now}`);
  console.log('  sure   close  clear   top-1  zeker+ zeker-  vraag terug  klets/buiten als antw.');
  const questions = lines.filter((l) => l.expect);
  for (const sure of [0.45, 0.5, 0.55, 0.6, 0.65]) {
    for (const close of [0.8, 0.9, 0.95]) {
      for (const clear of [0.6, 0.7, 0.8]) {
        const tuning: Tuning = { ...TUNING, sure, close, clear };
        const r = runEval(interpreter, lines, tuning);
        const q = r.questions;
        const clarified = questions.filter(
          (l) => interpreter.interpret(l.q, { where: 'personal' }, tuning).kind === 'clarify',
        );
        const asked = clarified.length / Math.max(1, questions.length);
        const other = ['smalltalk', 'outofscope'].map((k) => r.byKind[k as 'smalltalk' | 'outofscope']);
        const shown =
          other.reduce((n, f) => n + (f?.shownAsAnswer ?? 0) * (f?.total ?? 0), 0) /
          Math.max(
            1,
            other.reduce((n, f) => n + (f?.total ?? 0), 0),
          );
        const figures = [q.top1, q.sureRight, q.sureWrong].map((n) => pct(n).padStart(7)).join('');
        const setting = [sure, close, clear].map((n) => n.toFixed(2).padEnd(7)).join('');
        console.log(`  ${setting}${figures}${pct(asked).padStart(13)}${pct(shown).padStart(24)}`);
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
  // `--set FILE` measures another set of the same form (figures only, as the held-out set).
  const argv = process.argv.slice(2);
  const other = argv[argv.indexOf('--set') + 1];
  const sets =
    argv.includes('--set') && other
      ? [{ name: 'Set', file: path.resolve(other), misses: false }]
      : [
          { name: 'Eigen set', file: EVAL_SETS.own, misses: true },
          { name: 'Achtergehouden set', file: EVAL_SETS.heldout, misses: args.has('--heldout-misses') },
          { name: 'Gedeelde set', file: EVAL_SETS.shared, misses: true },
          ...EVAL_SETS.blind.map((file, i) => ({ name: `Blinde set ${i + 1}`, file, misses: false })),
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
  console.error(errorMessage(err));
  process.exitCode = 1;
});
