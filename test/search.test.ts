import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../src/knowledge/load';
import { KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/common/paths';
import { type Analyzer, createAnalyzer } from '../src/search/analyzer';
import { type AnswerEngine, createAnswerEngine, intakeWordsOf, lexiconOf } from '../src/search/engine';
import { knowledgeEntries, searchEntries } from '../src/search/entries';
import { editDistance, fold } from '../src/common/text';
import { loadDutchStemmer } from '../src/search/stemmer';
import { dictionaryForms } from '../src/search/dutchForms';
import { looksLikeQuestion, plainQuestion } from '../src/search/question';
import { readEvalSet } from '../src/understanding/evalSet';

const knowledge = loadKnowledge(KNOWLEDGE_DIR);
let engine: AnswerEngine;
let analyzer: Analyzer;
beforeAll(async () => {
  const stem = await loadDutchStemmer();
  engine = createAnswerEngine(knowledge, stem);
  analyzer = createAnalyzer({
    vocabulary: knowledge.vocabulary,
    corpus: lexiconOf(searchEntries(knowledge)),
    domain: intakeWordsOf(knowledge),
    stem,
    dictionaryForms: (w) => dictionaryForms(w),
  });
});
const top = (q: string) => engine.search(q, { limit: 3 }).filter((r) => r.kind !== 'topic')[0]?.key;

describe('Dutch analysis', () => {
  it('folds case and accents and drops stop words', () => {
    expect(analyzer.normalise('Kunnen TWEE studenten één Stageplaats delen?')).toEqual([
      'twee',
      'studenten',
      'stageplaats',
      'delen',
    ]);
    expect(analyzer.queryTerms('coördinator')).toEqual(analyzer.queryTerms('coordinator'));
  });

  it('stems Dutch word forms to one term', () => {
    expect(analyzer.queryTerms('leerbedrijven')).toEqual(analyzer.queryTerms('leerbedrijf'));
    expect(analyzer.queryTerms('stageperiodes')).toEqual(analyzer.queryTerms('stageperiode'));
    expect(analyzer.queryTerms('simulaties')).toEqual(analyzer.queryTerms('simulatie'));
  });

  it('maps a synonym-group member by the word itself, so a stem that cuts too much does not join the group', () => {
    // "weekend" stems to "week"; "dagen per week" is no weekend.
    expect(analyzer.queryTerms('weekend')).toEqual(analyzer.queryTerms('zaterdag'));
    expect(analyzer.queryTerms('week')).not.toEqual(analyzer.queryTerms('weekend'));
  });

  it('maps synonyms and abbreviations from knowledge/vocabulary.yaml to one term', () => {
    expect(analyzer.queryTerms('stageadres')[0]).toBe(analyzer.queryTerms('stageplek')[0]);
    expect(analyzer.queryTerms('stagiair')).toEqual(analyzer.queryTerms('student'));
    expect(analyzer.queryTerms('beroepsbegeleidende leerweg')).toEqual(analyzer.queryTerms('bbl'));
    expect(analyzer.queryTerms('op afstand')).toEqual(analyzer.queryTerms('thuiswerken'));
  });

  it('splits compounds into known parts', () => {
    const terms = analyzer.queryTerms('stagebedrijf');
    expect(terms).toEqual(expect.arrayContaining([...analyzer.queryTerms('stage'), ...analyzer.queryTerms('bedrijf')]));
    // Parts are real words of four letters or more: "verdelen" is no "ver" + "delen".
    expect(analyzer.queryTerms('verdelen')).toHaveLength(1);
  });

  it("knows the intake's sector words for typos, but reads such a compound by its last part, as an unknown one", () => {
    expect(analyzer.normalise('horca')).toEqual(['horeca']);
    // "reisbranche" is a sector word (toerisme), no word of an answer: it still means a branche.
    expect(analyzer.queryTerms('reisbranche')).toEqual(expect.arrayContaining(analyzer.queryTerms('branche')));
  });

  it('corrects typos to known words, but leaves short and unknown words alone', () => {
    expect(analyzer.normalise('simulaite')).toEqual(['simulatie']);
    expect(analyzer.normalise('urennrom')).toEqual(['urennorm']);
    expect(analyzer.normalise('erkening')).toEqual(['erkenning']);
    expect(analyzer.normalise('weer')).toEqual(['weer']);
    expect(analyzer.normalise('bestellen')).toEqual(['bestellen']);
  });

  it('does not correct real Dutch words, or their forms, to a word of the knowledge', () => {
    // "maart" is no typo of (ov-)kaart, "geven" none of "geen", "opzetten" none of "omzetten".
    const wrong: Array<[string, string]> = [
      ['maart', 'kaart'],
      ['geven', 'geen'],
      ['opzetten', 'omzetten'],
      ['kerst', 'eerst'],
      ['meiden', 'melden'],
      ['klanten', 'kanten'],
      ['snapt', 'stapt'],
      ['lijst', 'lijkt'],
    ];
    for (const [word, not] of wrong) expect(analyzer.normalise(word), word).not.toEqual([not]);
    expect(analyzer.normalise('maart')).toEqual(['maart']);
    expect(analyzer.normalise('stagplekken')).toEqual(['stageplekken']);
    // A form of a word the knowledge has is read as that word.
    expect(analyzer.normalise('verandert')).toEqual(['veranderen']);
    expect(dictionaryForms('gehaald')).toContain('halen');
    expect(dictionaryForms('weken')).toContain('week');
    expect(dictionaryForms('erkening')).toEqual([]);
  });

  it('keeps a part ("deel") apart from sharing ("delen"), and a day from days', () => {
    expect(analyzer.queryTerms('deel')).not.toEqual(analyzer.queryTerms('delen'));
    expect(analyzer.queryTerms('deel')).toEqual(analyzer.queryTerms('gedeeltelijk'));
    expect(analyzer.queryTerms('dagen')).toEqual(analyzer.queryTerms('dag'));
  });

  it('measures swapped letters as one typo', () => {
    expect(editDistance('stgae', 'stage', 2, true)).toBe(1);
    expect(editDistance('stage', 'stage', 2, true)).toBe(0);
    expect(editDistance('abcdef', 'uvwxyz', 2, true)).toBe(3);
    expect(editDistance('bpvcoordinatoren', 'bpvcoordinatorne', 2, true)).toBe(1);
    // Without swaps (the intake parser) a swap is two edits.
    expect(editDistance('stgae', 'stage', 2)).toBe(2);
  });

  it('tells questions from intake answers typed in one go', () => {
    const start = new Set(knowledge.understanding.intents.questionStart);
    expect(looksLikeQuestion('Mag een bbl-er in de zorg in het weekend werken?', start)).toBe(true);
    expect(looksLikeQuestion('hoe werkt een lintstage', start)).toBe(true);
    expect(looksLikeQuestion('horeca, geen plekken', start)).toBe(false);
  });
});

describe('answer engine', () => {
  it('indexes all 23 options, 5 documents and 3 contact routes, and the topics the handreiking does not cover', () => {
    expect(engine.size).toBe(31 + knowledge.understanding.topics.topics.length);
    expect(engine.entry('topic:vog')?.kind).toBe('topic');
    expect(engine.entry('1.11')?.kind).toBe('option');
    expect(engine.entry('doc:kennispunt')?.kind).toBe('document');
    expect(engine.entry('contact:btg-overleg')?.kind).toBe('contact');
  });

  it('ranks results best first with scores between 0 and 1', () => {
    const results = engine.search('lintstage of blokstage', { limit: 5 });
    expect(results[0]).toMatchObject({ key: '1.2', kind: 'option', title: 'Lintstage in plaats van blokstage' });
    expect(results.length).toBeLessThanOrEqual(5);
    for (const [i, r] of results.entries()) {
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      if (i > 0) expect(r.score).toBeLessThanOrEqual(results[i - 1]?.score ?? 1);
    }
  });

  it('understands abbreviations, synonyms, sector words and typos', () => {
    expect(top('bbl zonder werkgever')).toBe('3.3');
    expect(top('stagiair werkt vanuit huis')).toBe('1.11');
    expect(top('leerafdeling in het ziekenhuis')).toBe('2.7');
    expect(top('spedddate met bedrijven')).toBe('1.9');
    expect(top('afwijken van de urennrom')).toBe('3.2');
  });

  it('finds documents and contacts when asked for them', () => {
    expect(top('Waar vind ik het servicedocument?')).toBe('doc:servicedocument');
    expect(top('contact sbb adviseur')).toBe('contact:sbb');
    expect(top('met wie kan ik sparren in het btg overleg')).toBe('contact:btg-overleg');
  });

  it('tells which matched words name an answer (its title or keywords) and which only occur in its examples', () => {
    const outcome = engine.query('urennorm');
    expect(outcome.results[0]?.key).toBe('3.2');
    expect(outcome.named.get('3.2')).toBe(1);
    // "verder" stands in example questions ("de student moet verder reizen"), not in any answer's name.
    const verder = engine.query('verder');
    expect(verder.results.every((r) => (verder.named.get(r.key) ?? 0) === 0)).toBe(true);
  });

  it('puts a bullet the question names first', () => {
    expect(engine.search('wat staat er in punt 2.4?')[0]).toMatchObject({ key: '2.4', score: 1 });
  });

  it('tells which words of a question only topics outside the handreiking have, and which words nothing has', () => {
    const outcome = engine.query('Heeft een stagiair een VOG nodig voor de zorg?');
    expect([...outcome.topicOnly.values()].flat()).toContain('topic:vog');
    expect(engine.query('Hoe reset ik mijn wachtwoord?').unknownTerms).toContain('wachtwoord');
  });

  it('gives a topic the words an answer only mentions in passing or inside a compound', () => {
    // 3.3 mentions studiefinanciering among its actions; "ziekenhuis" (2.7) holds no "ziek".
    expect([...engine.query('krijgt een bbl-student nog studiefinanciering?').topicOnly.values()].flat()).toContain(
      'topic:studiefinanciering',
    );
    expect([...engine.query('de stagiair is ziek').topicOnly.values()].flat()).toContain('topic:ziekmelden');
    expect(engine.query('een leerafdeling in het ziekenhuis').topicOnly.size).toBe(0);
  });

  it('returns nothing for text without searchable words, and survives very long text', () => {
    expect(engine.search('')).toEqual([]);
    expect(engine.search('🙈 ?! ... de het een')).toEqual([]);
    const long = 'stage delen met twee studenten '.repeat(400);
    const started = performance.now();
    expect(top(long)).toBe('1.3');
    // Generous: this guards against a runaway (the question is cut at 1,000 characters), not a benchmark.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('example questions', () => {
  it('copy no line of the sets that estimate unseen questions (held-out, probe and the blind sets)', () => {
    const examples = new Set([...knowledge.understanding.questions.values()].flat().map((q) => fold(q)));
    for (const set of ['heldout.jsonl', 'probe.jsonl', 'blind-1.jsonl', 'blind-2.jsonl', 'blind-3.jsonl']) {
      const copied = readEvalSet(path.join(PROJECT_ROOT, 'test', 'fixtures', set)).filter((line) =>
        examples.has(fold(line.q)),
      );
      expect(copied.length, set).toBe(0);
    }
  });

  it('the project set covers every option, document and contact route', () => {
    const own = readEvalSet(path.join(PROJECT_ROOT, 'test', 'fixtures', 'questions.jsonl'));
    const covered = new Set(own.flatMap((q) => q.expect ?? []));
    for (const entry of knowledgeEntries(knowledge)) expect(covered.has(entry.key), entry.key).toBe(true);
  });
});

describe('markup in questions', () => {
  it('reads the words, not the HTML, links or template syntax', () => {
    expect(plainQuestion('<p>Hoe werkt een <b>lintstage</b>?</p>')).not.toContain('<');
    expect(plainQuestion('[de faq](https://evil.example) graag')).toContain('de faq');
    expect(plainQuestion('zie https://evil.example/x en ${title}')).not.toMatch(/evil|title/);
    expect(top('<p>Hoe werkt een <b>lintstage</b>?</p> &nbsp;')).toBe('1.2');
  });
});
