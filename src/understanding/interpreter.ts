import type { Intake, IntakeField } from '../domain/intake';
import { createIntakeParser, type IntakeParser } from '../domain/intakeParser';
import { fold } from '../common/text';
import type { Knowledge } from '../knowledge/load';
import type { SmallTalk, Topic } from '../knowledge/schema';
import { type Answer, type AnswerEngine, type AnswerResult, createAnswerEngine } from '../search/engine';
import { loadDutchStemmer } from '../search/stemmer';
import { looksLikeQuestion, plainQuestion } from '../search/question';
import { type Command, type CommandMatcher, createCommandMatcher, type During } from './commands';
import { PhraseSet } from './phrases';

/**
 * What a typed message means, decided once for every place a user can type (personal chat, channel
 * and group-chat @mentions, the compose-box search). Dialogs and the Teams handler route on it.
 */
export type Verdict =
  /** Nothing to read (only a mention, emoji or markup). */
  | { kind: 'empty' }
  | { kind: 'command'; command: Command }
  /** An answer to the intake question being asked, with other answers found in the same message. */
  | { kind: 'intake-answer'; field: IntakeField; update: Partial<Intake> }
  /** A request for advice on the coordinator's own situation, with every intake answer it carries. */
  | { kind: 'advice'; intake: Partial<Intake> }
  /** A question for the handreiking: `answer.confident` is true exactly when the best result is shown as the answer. */
  | { kind: 'question'; answer: Answer }
  /** The best answers are too close to choose: ask "Bedoel je ... of ...?". */
  | { kind: 'clarify'; answer: Answer; candidates: AnswerResult[] }
  | { kind: 'small-talk'; intent: SmallTalk }
  /** A topic the handreiking does not cover (knowledge/topics.yaml), or anything else off-topic (no topic). */
  | { kind: 'out-of-scope'; topic: Topic | undefined; answer: Answer }
  /** "Is dit nog actueel?": the notice that the guidance is from 2020. */
  | { kind: 'notice' };

/** Where the message was typed and what the conversation is doing. */
export interface Situation {
  where: 'personal' | 'channel' | 'search';
  /** A running advice walk or intake (some words mean something else there). */
  during?: During;
  /** The intake question being asked. */
  asking?: IntakeField;
}

/** The thresholds of the decision, calibrated on the evaluation set (`npm run eval -- --calibrate`). */
export interface Tuning {
  /** At or above this score the best answer is shown as the answer. */
  sure: number;
  /** Below this score nothing is worth showing: the message is off-topic. */
  guess: number;
  /** A second answer within this share of the best one is "close". */
  close: number;
  /** From this score on the best answer is clear, however close the second. */
  clear: number;
  /** A topic the handreiking does not cover wins from this score on, when it ranks first. */
  topic: number;
}

export const TUNING: Tuning = { sure: 0.55, guess: 0.15, close: 0.9, clear: 0.7, topic: 0.2 };

/** A best answer at least this good is a likely one, though not sure enough to be shown as the answer. */
const LEAD = 0.35;

const RESULTS = 5;
const MAX_CANDIDATES = 3;

export interface Interpreter {
  interpret(text: string, situation?: Situation, tuning?: Tuning): Verdict;
  /** The search behind questions (the compose box lists its results). */
  readonly engine: AnswerEngine;
}

/** "command:documents", "smalltalk:thanks", "out-of-scope:vog": the verdict in one word, for the CLI and the eval. */
export function verdictLabel(verdict: Verdict): string {
  switch (verdict.kind) {
    case 'command':
      return `command:${verdict.command.name}`;
    case 'intake-answer':
      return `intake-answer:${verdict.field}`;
    case 'small-talk':
      return `smalltalk:${verdict.intent.id}`;
    case 'out-of-scope':
      return `out-of-scope:${verdict.topic?.id ?? 'general'}`;
    default:
      return verdict.kind;
  }
}

/** True when the verdict shows a handreiking answer as the answer. */
export function shownAsAnswer(verdict: Verdict): boolean {
  return verdict.kind === 'question' && verdict.answer.confident;
}

function createInterpreter(knowledge: Knowledge, engine: AnswerEngine, parser: IntakeParser): Interpreter {
  const { intents } = knowledge.understanding;
  const commands: CommandMatcher = createCommandMatcher(knowledge.understanding.commands);
  const filler = new Set(intents.filler.map(fold));
  const smallTalk = new PhraseSet(
    intents.smallTalk.flatMap((intent, rank) => intent.phrases.map((phrase) => ({ phrase, value: { intent, rank } }))),
    filler,
  );
  const cues = new PhraseSet(
    [
      ...intents.advice.request.map((phrase) => ({ phrase, value: 'request' as const })),
      ...intents.advice.open.map((phrase) => ({ phrase, value: 'open' as const })),
      ...intents.notice.phrases.map((phrase) => ({ phrase, value: 'notice' as const })),
    ],
    filler,
  );
  const stopwords = new Set([...knowledge.vocabulary.stopwords.map(fold), ...filler]);
  const questionStart = new Set(intents.questionStart.map(fold));
  const topics = new Map(knowledge.understanding.topics.topics.map((t) => [`topic:${t.id}`, t]));

  const triggers = new PhraseSet(
    [...knowledge.understanding.triggers.entries()].flatMap(([key, phrases]) =>
      phrases.map((phrase) => ({ phrase, value: key })),
    ),
    stopwords,
  );

  /** The answer to a question, or why there is none. */
  const decide = (text: string, tokens: readonly string[], tuning: Tuning): Verdict => {
    const out = engine.query(text, { limit: RESULTS });
    const answers = out.results.filter((r) => r.kind !== 'topic');
    const offTopic = (topic: Topic | undefined): Verdict => ({
      kind: 'out-of-scope',
      topic,
      answer: { results: answers, confident: false },
    });

    // A word only a topic the handreiking does not cover has ("stagevergoeding", "vog", "minderjarige"): that topic,
    // before any trigger phrase ("hoeveel uur per week mag een minderjarige stagiair werken?").
    const owned = [...out.topicOnly.values()].flat();
    // A topic's plain word among as many words the knowledge does not know ("wat is de hoofdstad van frankrijk?"):
    // no topic of ours. A word that names the stage itself ("stagevergoeding") needs no company.
    // Unless that topic ranks first on more than its one word ("herkansingen voor de centrale examens").
    const top = out.results[0];
    const held = top?.kind === 'topic' && owned.includes(top.key) && top.matched >= 2;
    const weak =
      !held &&
      out.anchoredTopicTerms.size === 0 &&
      out.unknownTerms.length >= out.topicOnly.size + out.answerTerms.length;
    if (owned.length > 0 && weak) return offTopic(undefined);
    if (owned.length > 0) {
      const ranked = out.results.find((r) => r.kind === 'topic' && owned.includes(r.key));
      return offTopic(topics.get(ranked?.key ?? owned[0] ?? ''));
    }
    // Then a trigger phrase decides ("hoeveel uren" is a question about the rules).
    const trigger = triggers.find(tokens)[0]?.value;
    if (trigger?.startsWith('topic:')) return offTopic(topics.get(trigger));
    const triggered = trigger ? engine.entry(trigger) : undefined;
    if (trigger && triggered) {
      const first: AnswerResult = {
        key: trigger,
        kind: triggered.kind,
        title: triggered.title,
        score: 1,
        matched: out.terms.length,
        specific: 1,
      };
      return {
        kind: 'question',
        answer: { results: [first, ...answers.filter((r) => r.key !== trigger)].slice(0, RESULTS), confident: true },
      };
    }

    const first = out.results[0];
    const topic = first?.kind === 'topic' ? topics.get(first.key) : undefined;
    if (topic && first && first.score >= tuning.topic) return offTopic(topic);

    const best = answers[0];
    if (!best || best.score < tuning.guess) return offTopic(undefined);
    // Words the knowledge does not know, and the best answer matched one word only: not sure.
    const thin = out.unknownTerms.length > 0 && best.matched < 2;
    if (thin && out.unknownTerms.length >= out.answerTerms.length) return offTopic(undefined);
    // A word the knowledge does not know and one specific word matched ("het leerbedrijf een compliment geven"): the
    // question is about something else, not sure.
    const sparse = out.unknownTerms.length > 0 && best.specific < 2;
    // One word that is not the best answer's own name ("verder" in an example of 1.5), or one word of several: not sure.
    const lone = best.matched < 2 && ((out.named.get(best.key) ?? best.matched) === 0 || out.terms.length > 1);
    // Only words most answers have ("iets over stages en bedrijven"): too vague to be sure.
    const sure = best.score >= tuning.sure && !thin && !sparse && !lone && best.specific > 0;
    // Not sure, and a topic the handreiking does not cover is as good on more specific words ("mag het bedrijf bepalen
    // wanneer de student vrij neemt in de meivakantie?"): that topic.
    const rival = out.results.find((r) => r.kind === 'topic');
    if (!sure && rival && rival.score >= best.score * tuning.close && rival.specific > best.specific)
      return offTopic(topics.get(rival.key));
    const close = answers.filter((r) => r.score >= best.score * tuning.close).slice(0, MAX_CANDIDATES);
    if (sure && close.length > 1 && best.score < tuning.clear) {
      return { kind: 'clarify', answer: { results: answers, confident: false }, candidates: close };
    }
    return { kind: 'question', answer: { results: answers, confident: sure } };
  };

  /** Intake answers the message carries, including a number of students said in passing. */
  const factsOf = (text: string): Partial<Intake> => {
    const facts = parser.all(text);
    const count = parser.studentCount(text);
    return { ...facts, ...(count ? { students: count } : {}) };
  };

  const intakeAnswer = (text: string, field: IntakeField): Partial<Intake> | undefined => {
    const extra = { ...parser.all(text, field === 'details' ? undefined : field) };
    const count = parser.studentCount(text);
    switch (field) {
      case 'sector':
        return extra.sector ? { ...extra, ...(count ? { students: count } : {}) } : undefined;
      case 'situations':
        return extra.situations ? { ...extra, ...(count ? { students: count } : {}) } : undefined;
      case 'places':
        return extra.places ? { ...extra, ...(count ? { students: count } : {}) } : undefined;
      case 'details': {
        const students = parser.students(text);
        const details: Partial<Intake> = {
          ...(extra.leerweg ? { leerweg: extra.leerweg } : {}),
          ...(extra.niveau ? { niveau: extra.niveau } : {}),
          ...(students ? { students } : {}),
        };
        return Object.keys(details).length > 0 ? { ...details, detailsDone: true } : undefined;
      }
    }
  };

  /** Words that carry meaning (no stop or filler words). */
  const contentWords = (tokens: readonly string[]) => tokens.filter((t) => !stopwords.has(t));

  /**
   * A word of a topic the handreiking does not cover that no intake answer explains ("mijn stagiair is
   * ziek, wat moet ik doen?"): "wat moet ik doen?" then asks about that topic, not for advice.
   */
  const aboutTopic = (text: string): boolean => {
    const owned = engine.query(text, { limit: 1 }).topicOnly;
    if (owned.size === 0) return false;
    const free = new Set(parser.unexplained(text).flatMap((word) => engine.query(word, { limit: 1 }).terms));
    return [...owned.keys()].some((term) => free.has(term));
  };

  /** Does the question have an answer of its own: a sure one, or a topic the handreiking does not cover? */
  const answered = (text: string, tokens: readonly string[], tuning: Tuning): boolean => {
    const verdict = decide(text, tokens, tuning);
    return shownAsAnswer(verdict) || (verdict.kind === 'out-of-scope' && verdict.topic !== undefined);
  };

  /** Is there a likely answer (not necessarily a sure one) to the message as a question? */
  const hasLead = (text: string, tokens: readonly string[], tuning: Tuning): boolean => {
    const verdict = decide(text, tokens, tuning);
    const best = verdict.kind === 'question' || verdict.kind === 'clarify' ? verdict.answer.results[0] : undefined;
    return best !== undefined && best.score >= LEAD;
  };

  /**
   * The message tells something in one or more sentences and ends in a question of its own: no cue for advice, no
   * intake answer, but words of its own or a question word first ("Kunnen die samen op die ene plek?", "Wat kunnen ze
   * doen?"; not "Wat kunnen we doen?", an open cue, or "Help?").
   */
  const endsInOwnQuestion = (text: string): boolean => {
    const sentences = text.split(/(?<=[.!?])\s+/).filter((s) => fold(s));
    const last = sentences.at(-1);
    if (sentences.length < 2 || !last || !looksLikeQuestion(last, questionStart)) return false;
    const words = smallTalk.tokens(last);
    if (cues.find(words).length > 0) return false;
    const facts = factsOf(last);
    if (Object.keys(facts).length > 0) return false;
    return contentWords(words).length > 0 || questionStart.has(words[0] ?? '');
  };

  /** Does the message ask for advice on the coordinator's own situation? */
  const adviceRequest = (
    tokens: readonly string[],
    text: string,
    questionForm: boolean,
    tuning: Tuning,
  ): Partial<Intake> | undefined => {
    // A short open cue ("en nu", "opties") asks only where it ends its clause ("..., en nu?"), not inside a sentence
    // ("en nu vinden ze geen stage meer").
    const ends = clauseEnds(text);
    const found = cues
      .find(tokens)
      .filter((m) => m.value !== 'open' || m.end - m.start >= LONG_CUE || endsClause(tokens, m.end, ends))
      .map((m) => m.value);
    const facts = factsOf(text);
    // "een stagiair" is no number of students ("een bakker wil graag een stagiair"): not a situation told.
    const counted = parser.studentCount(text, false) !== undefined;
    const situation = (facts.situations?.length ?? 0) > 0 || facts.places !== undefined || counted;
    if (found.includes('request')) {
      // A story about someone else's student, no intake answer at all ("Ik begeleid een student die ... Wat raad je
      // aan?"): a question for the handreiking when it has a likely answer.
      const none = !counted && Object.keys(parser.all(text)).length === 0 && !parser.ownGroup(text);
      const story = text.split(/(?<=[.!?])\s+/).filter((t) => fold(t)).length >= 3;
      if (none && story && questionForm && hasLead(text, tokens, tuning)) return undefined;
      return facts;
    }
    // A story that ends in a question of its own ("... Kunnen die twee samen op die ene plek?"), no "wat kan ik doen?":
    // a question for the handreiking, when it has a likely answer.
    if (questionForm && endsInOwnQuestion(text) && hasLead(text, tokens, tuning)) return undefined;
    if (found.includes('open') && (situation || facts.sector)) {
      if (aboutTopic(text)) return undefined;
      // Only a situation, no sector, number, places or "mijn studenten", and a sure answer ("het leerbedrijf heeft
      // overdag geen tijd om te begeleiden, 's avonds wel; wat zijn de mogelijkheden?"): a question about that
      // answer, not about the coordinator's own group.
      const bare = !counted && !facts.sector && facts.places === undefined && !parser.ownGroup(text);
      if (bare && questionForm && answered(text, tokens, tuning)) return undefined;
      // Only a sector and "hoe lossen we dat op?" / "is that one of the options?" after a described solution: a
      // question about that solution when the handreiking has a likely answer, not a request to start the intake.
      if (!situation && questionForm && hasLead(text, tokens, tuning)) return undefined;
      return facts;
    }
    // "12 studenten zonder stage" tells the coordinator's own situation ("een student vindt het lastig ..." asks about
    // one): advice, also when it ends in a question that has no sure answer of its own ("... Wat nu?", "Help?").
    const told =
      parser.studentCount(text, false) !== undefined && ((facts.situations?.length ?? 0) > 0 || facts.places);
    if (told && questionForm) return answered(text, tokens, tuning) ? undefined : facts;
    if (questionForm) return undefined;
    if (told) return facts;
    // Intake answers typed in one go ("horeca, geen plekken"; "bbl, niveau 2, ongeveer 12"): little else in the
    // message.
    const details = {
      ...(facts.leerweg ? { leerweg: facts.leerweg } : {}),
      ...(facts.niveau ? { niveau: facts.niveau } : {}),
    };
    const kinds = [
      facts.sector,
      facts.situations?.length,
      facts.places,
      facts.leerweg,
      facts.niveau,
      facts.students,
    ].filter(Boolean).length;
    if (
      kinds >= 1 &&
      contentWords(parser.unexplained(text)).length === 0 &&
      (kinds >= 2 || Object.keys(details).length > 0 || facts.sector)
    ) {
      const students = facts.students ?? parser.students(text);
      return { ...facts, ...(students ? { students } : {}) };
    }
    return undefined;
  };

  return {
    engine,
    interpret(input, situation = { where: 'personal' }, tuning = TUNING) {
      const text = plainQuestion(input).trim();
      const tokens = smallTalk.tokens(text);
      if (tokens.length === 0) return { kind: 'empty' };

      const command = commands.match(text, during(situation), input);
      if (command?.name === 'skip') return { kind: 'intake-answer', field: 'details', update: { detailsDone: true } };
      if (command) return { kind: 'command', command };

      const questionForm = looksLikeQuestion(text, questionStart);
      if (situation.asking) {
        const update = intakeAnswer(text, situation.asking);
        // A question that happens to name an answer ("Mag een bbl'er zonder leerbaan naar school?") is answered
        // instead.
        const asked = update && text.trim().endsWith('?') ? decide(text, tokens, tuning) : undefined;
        if (update && !(asked && shownAsAnswer(asked)))
          return { kind: 'intake-answer', field: situation.asking, update };
      }

      // Only small talk ("dank je wel!", "hoi"); or small talk around a question ("hoi, wat is een lintstage?").
      const head = smallTalk.cover(tokens);
      if (head.end === tokens.length && head.matches.length > 0)
        return { kind: 'small-talk', intent: firstIntent(head.matches.map((m) => m.value)) };
      const covered = smallTalk.coveredTail(tokens);
      // One word at the end of a sentence is only small talk as a clause of its own ("..., top!"), not in it ("het
      // zoeken lukt ze slecht").
      const glued =
        covered.matches.length === 1 &&
        tokens.length - covered.start === 1 &&
        covered.start > 0 &&
        !clauseEnds(text).has(covered.start);
      const tail: typeof covered = glued ? { matches: [], start: tokens.length } : covered;
      // Strip a greeting or thanks before or after the question, not the filler words next to it.
      const from = head.matches.at(-1)?.end ?? 0;
      const to = tail.matches[0]?.start ?? tokens.length;
      const core = from > 0 || to < tokens.length ? tokens.slice(from, Math.max(from, to)) : tokens;
      const coreText = core === tokens ? text : core.join(' ');
      const around = [...head.matches, ...tail.matches].map((m) => m.value);
      // A command with small talk around it ("help, hoe werkt dit?", "hoi, documenten graag").
      const wrapped = around.length > 0 ? commands.match(coreText, during(situation), coreText) : undefined;
      if (wrapped && wrapped.name !== 'skip') return { kind: 'command', command: wrapped };
      if (around.length > 0 && contentWords(core).length === 0)
        return { kind: 'small-talk', intent: firstIntent(around) };

      if (cues.find(core).some((m) => m.value === 'notice')) return { kind: 'notice' };
      const advice = adviceRequest(core, coreText, questionForm, tuning);
      if (advice) return { kind: 'advice', intake: advice };
      const verdict = decide(coreText, core, tuning);
      if (around.length === 0 || shownAsAnswer(verdict)) return verdict;
      const asks = questionForm || questionStart.has(core[0] ?? '');
      // In a question, words taken for small talk may belong to it ("kun je met een computer de praktijk oefenen?"): a
      // sure answer to the whole message wins.
      const whole = asks && core !== tokens ? decide(text, tokens, tuning) : verdict;
      if (shownAsAnswer(whole)) return whole;
      // Thanks or a greeting around words that point nowhere ("dankjewel voor het meedenken", "hoi, ik heb een vraag"),
      // around one word ("dank je, fijne dag verder!"), or around a statement that is no question and has no answer
      // ("Hallo, ik ben Marieke, bpv-coördinator bij zorg").
      const topic = verdict.kind === 'out-of-scope' && verdict.topic !== undefined;
      if (pointsNowhere(verdict) || oneWord(verdict) || (!asks && !topic))
        return { kind: 'small-talk', intent: firstIntent(around) };
      return verdict;
    },
  };
}

/** A cue of this many words or more asks for advice wherever it stands ("wat kan ik doen"). */
const LONG_CUE = 3;

/** Where the clauses of the text end, as word positions (after the last word of each clause). */
function clauseEnds(text: string): Set<number> {
  const ends = new Set<number>();
  let at = 0;
  for (const clause of text.split(/[.,;:!?()\n]+/)) {
    const folded = fold(clause);
    if (!folded) continue;
    at += folded.split(' ').length;
    ends.add(at);
  }
  return ends;
}

/** Only filler (or nothing) stands between `end` and the end of its clause. */
function endsClause(tokens: readonly string[], end: number, ends: ReadonlySet<number>): boolean {
  return end >= tokens.length || ends.has(end);
}

/** Off-topic without a topic, or a guess on words most answers have: nothing to answer. */
function pointsNowhere(verdict: Verdict): boolean {
  if (verdict.kind === 'out-of-scope') return verdict.topic === undefined;
  if (verdict.kind === 'question' || verdict.kind === 'clarify')
    return (verdict.answer.results[0]?.specific ?? 0) === 0;
  return false;
}

/** A guess that matched one word of the message only. */
function oneWord(verdict: Verdict): boolean {
  if (verdict.kind !== 'question' && verdict.kind !== 'clarify') return false;
  return (verdict.answer.results[0]?.matched ?? 0) < 2;
}

/** Where some command words mean something else: the intake's details question, or the advice walk. */
function during(situation: Situation): During | undefined {
  return situation.asking === 'details' ? 'intake' : situation.during === 'advice' ? 'advice' : undefined;
}

function firstIntent(found: ReadonlyArray<{ intent: SmallTalk; rank: number }>): SmallTalk {
  return [...found].sort((a, b) => a.rank - b.rank)[0]?.intent as SmallTalk;
}

/** The interpreter over the knowledge, with the Dutch stemmer loaded (once per process). */
export async function loadInterpreter(knowledge: Knowledge): Promise<Interpreter> {
  const stem = await loadDutchStemmer();
  return createInterpreter(knowledge, createAnswerEngine(knowledge, stem), createIntakeParser(knowledge));
}
