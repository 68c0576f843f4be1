import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { advise, matches } from '../src/domain/advisor';
import { type Intake, IntakeSchema } from '../src/domain/intake';
import { loadKnowledge } from '../src/knowledge/load';
import { KNOWLEDGE_DIR } from '../src/common/paths';

const knowledge = loadKnowledge(KNOWLEDGE_DIR);
const intake = (partial: Partial<Intake>): Intake => IntakeSchema.parse({ detailsDone: true, ...partial });

interface Case {
  name: string;
  intake: Partial<Intake>;
  startStep: 1 | 2 | 3;
  /** Per step, the option that must come first. */
  first?: Partial<Record<1 | 2 | 3, string>>;
  /** Per step, an option that must not come first. */
  notFirst?: Partial<Record<1 | 2 | 3, string>>;
  /** Options that must be highlighted on the first card (strong options from other steps). */
  highlights?: string[];
  /** Options that must not be highlighted on the first card. */
  notHighlighted?: string[];
  /** Options that must not be advised in step 1 (they need places that are not there). */
  notInStep1?: string[];
  /** Options left out of the advice, with the reason they must give for it. */
  leftOut?: Record<string, RegExp>;
  /** Options (advised or left out) whose reason must not say this. */
  reasonNot?: Record<string, RegExp>;
  /** The contact route that comes first. */
  firstContact?: string;
}

const cases: Case[] = [
  {
    name: 'no places at all starts at recruitment and raises looking beyond the region and at other schools (D2)',
    intake: { sector: 'vgg', situations: ['geen-plek'], places: 'geen' },
    startStep: 2,
    first: { 2: '2.1' },
    highlights: ['1.5', '1.8'],
    notInStep1: ['1.1', '1.2', '1.3', '1.4'],
    firstContact: 'sbb',
  },
  {
    name: 'no places at all does not push the alternatives of step 3, the urennorm least of all, before recruitment (D3)',
    intake: { sector: 'vgg', situations: ['geen-plek'], places: 'geen' },
    startStep: 2,
    notHighlighted: ['3.1', '3.2', '3.3', '3.4', '3.5'],
  },
  {
    name: 'the options left out for lack of places say so (D1)',
    intake: { sector: 'handel', situations: ['plek-weggevallen'], places: 'geen' },
    startStep: 2,
    leftOut: { '1.1': /geen plekken/, '1.2': /geen plekken/, '1.3': /geen plekken/, '1.4': /geen plekken/ },
  },
  {
    name: 'a bbl group with too few places: the stage-only options are left out because of the bbl, not for lack of places (D1)',
    intake: { sector: 'zws', situations: ['te-weinig-begeleiding'], places: 'te-weinig', leerweg: 'bbl' },
    startStep: 1,
    leftOut: { '1.1': /bbl/, '1.2': /bbl/, '1.3': /bbl/, '1.4': /bbl/ },
    reasonNot: { '1.1': /plekken/, '1.2': /plekken/, '1.3': /geen plekken/, '1.4': /geen plekken/ },
  },
  {
    name: 'learning goals reached but hours not raises early completion, not the urennorm deviation as "precisely" this case (C2)',
    intake: { sector: 'vgg', situations: ['leerdoelen-behaald-uren-niet'], places: 'te-weinig' },
    startStep: 1,
    first: { 1: '1.6', 3: '3.2' },
    notHighlighted: ['3.2'],
    reasonNot: { '3.2': /precies/ },
  },
  {
    name: 'home working raises remote supervision',
    intake: { sector: 'ict', situations: ['thuiswerken'], places: 'voldoende' },
    startStep: 1,
    first: { 1: '1.11' },
  },
  {
    name: 'a bbl student without a leerbaan raises starting in bol: the situation calls for it (D3)',
    intake: { sector: 'tgo', situations: ['bbl-zonder-leerbaan'], places: 'te-weinig', leerweg: 'bbl' },
    startStep: 1,
    first: { 3: '3.3' },
    highlights: ['3.3'],
  },
  {
    name: 'a bbl student without a leerbaan and no places at all: starting in bol is raised, the other alternatives wait (D3)',
    intake: { sector: 'tgo', situations: ['bbl-zonder-leerbaan'], places: 'geen', leerweg: 'bbl' },
    startStep: 2,
    highlights: ['3.3'],
    notHighlighted: ['3.1', '3.2', '3.4'],
  },
  {
    name: 'a bbl group that works from home is not pushed to start in bol (P10)',
    intake: { sector: 'ict', situations: ['thuiswerken'], places: 'voldoende', leerweg: 'bbl' },
    startStep: 1,
    first: { 1: '1.11' },
    notHighlighted: ['3.3'],
    reasonNot: { '3.3': /zonder leerbaan is/ },
  },
  {
    name: 'a student who finds searching hard gets extra support first',
    intake: { sector: 'handel', situations: ['moeite-met-zoeken'], places: 'voldoende' },
    startStep: 1,
    first: { 1: '1.10' },
  },
  {
    name: "too little supervision in care: leerafdelingen are the handreiking's care example, not a way to need fewer praktijkopleiders (C3)",
    intake: { sector: 'zws', situations: ['te-weinig-begeleiding'], places: 'te-weinig' },
    startStep: 1,
    first: { 2: '2.7' },
    notHighlighted: ['2.7'],
    reasonNot: { '2.7': /minder praktijkopleiders/ },
  },
  {
    name: 'too little supervision: a second student on the same place is not advised as lighter supervision (C5)',
    intake: { sector: 'zws', situations: ['te-weinig-begeleiding'], places: 'te-weinig', leerweg: 'bbl' },
    startStep: 1,
    notFirst: { 1: '1.3' },
    reasonNot: { '1.3': /begeleid/ },
  },
  {
    name: 'a company offering part of the qualification raises partial placements and deelstages',
    intake: { sector: 'mtlm', situations: ['deel-kwalificatie'], places: 'te-weinig' },
    startStep: 1,
    first: { 1: '1.7', 2: '2.5' },
  },
  {
    name: 'a lost place with too few places raises looking outside the region and recruitment',
    intake: { sector: 'handel', situations: ['plek-weggevallen'], places: 'te-weinig' },
    startStep: 1,
    first: { 2: '2.1' },
  },
];

describe('advisor', () => {
  it.each(cases)('$name', (c) => {
    const advice = advise(knowledge, intake(c.intake));
    expect(advice.startStep).toBe(c.startStep);
    expect(advice.steps.map((s) => s.number)).toEqual([1, 2, 3]);
    for (const [step, key] of Object.entries(c.first ?? {})) {
      expect(advice.steps[Number(step) - 1]?.options[0]?.key, `first option of step ${step}`).toBe(key);
    }
    for (const [step, key] of Object.entries(c.notFirst ?? {})) {
      expect(advice.steps[Number(step) - 1]?.options[0]?.key, `first option of step ${step}`).not.toBe(key);
    }
    const highlighted = advice.highlights.map((h) => h.key);
    for (const key of c.highlights ?? []) expect(highlighted).toContain(key);
    for (const key of c.notHighlighted ?? []) expect(highlighted).not.toContain(key);
    for (const key of c.notInStep1 ?? []) {
      expect(advice.steps[0]?.options.map((o) => o.key)).not.toContain(key);
      expect(advice.steps[0]?.others.map((o) => o.key)).toContain(key);
    }
    const others = advice.steps.flatMap((s) => s.others);
    for (const [key, reason] of Object.entries(c.leftOut ?? {})) {
      const left = others.find((o) => o.key === key);
      expect(left, `${key} is left out`).toBeDefined();
      expect(left?.reason, `why ${key} is left out`).toMatch(reason);
    }
    const all = advice.steps.flatMap((s) => [...s.options, ...s.others]);
    for (const [key, wrong] of Object.entries(c.reasonNot ?? {})) {
      expect(all.find((o) => o.key === key)?.reason, `reason of ${key}`).not.toMatch(wrong);
    }
    if (c.firstContact) expect(advice.contacts[0]?.route).toBe(c.firstContact);
  });

  it.each(cases)('keeps all 23 options reachable and gives each a reason: $name', (c) => {
    const advice = advise(knowledge, intake(c.intake));
    const all = advice.steps.flatMap((s) => [...s.options, ...s.others]);
    expect(all.map((o) => o.key).sort()).toEqual(knowledge.options.map((o) => o.key).sort());
    for (const option of all) expect(option.reason.length).toBeGreaterThan(10);
  });

  it('ranks options with the situation-specific reason, not the default one', () => {
    const advice = advise(knowledge, intake({ sector: 'ict', situations: ['thuiswerken'], places: 'voldoende' }));
    const top = advice.steps[0]?.options[0];
    const option = knowledge.optionsByKey.get('1.11');
    expect(top?.reason).not.toBe(option?.defaultReason);
    expect(option?.fit.map((f) => f.reason)).toContain(top?.reason);
  });

  it('keeps the handreiking order when nothing in the situation prefers one option', () => {
    const advice = advise(knowledge, intake({ sector: 'sv', situations: ['moeite-met-zoeken'], places: 'onbekend' }));
    const step3 = advice.steps[2]?.options ?? [];
    const equal = step3.filter((o) => o.bestWeight === 0).map((o) => o.key);
    expect(equal).toEqual([...equal].sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1])));
  });

  it('lists all three contact routes, resolves the btg for the sector, and the documents of the advised options', () => {
    const advice = advise(
      knowledge,
      intake({ sector: 'zws', situations: ['leerdoelen-behaald-uren-niet'], places: 'te-weinig' }),
    );
    expect(advice.contacts.map((c) => c.route).sort()).toEqual(['btg-overleg', 'mboraad', 'sbb']);
    expect(advice.contacts.find((c) => c.route === 'mboraad')?.btgName).toBe('Zorg, welzijn en sport');
    expect(advice.documents.map((d) => d.id)).toContain('servicedocument');
  });

  it("names the school's configured person for the sector, and only the organisation page otherwise", () => {
    const withPeople = loadKnowledge(KNOWLEDGE_DIR, path.join(KNOWLEDGE_DIR, 'contacts.example.yaml'));
    const configured = Object.keys(withPeople.deploymentContacts.sectors)[0] ?? 'zws';
    const advice = advise(withPeople, intake({ sector: configured, situations: ['geen-plek'], places: 'geen' }));
    expect(advice.contacts.some((c) => c.person !== undefined)).toBe(true);
    const plain = advise(knowledge, intake({ sector: configured, situations: ['geen-plek'], places: 'geen' }));
    for (const contact of plain.contacts) {
      expect(contact.person).toBeUndefined();
      expect(contact.url).toMatch(/^https:\/\/www\.(mboraad|s-bb)\.nl/);
    }
  });

  it('matches conditions on every field that is present', () => {
    const i = intake({ sector: 'zws', situations: ['thuiswerken'], places: 'geen', leerweg: 'bbl', niveau: '2' });
    expect(matches({ situations: ['thuiswerken', 'geen-plek'] }, i)).toBe(true);
    expect(matches({ situations: ['thuiswerken'], places: ['te-weinig'] }, i)).toBe(false);
    expect(matches({ leerweg: ['bol'] }, i)).toBe(false);
    expect(matches({ niveau: ['2', '3'], sectors: ['zws'] }, i)).toBe(true);
    expect(matches({ leerweg: ['bbl'] }, intake({ situations: [] }))).toBe(false);
  });
});
