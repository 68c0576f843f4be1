import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AnswerEngine } from './engine';

/** One line of an eval set: a question and the keys that count as a right first answer. */
export const EvalQuestionSchema = z.object({
  q: z.string().min(1),
  expect: z.array(z.string().min(1)).min(1),
});
export type EvalQuestion = z.infer<typeof EvalQuestionSchema>;

/** Reads a JSON-lines eval file; throws with the line number on a bad line. */
export function readEvalSet(file: string): EvalQuestion[] {
  const out: EvalQuestion[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      const parsed = EvalQuestionSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
      out.push(parsed.data);
    });
  return out;
}

export interface EvalMiss {
  q: string;
  expect: string[];
  got: string[];
  /** 1-based rank of the first expected key, 0 when not in the top 3. */
  rank: number;
}

export interface EvalReport {
  total: number;
  top1: number;
  top3: number;
  misses: EvalMiss[];
}

/** Top-1 and top-3 accuracy of the engine on a question set; every question not right at rank 1 is a miss. */
export function runEval(engine: AnswerEngine, questions: readonly EvalQuestion[]): EvalReport {
  let top1 = 0;
  let top3 = 0;
  const misses: EvalMiss[] = [];
  for (const question of questions) {
    const got = engine.search(question.q, { limit: 3 }).map((r) => r.key);
    const index = got.findIndex((key) => question.expect.includes(key));
    if (index === 0) top1++;
    if (index >= 0) top3++;
    if (index !== 0) misses.push({ q: question.q, expect: question.expect, got, rank: index + 1 });
  }
  return { total: questions.length, top1: questions.length ? top1 / questions.length : 0, top3: questions.length ? top3 / questions.length : 0, misses };
}
