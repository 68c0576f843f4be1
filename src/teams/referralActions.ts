import type { TurnContext } from 'botbuilder';
import type { CardAction } from '../cards/actions';
import type { ReferralViews } from '../cards/referralViews';
import { advise } from '../domain/advisor';
import { resolveContact } from '../domain/contacts';
import { nextField } from '../domain/intake';
import { STATUS_LABELS, activePlan } from '../domain/plan';
import { MAX_REFERRAL_IDS, type Profile } from '../domain/profile';
import {
  type CaseFacts,
  composeReferral,
  draftSummary,
  mailtoLink,
  proposeRoute,
  redact,
  teamsChatLink,
} from '../domain/referral';
import type { CardViews } from '../cards/views';
import type { Knowledge } from '../knowledge/load';
import type { TurnInsights } from './insightsActions';
import type { ProfileStore } from './profileStore';
import type { ReferralService } from './referralService';
import { sendCard } from './replies';
import { setCardUpdate } from './turnInput';

type ReferralAction<V extends `referral.${string}`> = Extract<CardAction, { verb: V }>;

/**
 * "Vraag een adviseur" in the personal chat: proposes a route with its reason, drafts a case summary
 * from the conversation (labels only, no personal data), and after the coordinator's edits turns it into
 * a mail, a Teams chat link and, where an advisers' channel is set up, a referral card there.
 */
export class ReferralActions {
  constructor(
    private readonly deps: {
      knowledge: Knowledge;
      views: CardViews;
      profiles: ProfileStore;
      insights: Pick<TurnInsights, 'forTurn'>;
    },
    private readonly views: ReferralViews,
    /** Stores referrals and posts them to the advisers' channel (when one is set up). */
    private readonly service: ReferralService,
  ) {}

  /** "Vraag een adviseur" on a card: the draft for the option of that card (or the advice shown last). */
  async startFromCard(context: TurnContext, { key, question }: ReferralAction<'referral.start'>): Promise<void> {
    await this.start(context, key, question);
  }

  /** "Volgende" on the draft: the mail and Teams links, and the referral to the advisers' channel. */
  async sendFromCard(
    context: TurnContext,
    { route, summary, question }: ReferralAction<'referral.send'>,
  ): Promise<void> {
    await this.send(context, route, summary, question);
  }

  /** "Ik pak dit op" pressed in personal chat: it is for the advisers' channel. */
  async claimElsewhere(context: TurnContext): Promise<void> {
    await context.sendActivity('Deze knop is voor adviseurs in het adviseurskanaal.');
  }

  /** "vraag een adviseur" typed, or from a card. */
  async start(context: TurnContext, key?: string, question?: string): Promise<void> {
    const profile = await this.deps.profiles.get(context);
    // From an advice card (no key): the best option of the step shown last decides the route.
    const optionKey = key ?? this.facts(profile).considered[0]?.key;
    const option = optionKey ? this.deps.knowledge.optionsByKey.get(optionKey) : undefined;
    const proposal = proposeRoute({
      ...(question ? { question } : {}),
      ...(option ? { optionRoute: option.contact } : {}),
    });
    const names = userNames(context);
    const summary = redact(draftSummary(this.facts(profile, key)), names);
    const card = this.views.draft(proposal, profile.intake.sector, summary, redact(question ?? '', names));
    await sendCard(context, card);
  }

  /** What the summary is drafted from: the intake as labels, the options looked at and the plan. */
  private facts(profile: Profile, key?: string): CaseFacts {
    const { knowledge, views } = this.deps;
    const intake = profile.intake;
    const titled = (k: string) => ({ key: k, title: knowledge.optionsByKey.get(k)?.title ?? k });
    const considered: string[] = key ? [key] : [];
    if (profile.lastStep !== undefined && !nextField(intake)) {
      const step = advise(knowledge, intake).steps.find((s) => s.number === profile.lastStep);
      for (const o of step?.options.slice(0, 3) ?? []) if (!considered.includes(o.key)) considered.push(o.key);
    }
    const plan = activePlan(profile.plans);
    const contact = intake.sector ? resolveContact(knowledge, 'mboraad', intake.sector) : undefined;
    return {
      ...(intake.sector ? { sector: views.sectorLabel(intake.sector) } : {}),
      ...(contact?.btgName ? { btgName: contact.btgName } : {}),
      ...(intake.leerweg ? { leerweg: intake.leerweg } : {}),
      ...(intake.niveau ? { niveau: intake.niveau === 'entree' ? 'Entree' : `niveau ${intake.niveau}` } : {}),
      situations: intake.situations.length > 0 ? views.answerText(intake, 'situations').split('; ') : [],
      ...(intake.places ? { places: views.answerText(intake, 'places') } : {}),
      ...(intake.students ? { students: intake.students } : {}),
      considered: considered.filter((k) => !plan?.items.some((i) => i.key === k)).map(titled),
      planned: (plan?.items ?? []).map((i) => ({ ...titled(i.key), status: STATUS_LABELS[i.status] })),
    };
  }

  private async send(
    context: TurnContext,
    route: 'mboraad' | 'sbb' | 'btg-overleg',
    summary: string,
    question: string,
  ): Promise<void> {
    const { intake } = await this.deps.profiles.get(context);
    const names = userNames(context);
    const contact = resolveContact(this.deps.knowledge, route, intake.sector);
    const routeTitle = contact.title;
    const sector = intake.sector ? this.deps.views.sectorLabel(intake.sector) : undefined;
    const message = composeReferral({
      to: contact.routeInSentence,
      ...(sector ? { sector } : {}),
      summary: redact(summary, names),
      question: redact(question, names),
    });
    const record = await this.service.submit(context, { route, routeTitle, ...(sector ? { sector } : {}), ...message });
    await this.deps.profiles.update(context, (p) => ({
      ...p,
      referrals: [...p.referrals, record.id].slice(-MAX_REFERRAL_IDS),
    }));
    const card = this.views.ready({
      contact,
      ...message,
      mailto: mailtoLink(contact.person?.email, message),
      ...(contact.person?.teams ? { teamsUrl: teamsChatLink(contact.person.teams, message) } : {}),
      channel: record.delivery !== 'none' ? 'queued' : 'none',
    });
    setCardUpdate(context, card);
    this.deps.insights.forTurn(context).referred(route);
  }
}

/** The coordinator's display name (and its parts), to be kept out of anything that is sent on. */
function userNames(context: TurnContext): string[] {
  const name = context.activity.from?.name;
  return name ? [name] : [];
}
