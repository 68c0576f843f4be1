import { resolveContact } from '../../src/domain/contacts';
import {
  composeReferral,
  draftSummary,
  mailtoLink,
  proposeRoute,
  type ReferralMessage,
  teamsChatLink,
} from '../../src/domain/referral';
import type { Knowledge } from '../../src/knowledge/load';
import type { ContactRouteId } from '../../src/knowledge/schema';
import type { FixtureBuilder } from './cardFixtures';

/**
 * Referral and feedback cards: referral draft, ready to send, the advisers' channel card before and after a claim;
 * feedback reason. Built the way src/teams/referralActions.ts builds them, on the real knowledge.
 */

const SUMMARY = draftSummary({
  sector: 'Zorg, welzijn en sport',
  btgName: 'Zorg, welzijn en sport',
  leerweg: 'bbl',
  niveau: 'niveau 2',
  situations: ['Bbl-student zonder leerbaan'],
  places: 'Er zijn geen plekken',
  students: 12,
  considered: [{ key: '3.2', title: 'Afwijken van de urennorm voor bpv en bot' }],
  planned: [{ key: '2.3', title: 'Gericht werven bij bestaande leerbedrijven, samen met SBB', status: 'bezig' }],
});
/** Handel: a sector whose bedrijfstakgroep name is not confirmed. */
const HANDEL_SUMMARY = draftSummary({
  sector: 'Handel',
  situations: ['Plek weggevallen'],
  considered: [],
  planned: [],
});
const CREATED = '2026-03-02T09:15:00.000Z';
const ID = '3f1c2a4e-8b7d-4c6e-9a1b-2d3e4f5a6b7c';

/** The hand-over for a route and sector, composed as the referral dialog composes it. */
function message(knowledge: Knowledge, route: ContactRouteId, sectorId: string, summary = SUMMARY): ReferralMessage {
  const sector = knowledge.sectors.find((s) => s.id === sectorId)?.label;
  const to = resolveContact(knowledge, route, sectorId).routeInSentence;
  return composeReferral({
    to,
    ...(sector ? { sector } : {}),
    summary,
    question: 'Hoe vinden we snel erkende plekken?',
  });
}

export const REFERRAL_FIXTURES: Record<string, FixtureBuilder> = {
  'referral-draft': ({ referralViews, sample }) => [
    sample('from-option', () => referralViews.draft(proposeRoute({ optionRoute: 'sbb' }), 'zws', SUMMARY, '')),
    sample('from-question', () =>
      referralViews.draft(
        proposeRoute({ question: 'Mag ik afwijken van de urennorm?' }),
        'zws',
        SUMMARY,
        'Mag ik afwijken van de urennorm?',
      ),
    ),
    sample('unconfirmed-btg', () =>
      referralViews.draft(proposeRoute({ question: 'Mag ik afwijken van de urennorm?' }), 'handel', HANDEL_SUMMARY, ''),
    ),
    sample('no-sector', () =>
      referralViews.draft(proposeRoute({}), undefined, 'Casus van een bpv-coördinator in het mbo', ''),
    ),
  ],
  'referral-ready': ({ knowledge, knowledgeWithPeople, referralViews, sample }) => {
    const plain = resolveContact(knowledge, 'sbb', 'zws');
    const person = resolveContact(knowledgeWithPeople, 'sbb', 'zws');
    const handel = resolveContact(knowledge, 'mboraad', 'handel');
    const sbb = message(knowledge, 'sbb', 'zws');
    const mboraad = message(knowledge, 'mboraad', 'handel', HANDEL_SUMMARY);
    return [
      sample('mail-only', () =>
        referralViews.ready({ contact: plain, ...sbb, mailto: mailtoLink(undefined, sbb), channel: 'none' }),
      ),
      sample('queued-with-teams', () =>
        referralViews.ready({
          contact: person,
          ...sbb,
          mailto: mailtoLink(person.person?.email, sbb),
          teamsUrl: teamsChatLink(person.person?.teams ?? 'adviseur@example.org', sbb),
          channel: 'queued',
        }),
      ),
      sample('unconfirmed-btg', () =>
        referralViews.ready({ contact: handel, ...mboraad, mailto: mailtoLink(undefined, mboraad), channel: 'none' }),
      ),
    ];
  },
  'feedback-reason': ({ feedbackViews, sample }) => [
    sample('advice', () => feedbackViews.reason('advice', ['1.1', '1.3', '2.3'])),
    sample('answer', () => feedbackViews.reason('answer', ['doc:faq'])),
    sample('thanks', () => feedbackViews.thanks()),
  ],
  'referral-channel': ({ knowledge, referralViews, sample }) => {
    const sbb = message(knowledge, 'sbb', 'zws');
    const mboraad = message(knowledge, 'mboraad', 'handel', HANDEL_SUMMARY);
    return [
      sample('open', () =>
        referralViews.channel({
          referralId: ID,
          routeTitle: referralViews.routeTitle('sbb', 'zws'),
          ...sbb,
          createdAt: CREATED,
        }),
      ),
      sample('claimed', () =>
        referralViews.channel({
          referralId: ID,
          routeTitle: referralViews.routeTitle('sbb', 'zws'),
          ...sbb,
          createdAt: CREATED,
          claimedBy: { name: 'Adviseur', at: '2026-03-02T10:00:00.000Z' },
        }),
      ),
      sample('unconfirmed-btg', () =>
        referralViews.channel({
          referralId: ID,
          routeTitle: referralViews.routeTitle('mboraad', 'handel'),
          ...mboraad,
          createdAt: CREATED,
        }),
      ),
    ];
  },
};
