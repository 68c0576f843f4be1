import { fold } from '../common/text';
import type { Knowledge } from '../knowledge/load';
import type { AnswerResult } from '../search/engine';
import type { Interpreter } from '../understanding/interpreter';
import type { InsightsReport } from './report';

/**
 * Suggestions from real questions (what question-answering products call active learning): for each
 * frequent question the bot was not sure about, that was off-topic without a topic, or whose answer
 * was rated "niet nuttig", the answer it most likely meant (from the interpreter's ranked candidates)
 * and the change that would fix it: an example question for knowledge/questions.yaml, or a synonym for
 * knowledge/vocabulary.yaml. A content owner reviews and pastes them; the bot never changes its own
 * knowledge. Each suggestion is tried: the knowledge with all suggested changes is loaded in memory and
 * the question asked again.
 */

type Certainty = 'waarschijnlijk' | 'mogelijk' | 'onzeker';

export type Change =
  | { file: 'knowledge/questions.yaml'; key: string; example: string }
  | { file: 'knowledge/vocabulary.yaml'; word: string; partner: string; group: readonly string[] };

export interface Suggestion {
  /** Why the question is here. */
  source: 'unsure' | 'out-of-scope' | 'not-useful';
  question: string;
  count: number;
  /** not-useful: the answer it got and that was rated not useful. */
  got?: { key: string; title: string };
  /** The answer it most likely meant; undefined when the handreiking has none. */
  target?: { key: string; title: string; score: number };
  certainty: Certainty;
  change?: Change;
  /** With every suggested change loaded: the bot now answers the question sure with the target. */
  fixed: boolean;
  /** Already answered sure with the target by the current knowledge (pasted earlier). */
  alreadyFixed: boolean;
}

/** Builds an interpreter over (changed) knowledge: `loadInterpreter` in the CLI. */
export type BuildInterpreter = (knowledge: Knowledge) => Promise<Interpreter>;

/** How sure the target is, from its score and its lead over the next candidate. */
function certaintyOf(best: AnswerResult | undefined, next: AnswerResult | undefined): Certainty {
  if (!best) return 'onzeker';
  const lead = next ? next.score / best.score : 0;
  if (best.score >= 0.35 && lead <= 0.8) return 'waarschijnlijk';
  if (best.score >= 0.2) return 'mogelijk';
  return 'onzeker';
}

interface Input {
  source: Suggestion['source'];
  question: string;
  count: number;
  got?: string;
}

function inputsOf(report: InsightsReport): Input[] {
  return [
    ...report.unsure.map((q) => ({ source: 'unsure' as const, question: q.text, count: q.count })),
    // An off-topic question with a topic got the right answer (where to go instead): nothing to fix.
    ...report.outOfScope
      .filter((q) => q.key === 'general')
      .map((q) => ({ source: 'out-of-scope' as const, question: q.text, count: q.count })),
    ...report.notUseful.map((q) => ({ source: 'not-useful' as const, question: q.text, count: q.count, got: q.key })),
  ];
}

/** The ranked answers of a question (no topics), best first. */
function candidates(interpreter: Interpreter, question: string): AnswerResult[] {
  const verdict = interpreter.interpret(question, { where: 'personal' });
  switch (verdict.kind) {
    case 'question':
    case 'out-of-scope':
      return verdict.answer.results;
    case 'clarify':
      return verdict.answer.results;
    default:
      return interpreter.engine.search(question).filter((r) => r.kind !== 'topic');
  }
}

function answersSure(interpreter: Interpreter, question: string, key: string): boolean {
  const verdict = interpreter.interpret(question, { where: 'personal' });
  return verdict.kind === 'question' && verdict.answer.confident && verdict.answer.results[0]?.key === key;
}

/** Words of the question that nothing in the knowledge holds. */
function unknownWords(interpreter: Interpreter, question: string): string[] {
  return [...new Set(fold(question).split(' '))].filter(
    (word) => word.length >= 4 && interpreter.engine.query(word).unknownTerms.length > 0,
  );
}

/** Words of an answer's title and keywords that could stand for an unknown word (at most 12). */
function partnerWords(interpreter: Interpreter, key: string): string[] {
  const entry = interpreter.engine.entry(key);
  if (!entry) return [];
  const words = fold(`${entry.title} ${entry.keywords}`)
    .split(' ')
    .filter((w) => w.length >= 4);
  return [...new Set(words)].slice(0, 12);
}

/**
 * The synonym that makes every question with an unknown word a sure answer for `key`: the word replaced
 * by a word of the answer's title or keywords. Only for a word in two or more of the questions.
 */
function synonymFor(
  interpreter: Interpreter,
  recurring: ReadonlyMap<string, readonly string[]>,
  key: string,
  unknown: readonly string[],
): { word: string; partner: string } | undefined {
  for (const word of unknown) {
    const questions = recurring.get(`${key} ${word}`) ?? [];
    for (const partner of partnerWords(interpreter, key)) {
      const replace = (q: string) => ` ${q} `.replace(` ${word} `, ` ${partner} `).trim();
      if (questions.every((q) => answersSure(interpreter, replace(q), key))) return { word, partner };
    }
  }
  return undefined;
}

function groupOf(knowledge: Knowledge, word: string): readonly string[] | undefined {
  return knowledge.vocabulary.synonyms.find((group) => group.some((w) => fold(w) === word));
}

/** The knowledge with the suggested changes, in memory only (for the check). */
export function withChanges(knowledge: Knowledge, changes: readonly Change[]): Knowledge {
  const questions = new Map(knowledge.understanding.questions);
  let synonyms = knowledge.vocabulary.synonyms.map((group) => [...group]);
  for (const change of changes) {
    if (change.file === 'knowledge/questions.yaml')
      questions.set(change.key, [...(questions.get(change.key) ?? []), change.example]);
    else {
      const at = synonyms.findIndex((group) => group.some((w) => fold(w) === change.partner));
      if (at >= 0) synonyms = synonyms.map((group, i) => (i === at ? [...group, change.word] : group));
      else synonyms.push([change.partner, change.word]);
    }
  }
  return {
    ...knowledge,
    vocabulary: { ...knowledge.vocabulary, synonyms },
    understanding: { ...knowledge.understanding, questions },
  };
}

export async function suggest(
  report: InsightsReport,
  knowledge: Knowledge,
  build: BuildInterpreter,
): Promise<Suggestion[]> {
  const interpreter = await build(knowledge);
  const title = (key: string) => interpreter.engine.entry(key)?.title ?? key;
  const drafts = inputsOf(report).map((input) => {
    const ranked = candidates(interpreter, input.question).filter((r) => r.key !== input.got);
    const [best, next] = ranked;
    const target = best ? { key: best.key, title: best.title, score: best.score } : undefined;
    const certainty = certaintyOf(best, next);
    return {
      input,
      target,
      certainty,
      // Too little to go on (one word matched, no clear lead): the candidate is shown, no change proposed.
      weak: certainty === 'onzeker' || (certainty === 'mogelijk' && (best?.matched ?? 0) < 2),
      unknown: target ? unknownWords(interpreter, input.question) : [],
      alreadyFixed: target ? answersSure(interpreter, input.question, target.key) : false,
    };
  });
  // A word nothing in the knowledge holds, in two or more questions that mean the same answer: one
  // synonym fixes them all (and the questions not seen yet). Otherwise the question becomes an example.
  const recurring = new Map<string, string[]>();
  for (const d of drafts) {
    if (!d.target || d.alreadyFixed) continue;
    for (const word of d.unknown)
      recurring.set(`${d.target.key} ${word}`, [...(recurring.get(`${d.target.key} ${word}`) ?? []), d.input.question]);
  }
  const synonyms = new Map<string, Change>();
  const suggestions: Suggestion[] = drafts.map((d) => {
    const base = {
      source: d.input.source,
      question: d.input.question,
      count: d.input.count,
      ...(d.input.got ? { got: { key: d.input.got, title: title(d.input.got) } } : {}),
      ...(d.target ? { target: d.target } : {}),
      certainty: d.certainty,
      fixed: false,
      alreadyFixed: d.alreadyFixed,
    };
    if (!d.target || d.alreadyFixed || d.weak) return base;
    const target = d.target.key;
    const shared = d.unknown.filter((word) => (recurring.get(`${target} ${word}`) ?? []).length >= 2);
    const synonym = shared.length > 0 ? synonymFor(interpreter, recurring, target, shared) : undefined;
    if (synonym) {
      const change: Change = {
        file: 'knowledge/vocabulary.yaml',
        ...synonym,
        group: groupOf(knowledge, synonym.partner) ?? [synonym.partner],
      };
      synonyms.set(synonym.word, change);
      return { ...base, change };
    }
    const known = (knowledge.understanding.questions.get(d.target.key) ?? []).some((q) => fold(q) === d.input.question);
    return known
      ? base
      : {
          ...base,
          change: { file: 'knowledge/questions.yaml' as const, key: d.target.key, example: d.input.question },
        };
  });
  // One synonym per word, whichever question found it first.
  const changes = suggestions
    .flatMap((s) => (s.change ? [s.change] : []))
    .filter(
      (c, i, all) =>
        c.file === 'knowledge/questions.yaml' || all.findIndex((o) => o.file === c.file && o.word === c.word) === i,
    );
  if (changes.length === 0) return suggestions;
  const changed = await build(withChanges(knowledge, changes));
  return suggestions.map((s) =>
    s.change && s.target ? { ...s, fixed: answersSure(changed, s.question, s.target.key) } : s,
  );
}

/** A suggestion whose target is too uncertain to propose a change for. */
export function weakSuggestion(s: Suggestion): boolean {
  return !s.change && !s.alreadyFixed && s.target !== undefined && s.certainty !== 'waarschijnlijk';
}

const SOURCE_TEXT: Record<Suggestion['source'], string> = {
  unsure: 'niet zeker',
  'out-of-scope': 'buiten de handreiking (geen onderwerp)',
  'not-useful': 'antwoord niet nuttig',
};

/** One line about a suggestion, for YAML comments and the report. */
function describe(s: Suggestion): string {
  const parts = [`${s.count}x ${SOURCE_TEXT[s.source]}`];
  if (s.got) parts.push(`kreeg ${s.got.key}`);
  if (s.target)
    parts.push(`bedoelt ${s.certainty} ${s.target.key} ${s.target.title} (score ${s.target.score.toFixed(2)})`);
  if (s.change)
    parts.push(s.fixed ? 'met de wijziging: zeker antwoord' : 'met de wijziging nog niet zeker: kijk ernaar');
  return parts.join('; ');
}

/**
 * The suggestions as YAML a content owner reviews and pastes: example questions under their answer's
 * key in questions.yaml, synonym groups for vocabulary.yaml, and what has no change as comments.
 */
export function suggestionsYaml(suggestions: readonly Suggestion[], header: readonly string[] = []): string {
  const lines = [
    ...header.map((h) => `# ${h}`),
    '# Voorstellen uit echte vragen. Lees ze na voordat je ze plakt: de bot verandert zijn kennis nooit zelf.',
    '# Daarna: npm run knowledge:check en npm run eval (die laat het effect zien).',
  ];
  const examples = new Map<string, Suggestion[]>();
  for (const s of suggestions)
    if (s.change?.file === 'knowledge/questions.yaml')
      examples.set(s.change.key, [...(examples.get(s.change.key) ?? []), s]);
  lines.push('', '# knowledge/questions.yaml: zet de regels onder de sleutel die er al staat, in `questions:`.');
  if (examples.size === 0) lines.push('# (geen voorbeeldvragen voorgesteld)');
  else lines.push('questions:');
  for (const [key, items] of [...examples].sort(([a], [b]) => a.localeCompare(b, 'nl', { numeric: true }))) {
    lines.push(`  ${JSON.stringify(key)}:`);
    for (const s of items) lines.push(`    # ${describe(s)}`, `    - ${JSON.stringify(s.question)}`);
  }
  const synonyms = suggestions.filter((s) => s.change?.file === 'knowledge/vocabulary.yaml');
  const seen = new Set<string>();
  lines.push(
    '',
    '# knowledge/vocabulary.yaml, in `synonyms:`: vervang de groep door deze regel (of voeg hem toe als de groep nieuw is).',
  );
  if (synonyms.length === 0) lines.push('# (geen synoniemen voorgesteld)');
  else lines.push('synonyms:');
  for (const s of synonyms) {
    if (s.change?.file !== 'knowledge/vocabulary.yaml' || seen.has(s.change.word)) continue;
    seen.add(s.change.word);
    const { group, word } = s.change;
    const questions = synonyms.filter(
      (o) => o.change?.file === 'knowledge/vocabulary.yaml' && o.change.word === word,
    ).length;
    lines.push(
      `  # "${word}" staat in ${questions} vragen (${describe(s)}). Controleer of de woorden echt hetzelfde betekenen.`,
    );
    lines.push(`  - [${[...group, word].map((w) => JSON.stringify(w)).join(', ')}]`);
  }
  const rest = suggestions.filter((s) => !s.change);
  if (rest.length > 0) {
    lines.push('', '# Zonder voorstel:');
    for (const s of rest) {
      const why = !s.target
        ? 'de handreiking heeft hier geen antwoord op: een onderwerp voor topics.yaml, of een vraag voor een contactroute'
        : s.alreadyFixed
          ? 'krijgt nu al een zeker antwoord (de kennis is sinds de vraag aangepast)'
          : weakSuggestion(s)
            ? 'te weinig houvast voor een voorstel: kijk zelf of dit antwoord bedoeld is, of dat het buiten de handreiking valt'
            : 'staat al als voorbeeldvraag bij dat antwoord';
      lines.push(`# - ${JSON.stringify(s.question)} (${describe(s)}): ${why}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
