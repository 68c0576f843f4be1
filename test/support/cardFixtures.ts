import path from 'node:path';
import { advise } from '../../src/domain/advisor';
import { resolveContact } from '../../src/domain/contacts';
import type { Intake } from '../../src/domain/intake';
import { addOption, createPlan, emptyPlans, type Plans, setNote, setStatus } from '../../src/domain/plan';
import { PlanViews } from '../../src/cards/planViews';
import { FeedbackViews } from '../../src/cards/feedbackViews';
import { ReferralViews } from '../../src/cards/referralViews';
import { REFERRAL_FIXTURES } from './referralFixtures';
import { AnswerViews } from '../../src/cards/answerViews';
import type { Answer, AnswerResult } from '../../src/search/engine';
import { type AdaptiveCardJson, CardRenderer } from '../../src/cards/render';
import { CardViews } from '../../src/cards/views';
import { type Knowledge, loadKnowledge } from '../../src/knowledge/load';
import { CARDS_DIR, KNOWLEDGE_DIR } from '../../src/common/paths';
import { EXAMPLE_APP_ID } from '../../src/config';
import { handreikingDeepLink } from '../../src/tab/deepLink';
import type { CountRow, InsightsData, TextRow } from '../../src/insights/model';
import { buildReport, labelsOf } from '../../src/insights/report';
import { CARD_DAYS, renderSummaryCard } from '../../src/insights/summaryCard';

/**
 * Representative data for EVERY card template in cards/, built the way the bot builds it (through
 * CardViews on the real knowledge). test/cards.test.ts fails for a template without an entry here,
 * so a new card must be added to CARD_FIXTURES before it can ship.
 */

/** One expanded card plus the template and data it came from (the data is reused for injection checks). */
export interface CardSample {
  /** Short name, also used for screenshot file names: "<template>--<variant>". */
  id: string;
  template: string;
  data: object;
  card: AdaptiveCardJson;
}

/** Renders like CardRenderer and remembers the last template and data, so a sample knows its inputs. */
class RecordingRenderer extends CardRenderer {
  last: { template: string; data: object } | undefined;

  override render(name: string, data: object): AdaptiveCardJson {
    this.last = { template: name, data };
    return super.render(name, data);
  }
}

interface FixtureContext {
  knowledge: Knowledge;
  /** Knowledge with the example deployment contacts (names, mail and Teams links filled in). */
  knowledgeWithPeople: Knowledge;
  views: CardViews;
  viewsWithPeople: CardViews;
  planViews: PlanViews;
  referralViews: ReferralViews;
  feedbackViews: FeedbackViews;
  answerViews: AnswerViews;
  answerViewsWithPeople: AnswerViews;
  /** The renderer every view above uses (for cards drawn without a view class: the admin's insights card). */
  renderer: CardRenderer;
  /** Wraps a call that renders one card into a sample. */
  sample: (variant: string, render: () => AdaptiveCardJson) => CardSample;
}

export type FixtureBuilder = (ctx: FixtureContext) => CardSample[];

/** A bbl'er without a leerbaan in horeca, no places at all: the advice starts at step 3 or 2. */
const HORECA_NO_PLACES: Intake = {
  sector: 'zws',
  situations: ['bbl-zonder-leerbaan', 'plek-weggevallen'],
  places: 'geen',
  leerweg: 'bbl',
  niveau: '2',
  students: 12,
  detailsDone: true,
};

/** Care students who work from home, too few places: the advice starts at step 1. */
const ZORG_TOO_FEW: Intake = {
  sector: 'vgg',
  situations: ['thuiswerken', 'leerdoelen-behaald-uren-niet'],
  places: 'te-weinig',
  detailsDone: true,
};

const PARTIAL: Intake = { sector: 'ict', situations: ['geen-plek'], detailsDone: false };

/** Quick answers: a result list as the engine returns it, for the answer cards. */
function answerOf(keys: string[], confident: boolean): Answer {
  const results = keys.map((key, i): AnswerResult => ({
    key,
    kind: key.startsWith('doc:') ? 'document' : key.startsWith('contact:') ? 'contact' : 'option',
    title: key,
    score: Math.max(0.05, 0.9 - i * 0.2),
    matched: 2,
    specific: 1,
  }));
  return { results, confident };
}
const CHAT_URL = 'https://teams.microsoft.com/l/chat/0/0?users=28%3Abot-app-id';

const QUICK_ANSWER_FIXTURES: Record<string, FixtureBuilder> = {
  'quick-answer': ({ answerViews, answerViewsWithPeople, sample }) => [
    sample('option', () => answerViews.personal(answerOf(['1.3', 'doc:faq', 'contact:sbb'], true))),
    sample('document', () => answerViews.personal(answerOf(['doc:servicedocument', '3.2'], true))),
    sample('contact', () => answerViews.personal(answerOf(['contact:mboraad'], true), 'zws')),
    sample('contact-with-person', () =>
      answerViewsWithPeople.personal(answerOf(['contact:sbb', '2.3', '2.4'], true), 'vgg'),
    ),
  ],
  'quick-answer-unsure': ({ answerViews, answerViewsWithPeople, sample }) => [
    sample('guesses', () => answerViews.personal(answerOf(['2.4', 'doc:actieplan', 'contact:btg-overleg'], false))),
    sample('nothing', () => answerViews.personal(answerOf([], false))),
    sample('with-person', () => answerViewsWithPeople.personal(answerOf(['1.6'], false), 'vgg')),
  ],
  'channel-answer': ({ answerViews, sample }) => [
    sample('option', () => answerViews.channel(answerOf(['1.3', '1.2', '2.5'], true), CHAT_URL)),
    sample('document', () => answerViews.channel(answerOf(['doc:faq'], true), CHAT_URL)),
    sample('unsure', () => answerViews.channel(answerOf(['3.2', 'doc:servicedocument'], false), CHAT_URL)),
    sample('nothing', () => answerViews.channel(answerOf([], false), CHAT_URL)),
  ],
  'channel-help': ({ answerViews, sample }) => [
    sample('advice', () =>
      answerViews.channelAdvice(
        'Ik begrijp: Voedsel, groen en gastvrijheid · Student heeft geen stage.',
        [
          {
            title: 'Stage of leerbaan buiten de eigen regio',
            summary: 'Zoek ook buiten de eigen regio of woonplaats naar een erkend leerbedrijf.',
          },
        ],
        CHAT_URL,
      ),
    ),
    sample('help', () => answerViews.channelHelp(CHAT_URL, 'help')),
    sample('intake', () => answerViews.channelHelp(CHAT_URL, 'intake')),
    sample('empty', () => answerViews.channelHelp(CHAT_URL, 'empty')),
  ],
  'small-talk': ({ knowledge, answerViews, sample }) =>
    knowledge.understanding.intents.smallTalk
      .filter((i) => ['thanks', 'greeting', 'complaint'].includes(i.id))
      .flatMap((intent) => [
        sample(intent.id, () => answerViews.smallTalk(intent)),
        sample(`${intent.id}-channel`, () => answerViews.smallTalk(intent, { chatUrl: CHAT_URL })),
      ]),
  clarify: ({ answerViews, sample }) => [
    sample('two', () => answerViews.clarify(answerOf(['1.3', '2.5'], false).results)),
    sample('three-channel', () =>
      answerViews.clarify(answerOf(['3.1', '3.4', 'doc:servicedocument'], false).results, CHAT_URL),
    ),
  ],
  'out-of-scope': ({ knowledge, answerViews, sample }) => {
    const topic = knowledge.understanding.topics.topics.find((t) => t.id === 'stagevergoeding') ?? missing();
    const examens = knowledge.understanding.topics.topics.find((t) => t.id === 'examens') ?? missing();
    return [
      sample('topic', () => answerViews.outOfScope(topic)),
      sample('topic-with-links', () => answerViews.outOfScope(examens)),
      sample('general', () => answerViews.outOfScope(undefined)),
      sample('topic-channel', () => answerViews.outOfScope(examens, CHAT_URL)),
    ];
  },
  notice: ({ answerViews, sample }) => [
    sample('personal', () => answerViews.notice()),
    sample('channel', () => answerViews.notice(CHAT_URL)),
  ],
  understood: ({ answerViews, sample }) => [
    sample('advice-request', () =>
      answerViews.understood('Ik begrijp: Voedsel, groen en gastvrijheid · Student heeft geen stage · 12 studenten.', [
        { field: 'sector', title: 'Andere sector' },
        { field: 'situations', title: 'Andere situatie' },
        { field: 'details', title: 'Andere details' },
      ]),
    ),
  ],
  'search-result': ({ answerViews, sample }) => {
    const items = ['2.7', 'doc:diplomabesluit', 'contact:btg-overleg'].map((key) => answerViews.item(key));
    return [
      ...items.map((item, i) =>
        sample(item?.key.replace(':', '-') ?? String(i), () => answerViews.searchResult(item ?? missing(), CHAT_URL)),
      ),
      sample('step', () => answerViews.stepResults(CHAT_URL)[0]?.card ?? missing()),
    ];
  },
};

function missing(): never {
  throw new Error('fixture data missing from the knowledge');
}

export const CARD_FIXTURES: Record<string, FixtureBuilder> = {
  welcome: ({ views, sample }) => [sample('start', () => views.welcome())],
  help: ({ views, sample }) => [
    sample('new-user', () => views.help({ inIntake: false, hasAdvice: false })),
    sample('in-intake', () => views.help({ inIntake: true, hasAdvice: false })),
    sample('with-advice', () => views.help({ inIntake: false, hasAdvice: true })),
  ],
  'intake-sector': ({ views, sample }) => [
    sample('empty', () => views.intakeQuestion('sector', { situations: [], detailsDone: false })),
    sample('error', () =>
      views.intakeQuestion('sector', HORECA_NO_PLACES, 'Die sector ken ik niet. Kies er een uit de lijst.'),
    ),
  ],
  'intake-situations': ({ views, sample }) => [
    sample('empty', () => views.intakeQuestion('situations', { sector: 'zws', situations: [], detailsDone: false })),
    sample('chosen', () => views.intakeQuestion('situations', HORECA_NO_PLACES)),
  ],
  'intake-places': ({ views, sample }) => [
    sample('empty', () => views.intakeQuestion('places', PARTIAL)),
    sample('chosen', () => views.intakeQuestion('places', ZORG_TOO_FEW, 'Kies een antwoord.')),
  ],
  'intake-details': ({ views, sample }) => [
    sample('empty', () => views.intakeQuestion('details', PARTIAL)),
    sample('filled', () => views.intakeQuestion('details', HORECA_NO_PLACES)),
  ],
  'intake-answered': ({ views, sample }) => [
    sample('sector', () => views.answered('sector', HORECA_NO_PLACES)),
    sample('details', () => views.answered('details', HORECA_NO_PLACES)),
  ],
  answers: ({ views, sample }) => [
    sample('complete', () => views.answers(HORECA_NO_PLACES, true)),
    sample('partial', () => views.answers(PARTIAL, false)),
  ],
  'advice-step': ({ knowledge, views, sample }) => {
    const horeca = advise(knowledge, HORECA_NO_PLACES);
    const zorg = advise(knowledge, ZORG_TOO_FEW);
    return [
      sample('horeca-start', () => views.adviceStep(horeca, horeca.startStep, HORECA_NO_PLACES)),
      sample('horeca-step-1', () => views.adviceStep(horeca, 1, HORECA_NO_PLACES)),
      sample('zorg-step-1', () => views.adviceStep(zorg, 1, ZORG_TOO_FEW)),
      sample('zorg-step-2', () => views.adviceStep(zorg, 2, ZORG_TOO_FEW)),
      sample('zorg-step-3', () => views.adviceStep(zorg, 3, ZORG_TOO_FEW)),
    ];
  },
  'option-detail': ({ knowledge, knowledgeWithPeople, views, viewsWithPeople, sample }) => {
    const samples: CardSample[] = [];
    for (const option of knowledge.options) {
      const contact = resolveContact(knowledge, option.contact, HORECA_NO_PLACES.sector);
      samples.push(sample(option.key, () => views.optionDetail(option, HORECA_NO_PLACES.sector, contact, true)));
    }
    const first = knowledgeWithPeople.options[0];
    if (first) {
      const person = resolveContact(knowledgeWithPeople, first.contact, ZORG_TOO_FEW.sector);
      samples.push(sample('with-person', () => viewsWithPeople.optionDetail(first, undefined, person, false)));
    }
    return samples;
  },
  documents: ({ views, sample }) => [sample('all', () => views.documents())],
  contacts: ({ knowledge, knowledgeWithPeople, views, viewsWithPeople, sample }) => {
    const routes = [...knowledge.contactRoutes.keys()];
    return [
      sample('horeca', () =>
        views.contacts(
          routes.map((r) => resolveContact(knowledge, r, 'zws')),
          'zws',
        ),
      ),
      sample('no-sector', () =>
        views.contacts(
          routes.map((r) => resolveContact(knowledge, r)),
          undefined,
        ),
      ),
      sample('with-people', () =>
        viewsWithPeople.contacts(
          routes.map((r) => resolveContact(knowledgeWithPeople, r, 'vgg')),
          'vgg',
        ),
      ),
    ];
  },
  plan: ({ planViews, sample }) => {
    const plans = examplePlans();
    const [full, empty] = plans.plans;
    if (!full || !empty) throw new Error('example plans missing');
    return [
      sample('items', () => planViews.plan(plans, full, 'Toegevoegd aan je plan.')),
      sample('empty', () => planViews.plan({ active: empty.id, plans: [empty] }, empty)),
    ];
  },
  'plan-note': ({ planViews, sample }) => {
    const plan = examplePlans().plans[0];
    if (!plan) throw new Error('example plan missing');
    return [sample('with-note', () => planViews.note(plan, '2.3')), sample('empty', () => planViews.note(plan, '1.1'))];
  },
  ...QUICK_ANSWER_FIXTURES,
  ...REFERRAL_FIXTURES,
  insights: ({ knowledge, renderer, sample }) => {
    const now = new Date('2026-11-30T12:00:00Z');
    const day = '2026-11-20';
    const counts: CountRow[] = [
      { day, metric: 'intent', key: 'question:sure', detail: '', n: 212 },
      { day, metric: 'intent', key: 'question:unsure', detail: '', n: 31 },
      { day, metric: 'advice-card', key: '1', detail: '', n: 57 },
      { day, metric: 'referral', key: 'sbb', detail: '', n: 4 },
      { day, metric: 'useful', key: '1.3', detail: 'advice', n: 18 },
      { day, metric: 'not-useful', key: '3.2', detail: 'detail', n: 5 },
    ];
    const texts: TextRow[] = [
      { day, kind: 'unsure', key: '', text: 'mag een stagiair op zondag in de kapsalon werken', n: 6 },
      { day, kind: 'unsure', key: '', text: 'wat als het leerbedrijf failliet gaat', n: 4 },
      { day, kind: 'unsure', key: '', text: 'hoeveel uur moet een bbler werken', n: 2 },
      { day, kind: 'unsure', key: '', text: 'een vierde vraag', n: 1 },
    ];
    const report = (data: InsightsData) => buildReport(data, labelsOf(knowledge), { now, days: CARD_DAYS, texts: 3 });
    return [
      sample('month', () => renderSummaryCard(renderer, report({ counts, texts, instances: 2 }))),
      sample('empty', () => renderSummaryCard(renderer, report({ counts: [], texts: [], instances: 0 }))),
    ];
  },
};

/** Two plans: one with items in every status and a note, and an empty one. */
function examplePlans(): Plans {
  let plans = createPlan(emptyPlans(), 'Horeca niveau 2').plans;
  for (const key of ['1.1', '2.3', '3.1']) plans = addOption(plans, key).plans;
  const id = plans.active;
  plans = setStatus(plans, id, '2.3', 'bezig').plans;
  plans = setStatus(plans, id, '3.1', 'gedaan').plans;
  plans = setNote(plans, id, '2.3', 'Afspraak met SBB gepland.').plans;
  return createPlan(plans, 'Zorg cohort 2021').plans;
}

/** Every card sample for every template that has a fixture. */
export function buildSamples(): { samples: CardSample[]; templates: string[]; renderer: CardRenderer } {
  const knowledge = loadKnowledge(KNOWLEDGE_DIR);
  const knowledgeWithPeople = loadKnowledge(KNOWLEDGE_DIR, path.join(KNOWLEDGE_DIR, 'contacts.example.yaml'));
  const renderer = new RecordingRenderer(CARDS_DIR);
  const views = new CardViews(knowledge, renderer);
  const viewsWithPeople = new CardViews(knowledgeWithPeople, renderer);
  const ctx: FixtureContext = {
    knowledge,
    knowledgeWithPeople,
    views,
    viewsWithPeople,
    planViews: new PlanViews(knowledge, renderer),
    referralViews: new ReferralViews(knowledge, renderer),
    feedbackViews: new FeedbackViews(renderer),
    // Channel and compose-box cards link to the handreiking tab as the bot does (with the example app id).
    answerViews: new AnswerViews(knowledge, renderer, (key) => handreikingDeepLink(EXAMPLE_APP_ID, key)),
    answerViewsWithPeople: new AnswerViews(knowledgeWithPeople, renderer, (key) =>
      handreikingDeepLink(EXAMPLE_APP_ID, key),
    ),
    renderer,
    sample(variant, render) {
      renderer.last = undefined;
      const card = render();
      const last = renderer.last as { template: string; data: object } | undefined;
      if (!last) throw new Error(`fixture "${variant}" rendered no card`);
      return { id: `${last.template}--${variant}`, template: last.template, data: last.data, card };
    },
  };
  const samples = Object.entries(CARD_FIXTURES).flatMap(([template, build]) =>
    build(ctx).map((s) => {
      if (s.template !== template) throw new Error(`fixture for "${template}" rendered "${s.template}"`);
      return s;
    }),
  );
  return { samples, templates: renderer.names, renderer };
}
