import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../src/knowledge/load';
import { KNOWLEDGE_DIR } from '../src/common/paths';
import {
  type Interpreter,
  loadInterpreter,
  shownAsAnswer,
  type Verdict,
  verdictLabel,
} from '../src/understanding/interpreter';

const knowledge = loadKnowledge(KNOWLEDGE_DIR);
let interpreter: Interpreter;
beforeAll(async () => {
  interpreter = await loadInterpreter(knowledge);
});
const read = (text: string, situation?: Parameters<Interpreter['interpret']>[1]): Verdict =>
  interpreter.interpret(text, situation);
/** A question verdict in short: whether it is shown as the answer, and the best key. */
const answered = (verdict: Verdict) =>
  verdict.kind === 'question'
    ? { kind: verdict.kind, confident: verdict.answer.confident, key: verdict.answer.results[0]?.key }
    : { kind: verdict.kind };

describe('small talk', () => {
  it.each([
    ['Dank je wel!', 'thanks'],
    ['dankjewel', 'thanks'],
    ['bedankt voor je hulp', 'thanks'],
    ['Thanks!', 'thanks'],
    ['hallo', 'greeting'],
    ['Goedemorgen!', 'greeting'],
    ['hoi bot', 'greeting'],
    ['doei', 'goodbye'],
    ['fijne dag', 'goodbye'],
    ['wie ben jij?', 'who-are-you'],
    ['ben je een robot?', 'who-are-you'],
    ['wat kun je?', 'capabilities'],
    ['waar kun je mee helpen?', 'capabilities'],
    ['ok', 'ok'],
    ['oké, duidelijk', 'ok'],
    ['top!', 'praise'],
    ['heel handig', 'praise'],
    ['je begrijpt me niet', 'complaint'],
    ['dit slaat nergens op', 'complaint'],
  ])('"%s" is small talk: %s', (text, intent) => {
    const verdict = read(text);
    expect(verdictLabel(verdict)).toBe(`smalltalk:${intent}`);
    expect(shownAsAnswer(verdict)).toBe(false);
  });

  it('takes thanks or a greeting around words that point to no answer as small talk', () => {
    expect(verdictLabel(read('dankjewel voor het meedenken'))).toBe('smalltalk:thanks');
    expect(verdictLabel(read('hoi, ik heb een vraag'))).toBe('smalltalk:greeting');
  });

  it('answers the question behind a greeting or a thank-you', () => {
    expect(verdictLabel(read('hoi, wat is een lintstage?'))).toBe('question');
    expect(answered(read('Bedankt! Mag een student in het weekend stage lopen?'))).toMatchObject({
      kind: 'question',
      key: '1.4',
    });
  });

  it('has a reply and at most three next steps for every intent', () => {
    for (const intent of knowledge.understanding.intents.smallTalk) {
      expect(intent.reply.length, intent.id).toBeGreaterThan(0);
      expect(intent.next.length, intent.id).toBeLessThanOrEqual(3);
      expect(intent.reply, intent.id).not.toContain('Dit weet ik niet zeker');
    }
  });
});

describe('commands', () => {
  it.each([
    ['help', { name: 'help' }],
    ['?', { name: 'help' }],
    ['stop', { name: 'stop' }],
    ['opnieuw beginnen', { name: 'restart' }],
    ['start', { name: 'start' }],
    ['toon mijn advies', { name: 'advice' }],
    ['laat de documenten zien', { name: 'documents' }],
    ['contact', { name: 'contacts' }],
    ['mijn antwoorden', { name: 'answers' }],
    ['wijzig sector', { name: 'change', field: 'sector' }],
    ['verander de situatie', { name: 'change', field: 'situations' }],
    ['pas plekken aan', { name: 'change', field: 'places' }],
    ['mijn plan', { name: 'plan' }],
    ['exporteer plan', { name: 'plan-export' }],
    ['nieuw plan Zorg cohort 2027', { name: 'plan-new', planName: 'Zorg cohort 2027' }],
    ['nieuw plan: Horeca', { name: 'plan-new', planName: 'Horeca' }],
    // Without a name: the dialog asks for one.
    ['nieuw plan', { name: 'plan-new', planName: '' }],
    ['vraag een adviseur', { name: 'referral' }],
    ['inzichten', { name: 'insights' }],
    ['wis mijn gegevens', { name: 'forget' }],
  ])('"%s" is %j', (text, command) => {
    expect(read(text)).toEqual({ kind: 'command', command });
  });

  it('takes a phrase of `alone` as the command only when it is the whole message', () => {
    expect(read('advies')).toEqual({ kind: 'command', command: { name: 'advice' } });
    expect(read('Advies?')).toEqual({ kind: 'command', command: { name: 'advice' } });
    expect(read('ik wil advies').kind).toBe('advice');
  });

  it('knows the words of the advice walk only there', () => {
    expect(read('nee', { where: 'personal', during: 'advice' })).toEqual({
      kind: 'command',
      command: { name: 'next-step' },
    });
    expect(read('ja', { where: 'personal', during: 'advice' })).toEqual({
      kind: 'command',
      command: { name: 'enough' },
    });
    expect(read('stap 3', { where: 'personal', during: 'advice' })).toEqual({
      kind: 'command',
      command: { name: 'show-step', step: 3 },
    });
    expect(read('details 2', { where: 'personal', during: 'advice' })).toEqual({
      kind: 'command',
      command: { name: 'show-option', number: 2 },
    });
    expect(verdictLabel(read('nee'))).toBe('smalltalk:ok');
  });

  it('never takes a question for a command', () => {
    expect(read('stop ik de stage eerder als de leerdoelen behaald zijn?').kind).not.toBe('command');
    expect(read('welke documenten zijn er over examens?').kind).not.toBe('command');
  });
});

describe('advice requests, with every intake answer they carry', () => {
  it.each<[string, Record<string, unknown>]>([
    ['Ik wil advies over stages voor mijn studenten', {}],
    ['ik wil advies', {}],
    ['ik heb 12 horeca-studenten zonder stageplek', { sector: 'vgg', situations: ['geen-plek'], students: 12 }],
    [
      'ik heb 12 horeca studenten zonder stageplek, wat kan ik doen?',
      { sector: 'vgg', situations: ['geen-plek'], students: 12 },
    ],
    ['horeca, geen plekken', { sector: 'vgg', places: 'geen' }],
    ['niveau 2, ongeveer 12', { niveau: '2', students: 12 }],
    ['bbl, niveau 3', { leerweg: 'bbl', niveau: '3' }],
    [
      'wat moet ik doen, 20 bol-studenten logistiek hebben geen stage',
      { sector: 'mtlm', situations: ['geen-plek'], leerweg: 'bol', students: 20 },
    ],
  ])('"%s"', (text, intake) => {
    expect(read(text)).toEqual({ kind: 'advice', intake });
  });

  it('answers a question that names a sector or situation as a question', () => {
    expect(answered(read('Kan een student in de horeca in het weekend stage lopen?'))).toEqual({
      kind: 'question',
      confident: true,
      key: '1.4',
    });
    expect(answered(read('Kunnen twee studenten één stageplaats delen?'))).toEqual({
      kind: 'question',
      confident: true,
      key: '1.3',
    });
  });
});

describe("advice requests in coordinators' own words (issue 13, the blind sets)", () => {
  it.each<[string, Record<string, unknown>]>([
    // The niveau beside a count: the count is the number of students.
    [
      'VIG niveau 3, bbl. 8 studenten zonder leerbaan',
      { sector: 'zws', situations: ['bbl-zonder-leerbaan'], leerweg: 'bbl', niveau: '3', students: 8 },
    ],
    [
      'niveau 4 bol, 40 studenten zonder stage, wat nu?',
      { situations: ['geen-plek'], leerweg: 'bol', niveau: '4', students: 40 },
    ],
    // Course and occupation names.
    ['21 studenten verkoopmedewerker zonder stageplek', { sector: 'handel', situations: ['geen-plek'], students: 21 }],
    ['kapsalon, te weinig plekken', { sector: 'vgg', places: 'te-weinig' }],
    ['beveiliger bbl niveau 2', { sector: 'zdv', leerweg: 'bbl', niveau: '2' }],
    // Situations and places in other words.
    [
      'ik heb 5 studenten logistiek die hun leerbaan kwijtgeraakt zijn',
      { sector: 'mtlm', situations: ['plek-weggevallen'], students: 5 },
    ],
    [
      'onze 9 studenten missen nog 80 uur maar de leerdoelen zijn binnen',
      { situations: ['leerdoelen-behaald-uren-niet'], students: 9 },
    ],
    ['6 studenten zonder stage, bijna geen plekken', { situations: ['geen-plek'], places: 'te-weinig', students: 6 }],
    // An advice request that ends in a question mark.
    [
      'Welke opties raad je me aan? 30 studenten zorg zonder stage en nul plekken',
      { sector: 'zws', situations: ['geen-plek'], places: 'geen', students: 30 },
    ],
    ['adviesje graag: horeca, stages geannuleerd', { sector: 'vgg', situations: ['plek-weggevallen'] }],
    [
      '12 studenten mediavormgeving werken thuis bij hun stagebedrijf. Wat is de beste aanpak?',
      { sector: 'ict', situations: ['thuiswerken'], students: 12 },
    ],
    [
      'We have 10 retail students who lost their placements. Help?',
      { sector: 'handel', situations: ['plek-weggevallen'], students: 10 },
    ],
  ])('"%s"', (text, intake) => {
    expect(read(text)).toEqual({ kind: 'advice', intake });
  });

  it('answers a story about a student with "wat raad je aan?" but no intake answer as a question', () => {
    const text =
      'Een jongen uit mijn klas durft bedrijven niet te benaderen. Hij is verder prima. Alleen die eerste stap lukt niet. Wat raad je aan?';
    expect(read(text).kind).not.toBe('advice');
    expect(
      read('Ik heb 8 zorgstudenten zonder stage. Ze zijn gemotiveerd. De regio is leeg. Wat raad je aan?'),
    ).toMatchObject({
      kind: 'advice',
    });
  });

  it('answers a question about one student as a question, not as advice for one student', () => {
    expect(read('Een student vindt het lastig om zelf een stage te vinden, hoe help ik hem?').kind).not.toBe('advice');
    expect(answered(read('Mijn student heeft geen stage, kan ze in het weekend stage lopen?'))).toMatchObject({
      kind: 'question',
      key: '1.4',
    });
  });
});

describe('small talk inside a sentence', () => {
  it.each([
    ['Dank u wel, hier kan ik mee verder.', 'thanks'],
    ['bedankt voor het meedenken!', 'thanks'],
    ['Fijne dag verder, tot later', 'goodbye'],
    ['ok ik ga afsluiten, tot ziens', 'goodbye'],
    ['van wie is deze bot?', 'who-are-you'],
    ['praat ik met een mens of met een computer?', 'who-are-you'],
    ['Waar kan ik jou voor gebruiken?', 'capabilities'],
    ['Goed antwoord, precies wat ik zocht', 'praise'],
    ['Je begrijpt me niet, ik vroeg iets heel anders', 'complaint'],
    ['wat een nutteloos antwoord', 'complaint'],
    ['Hallo, ik ben Marieke, bpv-coördinator bij zorg', 'greeting'],
  ])('"%s" is small talk: %s, never a sure answer', (text, intent) => {
    const verdict = read(text);
    expect(verdictLabel(verdict)).toBe(`smalltalk:${intent}`);
    expect(shownAsAnswer(verdict)).toBe(false);
  });

  it.each(['verder', 'fijne dag verder', 'Dank je, ik kan weer verder'])(
    'one common word never makes a sure answer: "%s"',
    (text) => {
      expect(shownAsAnswer(read(text))).toBe(false);
    },
  );

  it('still reads the question after small talk', () => {
    expect(answered(read('Hallo, ik ben Marieke. Kunnen twee studenten één stageplek delen?'))).toMatchObject({
      kind: 'question',
      key: '1.3',
    });
  });
});

describe('a described solution with "is that an option?" is a question, not a request to start the intake', () => {
  it('answers the option the coordinator describes, although the message names a sector', () => {
    const text =
      'Een grote zorginstelling wil een hele groep studenten tegelijk op één afdeling opleiden. Is dat een van de mogelijkheden?';
    expect(answered(read(text))).toMatchObject({ kind: 'question', key: '2.7' });
  });

  it('still starts the advice when the coordinator tells their own situation', () => {
    expect(read('Zorg: 20 studenten zonder stage, wat kan ik doen?')).toMatchObject({
      kind: 'advice',
      intake: { sector: 'zws', students: 20, situations: ['geen-plek'] },
    });
  });
});

describe('commands in other words', () => {
  it.each([
    ['Help!! hoe werkt dit?', { name: 'help' }],
    ['contactpersonen', { name: 'contacts' }],
    ['stuur mijn casus door naar een adviseur', { name: 'referral' }],
    ['ik wil een adviseur spreken', { name: 'referral' }],
    ['kun je mijn plan laten zien?', { name: 'plan' }],
    ['plan downloaden', { name: 'plan-export' }],
    ['begin maar opnieuw', { name: 'restart' }],
    ['wis al mijn gegevens', { name: 'forget' }],
    ['hoi, documenten graag', { name: 'documents' }],
  ])('"%s" is %j', (text, command) => {
    expect(read(text)).toEqual({ kind: 'command', command });
  });
});

describe('topics the handreiking does not cover', () => {
  it.each([
    ['wat is de stagevergoeding voor een bol-student?', 'stagevergoeding'],
    ['Is de student verzekerd als er iets gebeurt?', 'verzekering'],
    ['Heeft een stagiair in de zorg een VOG nodig?', 'vog'],
    ['Hoe moet een stagiair zich ziek melden?', 'ziekmelden'],
    ['Wat verandert er aan de studiefinanciering?', 'studiefinanciering'],
    ['Wat is het loon volgens de cao?', 'loon-cao'],
    ['hoeveel vakantiedagen krijgt een stagiair?', 'vakantie-rooster'],
    ['wat doet het bsa als de stage niet lukt?', 'bsa'],
    ['hoe plan ik een herkansing?', 'examens'],
    ['kan een student op stage in het buitenland?', 'stage-buitenland'],
    ['wat doe ik bij stagediscriminatie?', 'stagediscriminatie'],
    ['telt een schoolbedrijf als bpv?', 'schoolbedrijf'],
    ['Wat wordt het weer morgen?', 'general'],
    ['Hoe reset ik mijn wachtwoord?', 'general'],
    // A country alone is no question about a stage abroad when the rest is about something else.
    ['wat is de hoofdstad van frankrijk?', 'general'],
    // The topic's own word wins over an answer that only mentions it (3.3 names studiefinanciering in passing).
    ['krijgt een bbl-student nog studiefinanciering?', 'studiefinanciering'],
    ['mijn stagiair is al twee weken ziek, moet ik iets doen?', 'ziekmelden'],
    // "Wat moet ik doen?" about a topic's word that no intake answer explains asks about that topic, not for advice.
    ['mijn stagiair in de zorg is ziek, wat moet ik doen?', 'ziekmelden'],
    // A topic's word wins from a trigger phrase ("hoeveel uur" goes to the rules otherwise).
    ['Hoeveel uur per week mag een minderjarige stagiair werken?', 'vakantie-rooster'],
    ['Wie tekent de POK namens de school?', 'praktijkovereenkomst'],
  ])('"%s" is out of scope (%s), never a sure option card', (text, topic) => {
    const verdict = read(text);
    expect(verdictLabel(verdict)).toBe(`out-of-scope:${topic}`);
    expect(shownAsAnswer(verdict)).toBe(false);
  });

  it('is not sure when a word the knowledge does not know comes with one specific word only', () => {
    expect(shownAsAnswer(read('Hoe kan ik het leerbedrijf een compliment geven?'))).toBe(false);
  });

  it('has a topic entry for every topic in the data', () => {
    for (const topic of knowledge.understanding.topics.topics)
      expect(interpreter.engine.entry(`topic:${topic.id}`)?.title).toBe(topic.label);
  });
});

describe('the notice and the urennorm', () => {
  it.each([
    'Is dit nog actueel?',
    'geldt dit nog?',
    'is dit van 2020?',
    'klopt dit nog in 2026?',
    'is de corona-ruimte voor de urennorm er nog?',
    'geldt de corona-ruimte voor de urennorm nog in 2025?',
    'Klopt dit advies nog met de huidige regels?',
    'is deze handreiking inmiddels vervangen?',
    'Does this still apply today?',
    'Geldt de urennorm van 2020 nog steeds?',
    'Hoe zit het tegenwoordig met stages op afstand, mag dat nog?',
  ])('"%s" gets the notice', (text) => {
    expect(read(text)).toEqual({ kind: 'notice' });
  });

  it.each([
    'hoeveel uren bpv moet een bbl student maken',
    'wat is de urennorm?',
    'hoeveel klokuren moet een bol-student maken?',
  ])('"%s" goes to the beleidsadviseur (the rules), not to deviating from the urennorm', (text) => {
    expect(answered(read(text))).toEqual({ kind: 'question', confident: true, key: 'contact:mboraad' });
  });
});

describe('inside the intake', () => {
  it('reads the answer to the question asked, with other answers in the same message', () => {
    expect(read('horeca, geen plekken', { where: 'personal', during: 'intake', asking: 'sector' })).toEqual({
      kind: 'intake-answer',
      field: 'sector',
      update: { sector: 'vgg', places: 'geen' },
    });
    expect(read('overslaan', { where: 'personal', during: 'intake', asking: 'details' })).toEqual({
      kind: 'intake-answer',
      field: 'details',
      update: { detailsDone: true },
    });
  });

  it('answers a question instead of taking it for an answer', () => {
    expect(
      answered(
        read("Mag een bbl'er zonder leerbaan eerst in de bol beginnen?", {
          where: 'personal',
          during: 'intake',
          asking: 'situations',
        }),
      ),
    ).toEqual({
      kind: 'question',
      confident: true,
      key: '3.3',
    });
  });
});

describe('clarifying', () => {
  it('offers two or three close answers instead of guessing, never as a sure answer', () => {
    const verdict = interpreter.interpret(
      'stage delen of lintstage',
      { where: 'personal' },
      { sure: 0.35, guess: 0.15, close: 0.9, clear: 0.99, topic: 0.2 },
    );
    expect(verdict.kind).toBe('clarify');
    if (verdict.kind !== 'clarify') return;
    expect(verdict.candidates.map((c) => c.key).sort()).toEqual(['1.2', '1.3']);
    expect(shownAsAnswer(verdict)).toBe(false);
  });
});

describe('empty input', () => {
  it.each(['', '   ', '🙈🙈', '<p></p>'])('"%s" is empty', (text) => {
    expect(read(text)).toEqual({ kind: 'empty' });
  });
});
