import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnswerViews } from '../src/cards/answerViews';
import { CardRenderer } from '../src/cards/render';
import { ReferralViews } from '../src/cards/referralViews';
import { CardViews } from '../src/cards/views';
import { advise, STRONG_WEIGHT } from '../src/domain/advisor';
import { resolveContact } from '../src/domain/contacts';
import { composeReferral, draftSummary, proposeRoute } from '../src/domain/referral';
import { type Knowledge, loadKnowledge } from '../src/knowledge/load';
import { CONTACT_ROUTES, type ContactRouteId, type Option } from '../src/knowledge/schema';
import type { Answer } from '../src/search/engine';
import { CARDS_DIR, KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/common/paths';
import { buildSamples } from './support/cardFixtures';

/**
 * Issue 14: the content review of December 2026 (shared/reviews/content-2026-12.md), held by tests on the
 * real knowledge and the real card templates: the claims a content owner would object to are gone, the
 * guidance says it is from 2020 on every card that carries it, the handreiking's words stay apart from the
 * bot's, an unconfirmed bedrijfstakgroep name is never shown as official, and route names keep their capitals.
 */

const knowledge = loadKnowledge(KNOWLEDGE_DIR);
const withPeople = loadKnowledge(KNOWLEDGE_DIR, path.join(KNOWLEDGE_DIR, 'contacts.example.yaml'));
const renderer = new CardRenderer(CARDS_DIR);
const { notice } = knowledge;

function option(key: string): Option {
  const found = knowledge.optionsByKey.get(key);
  if (!found) throw new Error(`no option ${key}`);
  return found;
}

/** Every text of an option that the bot shows or says (all but the verbatim quote and the search keywords). */
function botTexts(o: Option): string[] {
  return [
    o.title,
    o.summary,
    o.explanation,
    ...o.actions,
    ...o.cautions,
    o.defaultReason,
    ...o.fit.map((f) => f.reason),
    ...o.exclude.map((e) => e.reason),
  ];
}

/** Every text a person can read or hear on a card (not urls, ids or verbs). */
function readable(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown, key = ''): void => {
    if (typeof node === 'string') {
      if (['text', 'title', 'value', 'speak', 'label', 'placeholder', 'altText'].includes(key)) out.push(node);
    } else if (Array.isArray(node)) node.forEach((n) => walk(n, key));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
  };
  walk(card);
  return out.join('\n');
}

const answerOf = (keys: string[], confident: boolean): Answer => ({
  confident,
  results: keys.map((key, i) => ({
    key,
    kind: key.startsWith('doc:') ? 'document' : key.startsWith('contact:') ? 'contact' : 'option',
    title: key,
    score: 0.9 - i * 0.2,
    matched: 1,
    specific: 1,
  })),
});
const CHAT_URL = 'https://teams.microsoft.com/l/chat/0/0?users=28%3Abot';

describe('the claims of the review are gone from the knowledge', () => {
  const lapsed = ['1.6', '3.1', '3.2', '3.4'];

  it('C1: the urennorm leeway of 1.6, 3.1, 3.2 and 3.4 is told as corona-era room to check, not as a rule that still applies', () => {
    for (const key of lapsed) {
      const texts = botTexts(option(key)).join('\n');
      expect(texts, key).not.toMatch(
        /kan alleen met een eigen besluit|die nu geldt|geldende versie|geven de regelgeving|Minder bpv-uren vraagt/,
      );
      const caution = option(key).cautions.find((c) => /coronatijd|2020/.test(c));
      expect(caution, `${key}: a caution that dates the leeway`).toBeDefined();
      expect(caution, `${key}: and sends the coordinator to check`).toMatch(/nu nog|Vraag|Kijk/);
    }
    expect(option('3.2').explanation).toMatch(/In de coronatijd/);
    expect(option('3.2').summary).toMatch(/In de coronatijd/);
  });

  it('C2: the hours deviation (3.2) is not said to be "precisely" about learning goals reached, nor raised as strongly as early completion (1.6)', () => {
    const rule = option('3.2').fit.find((f) => f.when.situations?.includes('leerdoelen-behaald-uren-niet'));
    expect(rule?.reason).not.toMatch(/precies/);
    expect(rule?.weight).toBeLessThan(STRONG_WEIGHT);
    const early = option('1.6').fit.find((f) => f.when.situations?.includes('leerdoelen-behaald-uren-niet'));
    expect(early?.weight).toBeGreaterThanOrEqual(STRONG_WEIGHT);
  });

  it('C3: leerafdelingen (2.7) are not said to need fewer praktijkopleiders, nor advised for a lack of supervision', () => {
    expect(botTexts(option('2.7')).join('\n')).not.toMatch(/(minder|weinig) praktijkopleiders/);
    expect(option('2.7').fit.some((f) => f.when.situations?.includes('te-weinig-begeleiding'))).toBe(false);
  });

  it('C4: a schoolbedrijf does not lead to "geen bpv" (3.1): no such keywords, and an erkend leerbedrijf at school is named as bpv', () => {
    for (const word of ['schoolbedrijf', 'stage op school', 'praktijklokaal'])
      expect(option('3.1').keywords).not.toContain(word);
    expect(option('3.1').explanation).toMatch(
      /erkend leerbedrijf op het terrein van de school: werk daar kan wel bpv zijn/,
    );
  });

  it('C5: a second student on one place (1.3) is not said to lighten supervision', () => {
    expect(botTexts(option('1.3')).join('\n')).not.toMatch(/tegelijk begeleiden|deels tegelijk/);
    expect(option('1.3').fit.some((f) => f.when.situations?.includes('te-weinig-begeleiding'))).toBe(false);
  });

  it('says corona-era conditions in the past tense: the present-tense statements the review found are gone', () => {
    const all = [
      ...knowledge.options.flatMap(botTexts),
      ...knowledge.steps.map((s) => s.intro),
      ...[...knowledge.documents.values()].flatMap((d) => [d.purpose, d.versionNote ?? '']),
      ...[...knowledge.contactRoutes.values()].flatMap((r) => [r.description, ...r.topics]),
    ].join('\n');
    for (const phrase of [
      'Nu er minder plekken zijn',
      'In veel sectoren lopen al oproepen',
      'hebben nu geen student',
      'helpt bij het vinden van een vervangende',
      'Meer informatie staat op sbbhelpt.nl',
      'welke versie nu geldt',
      'jouw school blijft verantwoordelijk',
      'laat het bedrijf zelf erkenning aanvragen',
    ]) {
      expect(all).not.toContain(phrase);
    }
    expect(all).not.toMatch(/\bCheck\b|\bcheck\b/);
  });
});

describe('the notice that the guidance is from 2020, on the cards (real knowledge)', () => {
  const { samples } = buildSamples();
  const of = (template: string) => samples.filter((s) => s.template === template);

  it.each(['welcome', 'help', 'documents', 'channel-help', 'quick-answer-unsure'])(
    '%s shows the short notice',
    (template) => {
      expect(of(template).length).toBeGreaterThan(0);
      for (const sample of of(template)) expect(readable(sample.card), sample.id).toContain(notice.short);
    },
  );

  it('the channel answer, the quick answer and the compose-box result show the short notice, and the full one for leeway of 2020', () => {
    const answers = new AnswerViews(knowledge, renderer);
    for (const key of knowledge.options.map((o) => o.key)) {
      const expected = notice.lapsedLeeway.includes(key) ? notice.full : notice.short;
      const item = answers.item(key);
      if (!item) throw new Error(key);
      expect(readable(answers.channel(answerOf([key], true), CHAT_URL)), `channel ${key}`).toContain(expected);
      expect(readable(answers.personal(answerOf([key], true))), `personal ${key}`).toContain(expected);
      expect(readable(answers.searchResult(item, CHAT_URL)), `search ${key}`).toContain(expected);
    }
    for (const sample of [...of('channel-answer'), ...of('search-result'), ...of('quick-answer')]) {
      expect(readable(sample.card), sample.id).toMatch(new RegExp(`${escape(notice.short)}|${escape(notice.full)}`));
    }
  });

  it('every option-detail card shows the notice: in full and first for the options that lean on leeway of 2020', () => {
    const views = new CardViews(knowledge, renderer);
    for (const o of knowledge.options) {
      const text = readable(views.optionDetail(o, 'vgg', resolveContact(knowledge, o.contact, 'vgg'), true));
      if (notice.lapsedLeeway.includes(o.key)) {
        expect(text, o.key).toContain(notice.full);
        expect(text.indexOf(notice.full), `${o.key}: notice before the quote`).toBeLessThan(text.indexOf(o.quote));
      } else {
        expect(text, o.key).toContain(notice.short);
      }
    }
  });

  it('an advice card shows the full notice wherever it lists an option that leans on leeway of 2020, else the short one', () => {
    const views = new CardViews(knowledge, renderer);
    const intakes = [
      { sector: 'vgg', situations: ['leerdoelen-behaald-uren-niet'], places: 'te-weinig', detailsDone: true },
      { sector: 'zws', situations: ['geen-plek'], places: 'geen', detailsDone: true },
      { sector: 'ict', situations: ['thuiswerken'], places: 'voldoende', leerweg: 'bbl' as const, detailsDone: true },
    ];
    let full = 0;
    let short = 0;
    for (const intake of intakes) {
      const advice = advise(knowledge, intake);
      for (const step of [1, 2, 3] as const) {
        const shown = [
          ...(advice.steps[step - 1]?.options ?? []),
          ...(step === advice.startStep ? advice.highlights : []),
        ];
        const lapsed = shown.some((o) => notice.lapsedLeeway.includes(o.key));
        const text = readable(views.adviceStep(advice, step, intake));
        expect(text, `step ${step}`).toContain(lapsed ? notice.full : notice.short);
        if (lapsed) full += 1;
        else short += 1;
      }
    }
    expect(full).toBeGreaterThan(0);
    expect(short).toBeGreaterThan(0);
  });

  it('the documents card says since when some links were not checked (the year only: the handreiking gives no day), from the knowledge', () => {
    const text = readable(new CardViews(knowledge, renderer).documents());
    const oldest = [...knowledge.documents.values()].map((d) => d.checkedOn).sort()[0] ?? '';
    expect(text).toContain(`Sommige links zijn sinds ${oldest.slice(0, 4)} niet meer nagekeken.`);
    expect(text).not.toMatch(
      /nagekeken in (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)/,
    );
  });
});

describe("the handreiking's words apart from the bot's", () => {
  const views = new CardViews(knowledge, renderer);
  const answers = new AnswerViews(knowledge, renderer);
  const sourceLine = (o: Option) =>
    `Bron: Handreiking beroepspraktijkvorming in tijden van corona (MBO Raad en SBB, najaar 2020), paragraaf ${o.key.replace('.', ', punt ')}`;

  it.each(knowledge.options.map((o) => [o.key, o] as const))(
    'option %s: the quote carries the source line; explanation, steps and cautions come after "Uitwerking door de Bpv-wegwijzer"',
    (_key, o) => {
      const text = readable(views.optionDetail(o, 'zws', resolveContact(knowledge, o.contact, 'zws'), false));
      const quote = text.indexOf(`“${o.quote}”`);
      const source = text.indexOf(sourceLine(o));
      const own = text.indexOf('Uitwerking door de Bpv-wegwijzer');
      expect(quote).toBeGreaterThan(-1);
      expect(
        text
          .slice(quote + o.quote.length + 2)
          .trimStart()
          .startsWith(sourceLine(o)),
      ).toBe(true);
      expect(own).toBeGreaterThan(source);
      for (const own2 of [o.explanation, ...o.cautions]) expect(text.indexOf(own2), own2).toBeGreaterThan(own);
      expect(text).toContain('niet van de MBO Raad of SBB');
    },
  );

  it("the personal answer card puts the quote with its source line and marks the explanation as the bot's", () => {
    for (const o of knowledge.options) {
      const text = readable(answers.personal(answerOf([o.key], true)));
      const label = text.indexOf('Uitleg van de Bpv-wegwijzer');
      expect(text.indexOf(sourceLine(o))).toBeGreaterThan(text.indexOf(o.quote));
      expect(label).toBeGreaterThan(text.indexOf(sourceLine(o)));
      expect(text.indexOf(o.explanation)).toBeGreaterThan(label);
    }
  });

  it("an advice card says the ranking is the bot's, and the welcome card says the order is its own", () => {
    const intake = { sector: 'zws', situations: ['geen-plek'], places: 'te-weinig', detailsDone: true };
    expect(readable(views.adviceStep(advise(knowledge, intake), 1, intake))).toContain(
      'De volgorde en de redenen zijn van de Bpv-wegwijzer',
    );
    expect(readable(views.welcome())).toContain('De volgorde kies ik zelf');
  });
});

describe('an unconfirmed bedrijfstakgroep is not shown as an official name', () => {
  const unconfirmed = knowledge.sectors.filter((s) => knowledge.btgs.get(s.btg)?.confirmed === false);
  const confirmed = knowledge.sectors.filter((s) => knowledge.btgs.get(s.btg)?.confirmed === true);

  /**
   * Everything the coordinator and the adviser read for a sector: contact, advice, answer and referral cards, and the
   * mail.
   */
  function everything(k: Knowledge, sectorId: string): string {
    const views = new CardViews(k, renderer);
    const answers = new AnswerViews(k, renderer);
    const referrals = new ReferralViews(k, renderer);
    const intake = { sector: sectorId, situations: ['plek-weggevallen'], places: 'geen', detailsDone: true };
    const advice = advise(k, intake);
    const label = k.sectors.find((s) => s.id === sectorId)?.label ?? '';
    const texts: unknown[] = [
      views.contacts(advice.contacts, sectorId),
      views.adviceStep(advice, advice.startStep, intake),
    ];
    for (const route of CONTACT_ROUTES) {
      const contact = resolveContact(k, route, sectorId);
      const o = k.options.find((x) => x.contact === route);
      if (o) texts.push(views.optionDetail(o, sectorId, contact, true));
      texts.push(
        answers.personal(answerOf([`contact:${route}`], true), sectorId),
        answers.personal(answerOf([`contact:${route}`], false), sectorId),
      );
      const summary = draftSummary({
        sector: label,
        ...(contact.btgName ? { btgName: contact.btgName } : {}),
        situations: [],
        considered: [],
        planned: [],
      });
      const mail = composeReferral({ to: contact.routeInSentence, sector: label, summary, question: 'Vraag' });
      texts.push(referrals.draft(proposeRoute({ optionRoute: route }), sectorId, summary, ''));
      texts.push(referrals.ready({ contact, ...mail, mailto: 'mailto:?subject=x', channel: 'none' }));
      texts.push(
        referrals.channel({
          referralId: 'r1',
          routeTitle: referrals.routeTitle(route, sectorId),
          ...mail,
          createdAt: '2026-12-01T10:00:00Z',
        }),
      );
      texts.push(mail.subject, mail.body);
    }
    return texts.map((t) => (typeof t === 'string' ? t : readable(t))).join('\n');
  }

  it.each(unconfirmed.map((s) => [s.id, s] as const))(
    'sector %s: its btg is named by the sector, never by the unconfirmed name',
    (_id, sector) => {
      const name = knowledge.btgs.get(sector.btg)?.name ?? '';
      for (const k of [knowledge, withPeople]) {
        const text = everything(k, sector.id);
        expect(text).not.toContain(name);
        expect(text).not.toMatch(/\(bedrijfstakgroep/);
        expect(text).toContain(`Beleidsadviseur van de bedrijfstakgroep voor de sector ${sector.label}`);
      }
      const contacts = advise(knowledge, { sector: sector.id, situations: ['geen-plek'], detailsDone: true }).contacts;
      expect(readable(new CardViews(knowledge, renderer).contacts(contacts, sector.id))).toContain(
        `De naam van de bedrijfstakgroep voor de sector ${sector.label} weet ik niet zeker`,
      );
    },
  );

  it.each(confirmed.map((s) => [s.id, s] as const))('sector %s: its confirmed btg is named', (_id, sector) => {
    const name = knowledge.btgs.get(sector.btg)?.name ?? '';
    const text = everything(knowledge, sector.id);
    expect(text).toContain(`Beleidsadviseur van de bedrijfstakgroep ${name}`);
    expect(text).not.toContain('De naam van de bedrijfstakgroep');
  });

  it('the `confirmed` flag is read in one place, src/domain/contacts.ts', () => {
    const readers: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith('.ts') && /\.confirmed\b/.test(readFileSync(file, 'utf8')))
          readers.push(path.relative(PROJECT_ROOT, file));
      }
    };
    for (const dir of ['src', 'dialogs']) walk(path.join(PROJECT_ROOT, dir));
    expect(readers).toEqual([path.join('src', 'domain', 'contacts.ts')]);
  });
});

describe('every contact route keeps its capitals on every card that names it', () => {
  const routes = [...knowledge.contactRoutes.values()];
  /** The forms a route may take: as the start of a line, and in a sentence (with or without its article). */
  const allowed = new Map(routes.map((r) => [r.id, new Set([r.title, r.inSentence.replace(/^de /, '')])]));

  function problems(text: string): string[] {
    const found: string[] = [];
    for (const r of routes) {
      const core = r.title;
      for (const match of text.matchAll(new RegExp(escape(core), 'gi'))) {
        if (!allowed.get(r.id)?.has(match[0])) found.push(`"${match[0]}" for ${r.id}`);
      }
    }
    for (const wrong of [/\bsBB\b/, /\bsbb-adviseur/, /\bmBO Raad/, /\bmbo Raad/])
      if (wrong.test(text)) found.push(`${wrong}`);
    return found;
  }

  const sectors = [undefined, 'zws', 'handel', 'entree', 'ict'];
  const cases = routes.flatMap((r) =>
    sectors.map((s) => [r.id, s ?? '(geen)', s] as [ContactRouteId, string, string | undefined]),
  );

  it.each(cases)('route %s, sector %s', (route, _label, sectorId) => {
    for (const k of [knowledge, withPeople]) {
      const views = new CardViews(k, renderer);
      const answers = new AnswerViews(k, renderer);
      const referrals = new ReferralViews(k, renderer);
      const contact = resolveContact(k, route, sectorId);
      const o = k.options.find((x) => x.contact === route);
      const sector = k.sectors.find((s) => s.id === sectorId)?.label;
      const mail = composeReferral({
        to: contact.routeInSentence,
        ...(sector ? { sector } : {}),
        summary: 'Casus',
        question: '',
      });
      const cards: Array<[string, unknown]> = [
        [
          'contacts',
          views.contacts(
            CONTACT_ROUTES.map((r) => resolveContact(k, r, sectorId)),
            sectorId,
          ),
        ],
        ['option-detail', o ? views.optionDetail(o, sectorId, contact, true) : undefined],
        ['quick-answer', answers.personal(answerOf([`contact:${route}`], true), sectorId)],
        ['quick-answer-unsure', answers.personal(answerOf([`contact:${route}`], false), sectorId)],
        ['channel-answer', answers.channel(answerOf([`contact:${route}`], false), CHAT_URL)],
        ['referral-draft', referrals.draft(proposeRoute({ optionRoute: route }), sectorId, 'Casus', '')],
        ['referral-ready', referrals.ready({ contact, ...mail, mailto: 'mailto:?subject=x', channel: 'none' })],
        [
          'referral-channel',
          referrals.channel({
            referralId: 'r1',
            routeTitle: referrals.routeTitle(route, sectorId),
            ...mail,
            createdAt: '2026-12-01T10:00:00Z',
          }),
        ],
      ];
      for (const [name, card] of cards) {
        if (card === undefined) continue;
        const text = readable(card);
        expect(problems(text), name).toEqual([]);
        expect(text.toLowerCase(), `${name} names the route`).toContain(
          contact.routeInSentence.replace(/^de /, '').toLowerCase(),
        );
      }
      expect(problems(`${mail.subject}\n${mail.body}`), 'mail').toEqual([]);
      expect(mail.subject).toContain(`aan ${contact.routeInSentence}`);
    }
  });

  it('the capitals check itself notices the old bug', () => {
    expect(problems('Of vraag het de sBB-adviseur praktijkleren.')).not.toEqual([]);
    expect(problems('Vraag over bpv voor de sbb-adviseur praktijkleren')).not.toEqual([]);
    expect(problems('Of vraag het de SBB-adviseur praktijkleren.')).toEqual([]);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
