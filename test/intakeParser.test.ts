import { describe, expect, it } from 'vitest';
import { parseCount, parseNumberWord } from '../src/domain/dutchNumbers';
import { createIntakeParser } from '../src/domain/intakeParser';
import { editDistance, fold } from '../src/common/text';
import { loadKnowledge } from '../src/knowledge/load';
import { KNOWLEDGE_DIR } from '../src/common/paths';

const parser = createIntakeParser(loadKnowledge(KNOWLEDGE_DIR));

describe('typed intake answers', () => {
  it.each([
    ['horeca', 'vgg'],
    ['Horeca', 'vgg'],
    ['kapper', 'vgg'],
    ['zorg', 'zws'],
    ['verpleging', 'zws'],
    ['bouw', 'tgo'],
    ['ict', 'ict'],
    ['ICT en creatieve industrie', 'ict'],
    ['logistiek', 'mtlm'],
    ['winkel', 'handel'],
    ['beveiliging', 'zdv'],
    ['entree', 'entree'],
    ['horca', 'vgg'],
    ['het gaat om studenten in de zorg', 'zws'],
  ])('sector "%s" -> %s', (text, expected) => {
    expect(parser.sector(text)).toBe(expected);
  });

  it('does not guess a sector from unrelated text', () => {
    expect(parser.sector('ik weet het niet zo goed')).toBeUndefined();
    expect(parser.sector('🙂')).toBeUndefined();
  });

  it.each([
    ['geen stage', ['geen-plek']],
    ['werkt thuis', ['thuiswerken']],
    ["bbl'er zonder leerbaan", ['bbl-zonder-leerbaan']],
    ['leerdoelen behaald maar uren niet', ['leerdoelen-behaald-uren-niet']],
  ])('situation "%s"', (text, expected) => {
    expect(parser.situations(text)).toEqual(expect.arrayContaining(expected));
  });

  it('recognises more than one situation in one message', () => {
    const found = parser.situations('stage weggevallen en het bedrijf werkt thuis');
    expect(found).toEqual(expect.arrayContaining(['plek-weggevallen', 'thuiswerken']));
  });

  it.each([
    ['geen plekken', 'geen'],
    ['te weinig', 'te-weinig'],
    ['weet ik niet', 'onbekend'],
    ['genoeg plekken', 'voldoende'],
  ])('places "%s" -> %s', (text, expected) => {
    expect(parser.places(text)).toBe(expected);
  });

  it('reads leerweg, niveau and a count the way people type them', () => {
    expect(parser.leerweg("bbl'er")).toBe('bbl');
    expect(parser.leerweg('bol-student')).toBe('bol');
    expect(parser.leerweg('bol en bbl')).toBeUndefined();
    expect(parser.niveau('niveau 2')).toBe('2');
    expect(parser.niveau('n3')).toBe('3');
    expect(parser.niveau('entree')).toBe('entree');
    // Words of knowledge/intents.yaml `details`, written together or apart.
    expect(parser.niveau('niveau4')).toBe('4');
    expect(parser.niveau('2e niveau')).toBe('2');
    expect(parser.leerweg("bbl'ers")).toBe('bbl');
    expect(parser.leerweg('bolstudenten')).toBe('bol');
    expect(parser.students('ongeveer 12')).toBe(12);
    expect(parser.students('een stuk of tien')).toBe(10);
    expect(parser.students('eenendertig studenten')).toBe(31);
    expect(parser.students('niveau 2, ongeveer 12')).toBe(12);
    expect(parser.students('1.000')).toBe(1000);
    expect(parser.students('niveau 3')).toBeUndefined();
  });

  it('reads a number of students said in passing only next to a word for students', () => {
    expect(parser.studentCount('ik heb 12 horeca-studenten zonder stageplek')).toBe(12);
    expect(parser.studentCount('15 zorgstudenten')).toBe(15);
    expect(parser.studentCount("acht bbl'ers in de techniek")).toBe(8);
    expect(parser.studentCount('twee dagen per week stage')).toBeUndefined();
    expect(parser.studentCount('klopt dit nog in 2026?')).toBeUndefined();
  });

  it('reads a sector glued to a word for students', () => {
    expect(parser.all('15 zorgstudenten zonder stage')).toMatchObject({ sector: 'zws', situations: ['geen-plek'] });
  });

  it('does not read "niveau 2" as the sector Entree (niveau1 is no typo of niveau)', () => {
    expect(parser.all('niveau 2, ongeveer 12')).toEqual({ niveau: '2' });
    expect(parser.sector('niveau 1')).toBe('entree');
  });

  it('does not take a short word for a typo of an answer ("niet" is no "niets")', () => {
    expect(parser.all('het bedrijf is nog niet erkend').places).toBeUndefined();
  });

  it('names the words no recognised answer explains', () => {
    expect(parser.unexplained('horeca, geen plekken')).toEqual([]);
    expect(parser.unexplained('bbl, niveau 2, 12')).toEqual([]);
    expect(parser.unexplained('sectorale wervingscampagne horeca')).toEqual(['sectorale', 'wervingscampagne']);
  });

  it('finds every answer in one message', () => {
    expect(parser.all("horeca, bbl'er zonder leerbaan, geen plekken, niveau 2")).toMatchObject({
      sector: 'vgg',
      situations: expect.arrayContaining(['bbl-zonder-leerbaan']),
      places: 'geen',
      leerweg: 'bbl',
      niveau: '2',
    });
  });
});

describe('Dutch numbers and folding', () => {
  it.each([
    ['twaalf', 12],
    ['eenentwintig', 21],
    ['honderd', 100],
    ['tweehonderdvijftig', 250],
    ['vijfendertig', 35],
  ])('%s = %d', (word, value) => expect(parseNumberWord(word)).toBe(value));

  it('treats "een" as an article unless it is the whole answer', () => {
    expect(parseCount('een paar')).toBeUndefined();
    expect(parseCount('een')).toBe(1);
  });

  it('folds accents, case and apostrophes', () => {
    expect(fold("Coördinator BBL'er  –  Café!")).toBe('coordinator bbler cafe');
  });
});

describe('editDistance', () => {
  it('counts inserted, dropped and changed letters, and stops early above the limit', () => {
    expect(editDistance('horeca', 'horeca')).toBe(0);
    expect(editDistance('horca', 'horeca')).toBe(1);
    expect(editDistance('hoerca', 'horeca', 2)).toBe(2);
    expect(editDistance('zorg', 'horeca', 2)).toBeGreaterThan(2);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(editDistance('', 'ab', 2)).toBe(2);
    expect(editDistance('coördinator', 'coordinator', 1)).toBe(1);
    // The rows are reused between calls: a longer word after short ones, and short ones again.
    expect(editDistance('beroepspraktijkvormingsplaatsen', 'beroepspraktijkvormingsplaatsne', 2)).toBe(2);
    expect(editDistance('horca', 'horeca')).toBe(1);
  });
});
