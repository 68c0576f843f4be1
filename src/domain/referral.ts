import type { ContactRouteId } from '../knowledge/schema';
import { scrubPersonalData } from './feedback';
import { redactNames } from './names';
import { fold } from '../common/text';

/**
 * The hand-over to an adviser ("vraag een adviseur"): which route fits a question, a case summary
 * without personal data, and the mail and Teams links that carry it. Pure.
 */

export const MAX_SUMMARY = 2_000;
export const MAX_QUESTION = 600;
/** Mail clients and browsers cut long mailto links; the body is capped well below 2,000 characters. */
const MAX_LINK_BODY = 1_500;

interface RouteRule {
  route: ContactRouteId;
  topic: string;
  /** Folded words or phrases that point at this route. */
  words: readonly string[];
}

/**
 * The routing table from "Vragen stellen of sparren?": rules, servicedocument, urennorm and exams go to
 * the beleidsadviseur of the sector's btg (MBO Raad); finding, recruiting and recognising leerbedrijven
 * to the SBB adviseur praktijkleren; sharing solutions to colleagues in the btg-overleg.
 */
const ROUTING_TABLE: readonly RouteRule[] = [
  {
    route: 'mboraad',
    topic: 'regels, servicedocument, urennorm en examens',
    words: [
      'regel',
      'regels',
      'regelgeving',
      'wet',
      'web',
      'wettelijk',
      'mag dat',
      'mag het',
      'mag ik',
      'toegestaan',
      'servicedocument',
      'urennorm',
      'uren',
      'norm',
      'bot',
      'begeleide onderwijstijd',
      'examen',
      'examens',
      'examinering',
      'diploma',
      'diplomeren',
      'diplomabesluit',
      'kwalificatiedossier',
      'afwijken',
      'inspectie',
    ],
  },
  {
    route: 'sbb',
    topic: 'leerbedrijven vinden, werven en erkennen',
    words: [
      'leerbedrijf',
      'leerbedrijven',
      'erkenning',
      'erkend',
      'erkende',
      'erkennen',
      'werven',
      'werving',
      'stageplek',
      'stageplekken',
      'stageplaats',
      'stageplaatsen',
      'leerbaan',
      'leerbanen',
      'praktijkopleider',
      'bedrijf',
      'bedrijven',
      'vervangende plek',
      'tekort',
    ],
  },
  {
    route: 'btg-overleg',
    topic: 'oplossingen delen met andere scholen',
    words: [
      'andere scholen',
      'collega',
      'collegas',
      'delen',
      'ervaringen',
      'samenwerken',
      'afstemmen',
      'hoe doen anderen',
      'sparren',
      'elkaar',
    ],
  },
];

const ROUTE_REASONS: Record<ContactRouteId, string> = {
  mboraad:
    'Je vraag gaat over de regels (servicedocument, urennorm of examens). Daarover adviseert de beleidsadviseur van de bedrijfstakgroep van je sector, bij de MBO Raad.',
  sbb: 'Je vraag gaat over het vinden, werven of erkennen van leerbedrijven. Daarvoor is de SBB-adviseur praktijkleren je aanspreekpunt.',
  'btg-overleg':
    "Je wilt oplossingen delen of horen wat andere scholen doen. Dat kan met collega's in het btg-overleg.",
};

export interface RouteProposal {
  route: ContactRouteId;
  reason: string;
  /** What decided the route: words in the question, the option the coordinator came from, or the default. */
  basis: 'question' | 'option' | 'default';
}

/** Counts the words of each route in the question; the route with most hits wins, ties go to the table order. */
export function routeForText(text: string): ContactRouteId | undefined {
  const folded = ` ${fold(text)} `;
  let best: { route: ContactRouteId; hits: number } | undefined;
  for (const rule of ROUTING_TABLE) {
    const hits = rule.words.filter((w) => folded.includes(` ${fold(w)} `)).length;
    if (hits > 0 && (!best || hits > best.hits)) best = { route: rule.route, hits };
  }
  return best?.route;
}

/**
 * The route to propose: the coordinator's question decides when it names a topic; otherwise the contact
 * route of the option the coordinator came from; otherwise the btg beleidsadviseur, who can refer on.
 */
export function proposeRoute(input: { question?: string; optionRoute?: ContactRouteId }): RouteProposal {
  const fromText = input.question ? routeForText(input.question) : undefined;
  if (fromText) return { route: fromText, reason: ROUTE_REASONS[fromText], basis: 'question' };
  if (input.optionRoute) return { route: input.optionRoute, reason: ROUTE_REASONS[input.optionRoute], basis: 'option' };
  return {
    route: 'mboraad',
    reason:
      'Weet je niet precies bij wie je vraag hoort? Begin bij de beleidsadviseur van de bedrijfstakgroep van je sector (MBO Raad). Die denkt mee en verwijst zo nodig door.',
    basis: 'default',
  };
}

/** What the summary is drafted from: labels only, never a name or an id. */
export interface CaseFacts {
  sector?: string;
  /** Only a confirmed bedrijfstakgroep name (see src/domain/contacts.ts); shown when it differs from the sector. */
  btgName?: string;
  leerweg?: string;
  niveau?: string;
  situations: readonly string[];
  places?: string;
  students?: number;
  considered: ReadonlyArray<{ key: string; title: string }>;
  planned: ReadonlyArray<{ key: string; title: string; status: string }>;
}

/** The case summary the coordinator reads and edits before sending. Notes from the plan are left out (free text). */
export function draftSummary(facts: CaseFacts): string {
  const lines = ['Casus van een bpv-coördinator in het mbo'];
  if (facts.sector)
    lines.push(
      `Sector: ${facts.sector}${facts.btgName && facts.btgName !== facts.sector ? ` (bedrijfstakgroep ${facts.btgName})` : ''}`,
    );
  const programme = [facts.leerweg, facts.niveau].filter(Boolean).join(', ');
  if (programme) lines.push(`Leerweg en niveau: ${programme}`);
  if (facts.situations.length > 0) lines.push(`Situatie: ${facts.situations.join('; ')}`);
  if (facts.places) lines.push(`Plekken: ${facts.places}`);
  if (facts.students) lines.push(`Aantal studenten: ${facts.students}`);
  if (facts.considered.length > 0)
    lines.push(
      `Bekeken oplossingen uit de handreiking: ${facts.considered.map((o) => `${o.key} ${o.title}`).join('; ')}`,
    );
  if (facts.planned.length > 0)
    lines.push(`In mijn plan: ${facts.planned.map((o) => `${o.key} ${o.title} (${o.status})`).join('; ')}`);
  return lines.join('\n').slice(0, MAX_SUMMARY);
}

/**
 * Removes personal data before anything leaves the chat: e-mail addresses, IBANs, phone and long
 * numbers, links (also written as "www." or "evil[.]example"), invisible and bidi control characters,
 * and the given names (the coordinator's own display name, see names.ts: never a word such as "van").
 */
export function redact(text: string, names: readonly string[] = []): string {
  return redactNames(scrubPersonalData(text), names);
}

export interface ReferralMessage {
  subject: string;
  body: string;
}

/**
 * Subject and body of the hand-over, as sent by mail, Teams chat or the advisers' channel. `to` is the route
 * as it stands in a sentence, capitals kept ("de SBB-adviseur praktijkleren"; contacts.yaml `inSentence`).
 */
export function composeReferral(input: {
  to: string;
  sector?: string;
  summary: string;
  question: string;
}): ReferralMessage {
  const subject = `Vraag over bpv${input.sector ? ` (${input.sector})` : ''} aan ${input.to}`;
  const parts = [input.summary.trim()];
  if (input.question.trim()) parts.push(`Mijn vraag:\n${input.question.trim()}`);
  parts.push('Opgesteld met de Bpv-wegwijzer, zonder persoonsgegevens van studenten.');
  return { subject, body: parts.join('\n\n') };
}

function capped(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3).trimEnd()}...`;
}

/**
 * A mailto link (RFC 6068): subject and body percent-encoded as UTF-8 (spaces as %20, never "+"),
 * line breaks as CRLF. Without an address the coordinator fills in the recipient.
 */
export function mailtoLink(to: string | undefined, message: ReferralMessage): string {
  const address = to ? encodeURIComponent(to).replace(/%40/g, '@') : '';
  const body = capped(message.body, MAX_LINK_BODY).replace(/\r?\n/g, '\r\n');
  return `mailto:${address}?subject=${encodeURIComponent(message.subject)}&body=${encodeURIComponent(body)}`;
}

/** A Teams deep link that opens a chat with the adviser, the message ready to send. */
export function teamsChatLink(upn: string, message: ReferralMessage): string {
  const params = [
    `users=${encodeURIComponent(upn)}`,
    `topicName=${encodeURIComponent(capped(message.subject, 100))}`,
    `message=${encodeURIComponent(capped(message.body, MAX_LINK_BODY))}`,
  ];
  return `https://teams.microsoft.com/l/chat/0/0?${params.join('&')}`;
}
