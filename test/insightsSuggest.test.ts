import { load as parseYaml } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { TextRow } from '../src/insights/model';
import { buildReport, labelsOf } from '../src/insights/report';
import { suggest, suggestionsYaml, withChanges } from '../src/insights/suggest';
import { loadKnowledge } from '../src/knowledge/load';
import { KNOWLEDGE_DIR } from '../src/common/paths';
import { loadInterpreter } from '../src/understanding/interpreter';

/**
 * Suggestions from real questions: seeded questions the bot was not sure about (or whose answer was
 * rated "niet nuttig") point to the answer they meant, and the YAML adds it as an example question.
 */

const knowledge = loadKnowledge(KNOWLEDGE_DIR);
const day = '2026-11-02';
const text = (kind: TextRow['kind'], key: string, question: string, n = 1): TextRow => ({
  day,
  kind,
  key,
  text: question,
  n,
});

describe('suggestions', () => {
  it('point seeded questions to the expected answers, say how sure, and fix them once pasted', async () => {
    const texts = [
      text('unsure', '', 'kapsalon wil liever alleen in het weekend', 3),
      text('unsure', '', 'zaterdagen bij de bakker'),
      text('out-of-scope', 'general', 'adres van sbb', 2),
      // Off-topic with a topic: the bot already said where to go. Nothing to suggest.
      text('out-of-scope', 'stagevergoeding', 'wat is de stagevergoeding'),
      // Shown as the answer 1.10 and rated "niet nuttig": SBB was meant.
      text('not-useful', '1.10', 'hulp bij het vinden van een plek voor mijn studenten'),
      text('unsure', '', 'hoe laat gaat de kantine open'),
    ];
    const report = buildReport({ counts: [], texts, instances: 1 }, labelsOf(knowledge), {
      now: new Date(`${day}T12:00:00Z`),
    });
    const suggestions = await suggest(report, knowledge, loadInterpreter);
    const of = (question: string) => suggestions.find((s) => s.question === question);

    expect(of('kapsalon wil liever alleen in het weekend')).toMatchObject({
      source: 'unsure',
      count: 3,
      target: { key: '1.4' },
      certainty: 'waarschijnlijk',
      change: { file: 'knowledge/questions.yaml', key: '1.4', example: 'kapsalon wil liever alleen in het weekend' },
      fixed: true,
    });
    expect(of('zaterdagen bij de bakker')).toMatchObject({ target: { key: '1.4' }, fixed: true });
    // One word matched and no clear lead: the candidate is named, no change is proposed.
    expect(of('adres van sbb')).toMatchObject({
      source: 'out-of-scope',
      target: { key: 'contact:sbb' },
      certainty: 'mogelijk',
    });
    expect(of('adres van sbb')?.change).toBeUndefined();
    expect(of('hulp bij het vinden van een plek voor mijn studenten')).toMatchObject({
      source: 'not-useful',
      got: { key: '1.10' },
      target: { key: 'contact:sbb' },
    });
    expect(of('wat is de stagevergoeding')).toBeUndefined();
    // Nothing in the handreiking: no change, and the YAML says why.
    expect(of('hoe laat gaat de kantine open')?.change).toBeUndefined();

    // The YAML parses, and its lines are the example questions under their keys.
    const out = suggestionsYaml(suggestions);
    const parsed = parseYaml(out) as { questions: Record<string, string[]> };
    expect(parsed.questions['1.4']).toEqual(['kapsalon wil liever alleen in het weekend', 'zaterdagen bij de bakker']);
    expect(parsed.questions['contact:sbb']).toEqual(['hulp bij het vinden van een plek voor mijn studenten']);
    expect(out).toContain(
      '# - "adres van sbb" (2x buiten de handreiking (geen onderwerp); bedoelt mogelijk contact:sbb',
    );
    expect(out).toContain('# - "hoe laat gaat de kantine open"');
    expect(out).toContain('npm run eval');

    // Once pasted (here: in memory), the same question gets a sure answer and no new suggestion.
    const pasted = withChanges(
      knowledge,
      suggestions.flatMap((s) => (s.change ? [s.change] : [])),
    );
    expect(pasted.understanding.questions.get('1.4')).toEqual(expect.arrayContaining(['zaterdagen bij de bakker']));
    const again = await suggest(report, pasted, loadInterpreter);
    expect(again.find((s) => s.question === 'kapsalon wil liever alleen in het weekend')).toMatchObject({
      alreadyFixed: true,
    });
    expect(again.find((s) => s.question === 'kapsalon wil liever alleen in het weekend')?.change).toBeUndefined();
    // The knowledge on disk is never changed.
    expect(loadKnowledge(KNOWLEDGE_DIR).understanding.questions.get('1.4')).not.toContain('zaterdagen bij de bakker');
  }, 30_000);

  it('adds a synonym to the group of its partner word, or as a new group', () => {
    const changed = withChanges(knowledge, [
      { file: 'knowledge/vocabulary.yaml', word: 'teleworken', partner: 'thuiswerken', group: [] },
      { file: 'knowledge/vocabulary.yaml', word: 'kapperszaak', partner: 'woordzonder', group: [] },
    ]);
    expect(changed.vocabulary.synonyms.find((g) => g.includes('thuiswerken'))).toContain('teleworken');
    expect(changed.vocabulary.synonyms).toContainEqual(['woordzonder', 'kapperszaak']);
    expect(knowledge.vocabulary.synonyms.find((g) => g.includes('thuiswerken'))).not.toContain('teleworken');
  });
});
