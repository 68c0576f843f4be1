/**
 * `npm run eval`: top-1 and top-3 accuracy of the answer engine on the shared question set
 * (../shared/eval/questions.jsonl, when present) and on the project's own set
 * (test/fixtures/questions.jsonl), with every question that was not right at rank 1.
 * Exits with 1 when a set is below the bar (top-1 90%, top-3 98%).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadKnowledge } from '../knowledge/load';
import { KNOWLEDGE_DIR, PROJECT_ROOT } from '../paths';
import { createAnswerEngine } from '../search/engine';
import { type EvalReport, readEvalSet, runEval } from '../search/evalSet';

const BAR = { top1: 0.9, top3: 0.98 };
const SETS = [
  { name: 'gedeelde set (../shared/eval)', file: path.join(PROJECT_ROOT, '..', 'shared', 'eval', 'questions.jsonl') },
  { name: 'eigen set (test/fixtures)', file: path.join(PROJECT_ROOT, 'test', 'fixtures', 'questions.jsonl') },
];

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

function print(name: string, file: string, report: EvalReport): boolean {
  const ok = report.top1 >= BAR.top1 && report.top3 >= BAR.top3;
  console.log(`\n${name}: ${path.relative(process.cwd(), file)}`);
  console.log(`  ${report.total} vragen  top-1 ${pct(report.top1)}  top-3 ${pct(report.top3)}  ${ok ? 'haalt de lat' : 'ONDER DE LAT'} (top-1 ${pct(BAR.top1)}, top-3 ${pct(BAR.top3)})`);
  for (const miss of report.misses) {
    const where = miss.rank > 0 ? `op plek ${miss.rank}` : 'niet in top 3';
    console.log(`  mis (${where}): ${miss.q}\n      verwacht ${miss.expect.join(' of ')}, kreeg ${miss.got.join(', ') || '(niets)'}`);
  }
  return ok;
}

function main(): void {
  const engine = createAnswerEngine(loadKnowledge(KNOWLEDGE_DIR));
  let allOk = true;
  for (const set of SETS) {
    if (!existsSync(set.file)) {
      console.log(`\n${set.name}: ${set.file} bestaat niet, overgeslagen.`);
      continue;
    }
    allOk = print(set.name, set.file, runEval(engine, readEvalSet(set.file))) && allOk;
  }
  process.exitCode = allOk ? 0 : 1;
}

main();
