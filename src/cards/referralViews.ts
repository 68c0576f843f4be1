import { resolveContact, type ResolvedContact } from '../domain/contacts';
import type { RouteProposal } from '../domain/referral';
import type { Knowledge } from '../knowledge/load';
import type { ContactRouteId } from '../knowledge/schema';
import type { AdaptiveCardJson, CardRenderer } from './render';
import { cardSafe } from './userText';

/** Card data for the referral ("vraag een adviseur") and the advisers' channel. Pure: no botbuilder. */

const REFERRAL_PRIVACY =
  'Zet er geen namen of andere gegevens van studenten in. Je naam gaat niet mee naar het adviseurskanaal; bij mail of chat ziet de adviseur wel wie je bent.';

export interface ReadyCardInput {
  contact: ResolvedContact;
  subject: string;
  body: string;
  mailto: string;
  teamsUrl?: string;
  /** queued: an advisers' channel is set up and the referral goes there once the turn is saved. */
  channel: 'none' | 'queued';
}

export interface ChannelCardInput {
  referralId: string;
  routeTitle: string;
  subject: string;
  body: string;
  createdAt: string;
  claimedBy?: { name: string; at: string };
}

function formatDutchDateTime(iso: string): string {
  return new Date(iso).toLocaleString('nl-NL', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Amsterdam',
  });
}

export class ReferralViews {
  constructor(
    private readonly knowledge: Knowledge,
    private readonly renderer: CardRenderer,
  ) {}

  /** The route as a card names it, with the bedrijfstakgroep of the sector (by sector when its name is unconfirmed). */
  routeTitle(route: ContactRouteId, sectorId?: string): string {
    return resolveContact(this.knowledge, route, sectorId).title;
  }

  draft(proposal: RouteProposal, sectorId: string | undefined, summary: string, question: string): AdaptiveCardJson {
    return this.renderer.render('referral-draft', {
      route: proposal.route,
      routeTitle: this.routeTitle(proposal.route, sectorId),
      reason: proposal.reason,
      routes: [...this.knowledge.contactRoutes.values()].map((r) => ({
        id: r.id,
        title: this.routeTitle(r.id, sectorId),
      })),
      summary,
      question,
      privacy: REFERRAL_PRIVACY,
    });
  }

  ready(input: ReadyCardInput): AdaptiveCardJson {
    const c = input.contact;
    const who = `${c.person?.name ? `${c.person.name}, ` : ''}${c.title}`;
    // Whether the post itself worked is known only after this card (referralService.ts says so if not).
    const channelText =
      input.channel === 'queued'
        ? 'Ik zet je vraag in het adviseurskanaal. Je krijgt hier een bericht zodra een adviseur hem oppakt.'
        : '';
    const sendText = c.person?.email
      ? `Verstuur je vraag per mail. Je mailprogramma opent met de tekst erin.${input.teamsUrl ? ' Je kunt ook een Teams-chat openen.' : ''}`
      : 'Verstuur je vraag per mail. Je mailprogramma opent met de tekst erin, maar zonder adres: je school heeft voor deze route nog geen adres ingesteld. ' +
        `Zoek de contactgegevens via ${c.url}.`;
    return this.renderer.render('referral-ready', {
      who,
      channelText,
      posted: input.channel === 'queued',
      pending: false,
      sendText,
      // The coordinator typed (part of) these: Markdown shows literally.
      subject: cardSafe(input.subject),
      body: cardSafe(input.body),
      mailto: input.mailto,
      teamsUrl: input.teamsUrl ?? '',
    });
  }

  channel(input: ChannelCardInput): AdaptiveCardJson {
    return this.renderer.render('referral-channel', {
      referralId: input.referralId,
      routeTitle: input.routeTitle,
      subject: cardSafe(input.subject),
      body: cardSafe(input.body),
      createdText: formatDutchDateTime(input.createdAt),
      claimed: input.claimedBy !== undefined,
      statusText: input.claimedBy
        ? `Opgepakt door ${cardSafe(input.claimedBy.name)} op ${formatDutchDateTime(input.claimedBy.at)}`
        : 'Nog niet opgepakt',
    });
  }
}
