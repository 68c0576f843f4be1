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

  it('reads no niveau for a mixed group ("niveau 2 en 3", "mbo 3/4")', () => {
    expect(parser.niveau('niveau 2 en 3 door elkaar')).toBeUndefined();
    expect(parser.niveau('mbo 3/4 zorg')).toBeUndefined();
    expect(parser.niveau('niveau 2 en niveau 4')).toBeUndefined();
    expect(parser.niveau('niveau 2 - 12 studenten')).toBe('2');
    expect(parser.niveau('niveau 3, 8 studenten')).toBe('3');
  });

  it('reads a number right before the plural of an occupation as students, not before companies', () => {
    expect(parser.studentCount('zo n 14 kappers zonder leerbedrijf')).toBe(14);
    expect(parser.studentCount('drie bakkers zonder stage')).toBe(3);
    expect(parser.studentCount('3 horeca bedrijven willen meedoen')).toBeUndefined();
    expect(parser.studentCount('1 kapper')).toBeUndefined();
  });

  it('reads a count said on its own when it ends the sentence (intents.yaml countPhrases)', () => {
    expect(parser.studentCount("bbl'ers zonder werkgever. Het zijn er 4. Wat kan ik doen?")).toBe(4);
    expect(parser.studentCount('studenten zorg zonder stage, in totaal twaalf')).toBe(12);
    expect(parser.studentCount('het gaat om 200 uur per jaar')).toBeUndefined();
  });

  it('reads the niveau and leerweg as coordinators also write them ("mbo-2", "niveau twee", "werkend leren")', () => {
    expect(parser.all('12 mbo-2 studenten zorg zonder stage')).toMatchObject({ niveau: '2', sector: 'zws' });
    expect(parser.studentCount('12 mbo-2 studenten zorg zonder stage')).toBe(12);
    expect(parser.niveau('studenten niveau twee in de detailhandel')).toBe('2');
    expect(parser.leerweg('mijn leerlingen werkend leren in de bouw')).toBe('bbl');
    expect(parser.studentCount('vijf jongens van de opleiding metselaar')).toBe(5);
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

describe('a count of students beside a niveau (the niveau is no count)', () => {
  it.each<[string, number | undefined]>([
    ['VIG niveau 3, bbl. 8 studenten', 8],
    ['niveau 4 bol, 40 studenten', 40],
    ['niv 3, 6 studenten', 6],
    ['nivo 2: 14 studenten zonder stage', 14],
    ['n2 12 studenten', 12],
    ['niveau 2 en 15 bbl studenten', 15],
    ['level 3, 9 students', 9],
    ['niveau 3 studenten zonder stage', undefined],
    ['leerdoelen binnen maar nog 100 uur missen, 4 studenten', 4],
    ['een student zonder stage', 1],
    ['één bbl’er zonder leerbaan', 1],
    ['1 student logistiek', 1],
    ['ik heb een stagiair die zijn plek kwijt is', 1],
    ['twenty students without a placement', 20],
    ['we have 8 students in retail', 8],
    ['a student who lost her internship', 1],
    ['een paar studenten', undefined],
    ['een groep studenten', undefined],
    ['een stuk of tien studenten', 10],
  ])('"%s" -> %s students', (text, count) => {
    expect(parser.studentCount(text)).toBe(count);
  });

  it.each<[string, number | undefined]>([
    ['niv 3, ongeveer 20', 20],
    ['nivo 4 en 30', 30],
    ['niveau 3', undefined],
  ])('the details answer "%s" -> %s students', (text, count) => {
    expect(parser.students(text)).toBe(count);
  });

  it.each([
    ['niv 3', '3'],
    ['nivo 2', '2'],
    ['niv. 4', '4'],
  ])('"%s" is niveau %s', (text, niveau) => {
    expect(parser.niveau(text)).toBe(niveau);
  });
});

describe('course and occupation names are sectors', () => {
  it.each([
    ['verkoopmedewerker', 'handel'],
    ['verkoopmedewerkers', 'handel'],
    ['retail', 'handel'],
    ['eerste verkoper', 'handel'],
    ['kapper', 'vgg'],
    ['kapsalon', 'vgg'],
    ['bakker', 'vgg'],
    ['kok', 'vgg'],
    ['toerisme', 'vgg'],
    ['schoonheidsspecialist', 'vgg'],
    ['dierverzorger', 'vgg'],
    ['hovenier', 'vgg'],
    ['facilitair medewerker', 'vgg'],
    ['mediavormgever', 'ict'],
    ['software developer', 'ict'],
    ['applicatieontwikkelaar', 'ict'],
    ['beveiliger', 'zdv'],
    ['administratie', 'zdv'],
    ['juridisch medewerker', 'zdv'],
    ['pedagogisch medewerker', 'zws'],
    ['pedagogisch medewerkers kinderopvang', 'zws'],
    ['VIG', 'zws'],
    ['verzorgende IG', 'zws'],
    ['verpleegkunde', 'zws'],
    ['mbo-verpleegkundige', 'zws'],
    ['helpende zorg en welzijn', 'zws'],
    ['onderwijsassistent', 'zws'],
    ['tandartsassistent', 'zws'],
    ['sport en bewegen', 'zws'],
    ['logistiek medewerker', 'mtlm'],
    ['matroos', 'mtlm'],
    ['autotechniek', 'mtlm'],
    ['automonteur', 'mtlm'],
    ['vrachtwagenchauffeur', 'mtlm'],
    ['installatietechniek', 'tgo'],
    ['loodgieter', 'tgo'],
    ['timmerman', 'tgo'],
    ['elektricien', 'tgo'],
    ['metselaar', 'tgo'],
    ['opticien', 'sv'],
    ['entreeopleiding', 'entree'],
    ['healthcare', 'zws'],
    ['hospitality', 'vgg'],
    ['construction', 'tgo'],
    ['logistics', 'mtlm'],
  ])('"%s" -> %s', (text, sector) => {
    expect(parser.sector(text)).toBe(sector);
  });

  it.each(['ik maak me zorgen', 'hoe moet ik handelen?', 'het bedrijf bouwt een nieuwe hal'])(
    '"%s" names no sector',
    (text) => {
      expect(parser.sector(text)).toBeUndefined();
    },
  );
});

describe('situations in other words', () => {
  it.each([
    ['hun stage is halverwege gestopt', 'plek-weggevallen'],
    ['de stages zijn geannuleerd', 'plek-weggevallen'],
    ['ze zijn hun leerbaan kwijtgeraakt', 'plek-weggevallen'],
    ['de bpv-plekken zijn weggevallen', 'plek-weggevallen'],
    ['they lost their placements', 'plek-weggevallen'],
    ['internships were cancelled', 'plek-weggevallen'],
    ['de medewerkers werken allemaal thuis', 'thuiswerken'],
    ['ze zitten thuis omdat hun stagebedrijf thuiswerkt', 'thuiswerken'],
    ['the company works from home', 'thuiswerken'],
    ['ze weten niet hoe ze moeten zoeken', 'moeite-met-zoeken'],
    ['ze vinden het moeilijk om zelf een stage te vinden', 'moeite-met-zoeken'],
    ['sommigen geven het op', 'moeite-met-zoeken'],
    ['they struggle to find an internship', 'moeite-met-zoeken'],
    ['leerdoelen al binnen maar uren tekort', 'leerdoelen-behaald-uren-niet'],
    ['ze missen nog 100 uur', 'leerdoelen-behaald-uren-niet'],
    ['learning goals met but not enough hours', 'leerdoelen-behaald-uren-niet'],
    ['nauwelijks begeleiding', 'te-weinig-begeleiding'],
    ['er is geen tijd om ze te begeleiden', 'te-weinig-begeleiding'],
    ['door personeelstekort', 'te-weinig-begeleiding'],
    ['no time to supervise students', 'te-weinig-begeleiding'],
    ['het bedrijf biedt maar een deel van de opleiding', 'deel-kwalificatie'],
    ['only part of the qualification', 'deel-kwalificatie'],
    ['zonder stageplek', 'geen-plek'],
    ['without a placement', 'geen-plek'],
    ["can't find an internship", 'geen-plek'],
  ])('"%s" -> %s', (text, situation) => {
    expect(parser.situations(text)).toContain(situation);
  });

  it('keeps a clause apart: words of two clauses make no phrase', () => {
    expect(parser.situations('geen idee. stage loopt goed')).toEqual([]);
  });
});

describe('places in other words', () => {
  it.each([
    ['bijna geen plekken', 'te-weinig'],
    ['er zijn nauwelijks stageplekken', 'te-weinig'],
    ['far too few places left', 'te-weinig'],
    ['hardly any places', 'te-weinig'],
    ['nul plekken', 'geen'],
    ['helemaal niks', 'geen'],
    ['no places at all', 'geen'],
    ['weet eerlijk gezegd niet hoeveel plekken er zijn', 'onbekend'],
    ['nog niet gepeild', 'onbekend'],
    ["don't know how many places", 'onbekend'],
    ['plekken genoeg', 'voldoende'],
    ['enough places', 'voldoende'],
    ['geen plekken', 'geen'],
  ])('"%s" -> %s', (text, places) => {
    expect(parser.places(text)).toBe(places);
  });

  it('reads "geen plekken" as the places, not as a student without a place', () => {
    expect(parser.all('horeca, geen plekken')).toEqual({ sector: 'vgg', places: 'geen' });
    expect(parser.all('horeca, geen stageplekken')).toEqual({ sector: 'vgg', places: 'geen' });
    expect(parser.all('er zijn niet genoeg plekken')).toEqual({ places: 'te-weinig' });
  });

  it('reads one word for the places before a noun of its own as no places ("geen behandelingen")', () => {
    expect(parser.all('ze doen alleen de balie, geen behandelingen').places).toBeUndefined();
    expect(parser.all('horeca, geen')).toEqual({ sector: 'vgg', places: 'geen' });
  });
});

describe('Dutch numbers and folding', () => {
  it.each([
    ['twaalf', 12],
    ['eenentwintig', 21],
    ['honderd', 100],
    ['tweehonderdvijftig', 250],
    ['vijfendertig', 35],
    ['tiental', 10],
    ['twintigtal', 20],
  ])('%s = %d', (word, value) => expect(parseNumberWord(word)).toBe(value));

  it('reads no number in words that only end in "tal"', () => {
    expect(parseNumberWord('aantal')).toBeUndefined();
    expect(parseNumberWord('getal')).toBeUndefined();
  });

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
