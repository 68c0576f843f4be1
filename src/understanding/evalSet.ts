import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { IntakeSchema } from '../domain/intake';
import { type Interpreter, shownAsAnswer, type Tuning, type Verdict, verdictLabel } from './interpreter';

/**
 * Evaluation sets: one JSON object a line, from the users' side.
 * - question kinds: `{"q": "...", "kind": "problem", "expect": ["1.3"]}` (right when the best answer carries an
 * expected key);
 * - advice: `{"q": "...", "kind": "advice", "intent": "advice", "intake": {"sector": "vgg", ...}}` (every recognised
 * answer must match);
 * - small talk, commands, the notice: `"intent": "smalltalk:thanks"`, `"command:plan-new"` (with `"data"`), `"notice"`;
 * - out of scope: `"intent": "out-of-scope"`, optionally `"topic": "vog"` or `"general"`.
 * A line without a kind (the shared set) is a "direct" question.
 */
const QUESTION_KINDS = ['direct', 'problem', 'story', 'vocabulary', 'sector', 'typo', 'english'] as const;
const OTHER_KINDS = ['advice', 'smalltalk', 'outofscope', 'command', 'notice'] as const;
const KINDS = [...QUESTION_KINDS, ...OTHER_KINDS] as const;
type Kind = (typeof KINDS)[number];

const EvalLineSchema = z.strictObject({
  q: z.string().min(1),
  kind: z.enum(KINDS).default('direct'),
  expect: z.array(z.string().min(1)).min(1).optional(),
  intent: z.string().min(1).optional(),
  intake: IntakeSchema.partial().optional(),
  topic: z.string().min(1).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type EvalLine = z.infer<typeof EvalLineSchema>;

/** Reads a JSON-lines eval file; throws with the line number on a bad line. */
export function readEvalSet(file: string): EvalLine[] {
  const out: EvalLine[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      const parsed = EvalLineSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
      if (!parsed.data.expect && !parsed.data.intent)
        throw new Error(`${file}:${i + 1}: "expect" of "intent" ontbreekt`);
      out.push(parsed.data);
    });
  return out;
}

/** Figures for one kind of line. Shares are 0..1; `undefined` where the figure does not apply. */
interface KindFigures {
  total: number;
  /** Question kinds: the best answer is right (what the user sees first). */
  top1?: number;
  /** Question kinds: a right answer among the first three. */
  top3?: number;
  /** Question kinds: shown as the answer, and right. */
  sureRight?: number;
  /** Question kinds: shown as the answer, and wrong. */
  sureWrong?: number;
  /** Other kinds: the verdict (and its data) is right. */
  intentRight?: number;
  /** Small talk and out of scope: shown as a sure handreiking answer (must stay low). */
  shownAsAnswer?: number;
}

interface EvalMiss {
  q: string;
  kind: Kind;
  want: string;
  got: string;
}

export interface EvalReport {
  total: number;
  byKind: Partial<Record<Kind, KindFigures>>;
  /** All question kinds together. */
  questions: KindFigures;
  misses: EvalMiss[];
}

interface LineResult {
  line: EvalLine;
  verdict: Verdict;
  rank: number;
  right: boolean;
}

/** The ranked keys the user sees: the candidates of a clarification, or the results. */
function shownKeys(verdict: Verdict): string[] {
  if (verdict.kind === 'clarify') return verdict.candidates.map((c) => c.key);
  if (verdict.kind === 'question') return verdict.answer.results.map((r) => r.key);
  return [];
}

function sameIntake(want: EvalLine['intake'], got: Verdict): boolean {
  if (got.kind !== 'advice') return false;
  const fields = ['sector', 'places', 'leerweg', 'niveau', 'students'] as const;
  const a = want ?? {};
  const b = got.intake;
  if (fields.some((f) => a[f] !== b[f])) return false;
  return [...(a.situations ?? [])].sort().join(',') === [...(b.situations ?? [])].sort().join(',');
}

function judge(line: EvalLine, verdict: Verdict): { right: boolean; rank: number } {
  if (line.expect) {
    const keys = shownKeys(verdict);
    const index = keys.slice(0, 3).findIndex((k) => line.expect?.includes(k));
    return { right: index === 0, rank: index + 1 };
  }
  const label = verdictLabel(verdict);
  const intent = line.intent ?? '';
  if (intent === 'advice') return { right: sameIntake(line.intake, verdict), rank: 0 };
  if (intent === 'out-of-scope') {
    const topic = label.slice('out-of-scope:'.length);
    return { right: label.startsWith('out-of-scope:') && (!line.topic || line.topic === topic), rank: 0 };
  }
  if (label !== intent) return { right: false, rank: 0 };
  if (verdict.kind === 'command' && line.data) {
    const data: Record<string, unknown> = { ...verdict.command };
    return { right: Object.entries(line.data).every(([k, v]) => data[k] === v), rank: 0 };
  }
  return { right: true, rank: 0 };
}

function figures(results: readonly LineResult[], isQuestion: boolean): KindFigures {
  const total = results.length;
  const share = (n: number) => (total ? n / total : 0);
  if (isQuestion) {
    return {
      total,
      top1: share(results.filter((r) => r.right).length),
      top3: share(results.filter((r) => r.rank > 0).length),
      sureRight: share(results.filter((r) => r.right && shownAsAnswer(r.verdict)).length),
      sureWrong: share(results.filter((r) => !r.right && shownAsAnswer(r.verdict)).length),
    };
  }
  const kind = results[0]?.line.kind;
  return {
    total,
    intentRight: share(results.filter((r) => r.right).length),
    ...(kind === 'smalltalk' || kind === 'outofscope'
      ? { shownAsAnswer: share(results.filter((r) => shownAsAnswer(r.verdict)).length) }
      : {}),
  };
}

/** Runs every line through the interpreter as a personal-chat message. */
export function runEval(interpreter: Interpreter, lines: readonly EvalLine[], tuning?: Tuning): EvalReport {
  const results: LineResult[] = lines.map((line) => {
    const verdict = interpreter.interpret(line.q, { where: 'personal' }, tuning);
    return { line, verdict, ...judge(line, verdict) };
  });
  const byKind: Partial<Record<Kind, KindFigures>> = {};
  for (const kind of KINDS) {
    const of = results.filter((r) => r.line.kind === kind);
    if (of.length > 0) byKind[kind] = figures(of, (QUESTION_KINDS as readonly string[]).includes(kind));
  }
  const misses = results
    .filter((r) => !r.right)
    .map((r) => ({
      q: r.line.q,
      kind: r.line.kind,
      want:
        r.line.expect?.join(' of ') ??
        `${r.line.intent}${r.line.topic ? `:${r.line.topic}` : ''}${r.line.intake ? ` ${JSON.stringify(r.line.intake)}` : ''}`,
      got: describe(r.verdict),
    }));
  return {
    total: lines.length,
    byKind,
    questions: figures(
      results.filter((r) => (QUESTION_KINDS as readonly string[]).includes(r.line.kind)),
      true,
    ),
    misses,
  };
}

/** The verdict in a few words, for the list of misses. */
export function describe(verdict: Verdict): string {
  const label = verdictLabel(verdict);
  if (verdict.kind === 'advice') return `${label} ${JSON.stringify(verdict.intake)}`;
  const keys = shownKeys(verdict);
  if (keys.length === 0) return label;
  const results =
    verdict.kind === 'clarify' ? verdict.candidates : verdict.kind === 'question' ? verdict.answer.results : [];
  return `${label}${verdict.kind === 'question' ? (verdict.answer.confident ? ' (zeker)' : ' (niet zeker)') : ''}: ${results
    .slice(0, 3)
    .map((r) => `${r.key} ${r.score}`)
    .join(', ')}`;
}

/** A share as a whole percentage ("93%"), or nothing where the figure does not apply. */
export const pct = (n: number | undefined) => (n === undefined ? '' : `${(n * 100).toFixed(0)}%`);

/** The columns of the table per kind: a header and the figure it shows. */
const COLUMNS: ReadonlyArray<{ header: string; value: (f: KindFigures) => number | undefined }> = [
  { header: 'top-1', value: (f) => f.top1 },
  { header: 'top-3', value: (f) => f.top3 },
  { header: 'zeker+', value: (f) => f.sureRight },
  { header: 'zeker-', value: (f) => f.sureWrong },
  { header: 'bedoeling', value: (f) => f.intentRight },
  { header: 'als antw.', value: (f) => f.shownAsAnswer },
];
/** Each cell right-aligned under its header, with two spaces before it so no two columns run together. */
const cell = (text: string, header: string) => text.padStart(header.length + 2);

/** The figures per kind as a table for the console (`npm run eval`), with a legend. */
export function figuresTable(report: EvalReport): string[] {
  const row = (label: string, f: KindFigures) =>
    `  ${label.padEnd(12)}${String(f.total).padStart(5)}${COLUMNS.map((c) => cell(pct(c.value(f)), c.header)).join('')}`;
  const lines = [`  ${'soort'.padEnd(12)}${'n'.padStart(5)}${COLUMNS.map((c) => cell(c.header, c.header)).join('')}`];
  for (const kind of KINDS) {
    const f = report.byKind[kind];
    if (f) lines.push(row(kind, f));
  }
  if (report.questions.total > 0) lines.push(row('vragen', report.questions));
  lines.push(
    '  top-1 / top-3: het goede antwoord als eerste / bij de eerste drie (bij "Bedoel je ...?" de knoppen)',
    '  zeker+ / zeker-: als antwoord getoond en goed / en fout; bedoeling: de soort bericht (en de intake) goed herkend',
    '  als antw.: klets of iets buiten de handreiking toch als zeker antwoord getoond',
  );
  return lines;
}
