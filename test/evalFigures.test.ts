import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadKnowledge } from '../src/knowledge/load';
import { KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/common/paths';
import { type EvalReport, figuresTable, readEvalSet, runEval } from '../src/understanding/evalSet';
import { loadInterpreter } from '../src/understanding/interpreter';
import { SHARED_DIR } from './support/paths';

/** The project's own evaluation set must not fall below the figures recorded in test/fixtures/eval-figures.json. */
const share = z.number().min(0).max(1);
const Floors = z.object({
  questions: z.object({ top1: share, top3: share, sureRight: share, sureWrongMax: share }),
  advice: z.object({ intentRight: share }),
  smalltalk: z.object({ intentRight: share, shownAsAnswerMax: share }),
  outofscope: z.object({ intentRight: share, shownAsAnswerMax: share }),
  command: z.object({ intentRight: share }),
  notice: z.object({ intentRight: share }),
  shared: z.object({ top1: share, top3: share }),
});
const floors = Floors.parse(
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'eval-figures.json'), 'utf8')),
);
const sharedFile = path.join(SHARED_DIR, 'eval', 'questions.jsonl');
const sharedMissing = existsSync(sharedFile)
  ? undefined
  : `${sharedFile} is missing: put shared/ beside the project, as CI does`;

let own: EvalReport;
let shared: EvalReport | undefined;
let misses: string;
beforeAll(async () => {
  const interpreter = await loadInterpreter(loadKnowledge(KNOWLEDGE_DIR));
  own = runEval(interpreter, readEvalSet(path.join(PROJECT_ROOT, 'test', 'fixtures', 'questions.jsonl')));
  misses = own.misses.map((m) => `[${m.kind}] ${m.q} -> ${m.got} (wanted ${m.want})`).join('\n');
  if (sharedMissing) console.warn(`Skipped, the shared eval set: ${sharedMissing}`);
  else shared = runEval(interpreter, readEvalSet(sharedFile));
});

describe('the project set (test/fixtures/questions.jsonl)', () => {
  it('has at least 200 lines from the users side, of every kind, 40 or more of them small talk and out of scope', () => {
    expect(own.total).toBeGreaterThanOrEqual(200);
    for (const kind of [
      'problem',
      'story',
      'vocabulary',
      'sector',
      'typo',
      'english',
      'advice',
      'smalltalk',
      'outofscope',
      'command',
      'notice',
    ] as const) {
      expect(own.byKind[kind]?.total ?? 0, kind).toBeGreaterThan(0);
    }
    expect((own.byKind.smalltalk?.total ?? 0) + (own.byKind.outofscope?.total ?? 0)).toBeGreaterThanOrEqual(40);
  });

  it('answers questions at or above the recorded figures', () => {
    const q = own.questions;
    expect(q.top1, misses).toBeGreaterThanOrEqual(floors.questions.top1);
    expect(q.top3, misses).toBeGreaterThanOrEqual(floors.questions.top3);
    expect(q.sureRight, misses).toBeGreaterThanOrEqual(floors.questions.sureRight);
    expect(q.sureWrong, misses).toBeLessThanOrEqual(floors.questions.sureWrongMax);
  });

  it('recognises advice requests, small talk, commands, the notice and out-of-scope topics at or above the recorded figures', () => {
    expect(own.byKind.advice?.intentRight, misses).toBeGreaterThanOrEqual(floors.advice.intentRight);
    expect(own.byKind.smalltalk?.intentRight, misses).toBeGreaterThanOrEqual(floors.smalltalk.intentRight);
    expect(own.byKind.command?.intentRight, misses).toBeGreaterThanOrEqual(floors.command.intentRight);
    expect(own.byKind.notice?.intentRight, misses).toBeGreaterThanOrEqual(floors.notice.intentRight);
    expect(own.byKind.outofscope?.intentRight, misses).toBeGreaterThanOrEqual(floors.outofscope.intentRight);
  });

  it('shows small talk and out-of-scope questions as a sure answer no more than recorded', () => {
    expect(own.byKind.smalltalk?.shownAsAnswer, misses).toBeLessThanOrEqual(floors.smalltalk.shownAsAnswerMax);
    expect(own.byKind.outofscope?.shownAsAnswer, misses).toBeLessThanOrEqual(floors.outofscope.shownAsAnswerMax);
  });

  // Without ../shared the test is skipped, with the reason in the report (never passed unseen).
  it('meets the recorded figures on the shared set too', ({ skip }) => {
    skip(sharedMissing !== undefined, sharedMissing);
    expect(shared?.questions.top1).toBeGreaterThanOrEqual(floors.shared.top1);
    expect(shared?.questions.top3).toBeGreaterThanOrEqual(floors.shared.top3);
  });
});

describe('the figures table of npm run eval', () => {
  it('keeps every column apart, under its own header', () => {
    const [header, ...rows] = figuresTable(own);
    expect(header).toMatch(/top-1 +top-3 +zeker\+ +zeker- +bedoeling +als antw\./);
    const smalltalk = rows.find((r) => r.trimStart().startsWith('smalltalk')) ?? '';
    // The last two figures (intent right, shown as an answer) stand apart and end under their headers.
    expect(smalltalk).toMatch(/\d+% +\d+%$/);
    expect(smalltalk.length).toBe(header?.length);
  });
});
