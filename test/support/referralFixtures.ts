import { resolveContact } from '../../src/domain/contacts';
import { composeReferral, draftSummary, mailtoLink, proposeRoute, teamsChatLink } from '../../src/domain/referral';
import type { FixtureBuilder } from './cardFixtures';

/** Referral and feedback cards: referral draft, ready to send, the advisers' channel card before and after a claim; feedback reason. */

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
const MESSAGE = composeReferral({ routeTitle: 'SBB-adviseur praktijkleren', sector: 'Zorg, welzijn en sport', summary: SUMMARY, question: 'Hoe vinden we snel erkende plekken?' });
const CREATED = '2026-03-02T09:15:00.000Z';
const ID = '3f1c2a4e-8b7d-4c6e-9a1b-2d3e4f5a6b7c';

export const REFERRAL_FIXTURES: Record<string, FixtureBuilder> = {
  'referral-draft': ({ referralViews, sample }) => [
    sample('from-option', () => referralViews.draft(proposeRoute({ optionRoute: 'sbb' }), 'zws', SUMMARY, '')),
    sample('from-question', () => referralViews.draft(proposeRoute({ question: 'Mag ik afwijken van de urennorm?' }), 'zws', SUMMARY, 'Mag ik afwijken van de urennorm?')),
    sample('no-sector', () => referralViews.draft(proposeRoute({}), undefined, 'Casus van een bpv-coördinator in het mbo', '')),
  ],
  'referral-ready': ({ knowledge, knowledgeWithPeople, referralViews, sample }) => {
    const plain = resolveContact(knowledge, 'sbb', 'zws');
    const person = resolveContact(knowledgeWithPeople, 'sbb', 'zws');
    return [
      sample('mail-only', () => referralViews.ready({ contact: plain, ...MESSAGE, mailto: mailtoLink(undefined, MESSAGE), channel: 'none' })),
      sample('queued-with-teams', () =>
        referralViews.ready({ contact: person, ...MESSAGE, mailto: mailtoLink(person.person?.email, MESSAGE), teamsUrl: teamsChatLink(person.person?.teams ?? 'adviseur@example.org', MESSAGE), channel: 'queued' }),
      ),
    ];
  },
  'feedback-reason': ({ feedbackViews, sample }) => [
    sample('advice', () => feedbackViews.reason('advice', ['1.1', '1.3', '2.3'])),
    sample('answer', () => feedbackViews.reason('answer', ['doc:faq'])),
    sample('thanks', () => feedbackViews.thanks()),
  ],
  'referral-channel': ({ referralViews, sample }) => [
    sample('open', () => referralViews.channel({ referralId: ID, routeTitle: 'SBB-adviseur praktijkleren', ...MESSAGE, createdAt: CREATED })),
    sample('claimed', () =>
      referralViews.channel({ referralId: ID, routeTitle: 'SBB-adviseur praktijkleren', ...MESSAGE, createdAt: CREATED, claimedBy: { name: 'Adviseur', at: '2026-03-02T10:00:00.000Z' } }),
    ),
  ],
};
