import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../src/knowledge/load';
import { KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/paths';
import { createAnalyzer } from '../src/search/analyzer';
import { CONFIDENCE_THRESHOLD, corpusOf, createAnswerEngine } from '../src/search/engine';
import { knowledgeEntries } from '../src/search/entries';
import { editDistance } from '../src/domain/text';
import { readEvalSet, runEval } from '../src/search/evalSet';
import { looksLikeQuestion, plainQuestion } from '../src/search/question';

const knowledge = loadKnowledge(KNOWLEDGE_DIR);
const engine = createAnswerEngine(knowledge);
const analyzer = createAnalyzer({ vocabulary: knowledge.vocabulary, corpus: corpusOf(knowledgeEntries(knowledge)) });
const top = (q: string) => engine.search(q, { limit: 3 })[0]?.key;

describe('Dutch analysis', () => {
  it('folds case and accents and drops stop words', () => {
    expect(analyzer.normalise('Kunnen TWEE studenten één Stageplaats delen?')).toEqual(['twee', 'studenten', 'stageplaats', 'delen']);
    expect(analyzer.queryTerms('coördinator')).toEqual(analyzer.queryTerms('coordinator'));
  });

  it('stems Dutch word forms to one term', () => {
    expect(analyzer.queryTerms('leerbedrijven')).toEqual(analyzer.queryTerms('leerbedrijf'));
    expect(analyzer.queryTerms('stageperiodes')).toEqual(analyzer.queryTerms('stageperiode'));
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

  it('corrects typos to known words, but leaves short and unknown words alone', () => {
    expect(analyzer.normalise('simulaite')).toEqual(['simulatie']);
    expect(analyzer.normalise('urennrom')).toEqual(['urennorm']);
    expect(analyzer.normalise('erkening')).toEqual(['erkenning']);
    expect(analyzer.normalise('weer')).toEqual(['weer']);
    expect(analyzer.normalise('bestellen')).toEqual(['bestellen']);
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
    expect(looksLikeQuestion('Mag een bbl-er in de zorg in het weekend werken?')).toBe(true);
    expect(looksLikeQuestion('hoe werkt een lintstage')).toBe(true);
    expect(looksLikeQuestion('horeca, geen plekken')).toBe(false);
  });
});

describe('answer engine', () => {
  it('indexes all 23 options, 5 documents and 3 contact routes', () => {
    expect(engine.size).toBe(31);
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

  it('puts a bullet the question names first', () => {
    expect(engine.search('wat staat er in punt 2.4?')[0]).toMatchObject({ key: '2.4', score: 1 });
  });

  it('is sure about clear questions and not sure about questions outside the handreiking', () => {
    expect(engine.threshold).toBe(CONFIDENCE_THRESHOLD);
    expect(engine.answer('Kunnen twee studenten één stageplaats delen?').confident).toBe(true);
    for (const q of ['Hoe reset ik mijn wachtwoord?', 'Wat wordt het weer morgen?', 'Hoe vraag ik een nieuwe laptop aan?', 'Wie wint het WK voetbal?']) {
      expect(engine.answer(q).confident, q).toBe(false);
    }
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

describe('question sets', () => {
  const ownFile = path.join(PROJECT_ROOT, 'test', 'fixtures', 'questions.jsonl');
  const sharedFile = path.join(PROJECT_ROOT, '..', 'shared', 'eval', 'questions.jsonl');
  const own = readEvalSet(ownFile);

  it('the project set has at least 80 questions covering every option, document and contact', () => {
    expect(own.length).toBeGreaterThanOrEqual(80);
    const covered = new Set(own.flatMap((q) => q.expect));
    for (const entry of knowledgeEntries(knowledge)) expect(covered.has(entry.key), entry.key).toBe(true);
  });

  // The shared set lives next to the project; where it is present it must meet the same bar.
  const sets = [ownFile, ...(existsSync(sharedFile) ? [sharedFile] : [])];
  it.each(sets)('meets the bar on %s: top-1 at least 90 percent, top-3 at least 98 percent', (file) => {
    const report = runEval(engine, readEvalSet(file));
    expect(report.total).toBeGreaterThan(0);
    expect(report.top1, JSON.stringify(report.misses, null, 1)).toBeGreaterThanOrEqual(0.9);
    expect(report.top3, JSON.stringify(report.misses, null, 1)).toBeGreaterThanOrEqual(0.98);
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
