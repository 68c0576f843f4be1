import type { TurnContext } from 'botbuilder';
import type { CardAction } from '../src/cards/actions';
import type { ReferralViews } from '../src/cards/referralViews';
import { advise } from '../src/domain/advisor';
import { resolveContact } from '../src/domain/contacts';
import { nextField } from '../src/domain/intake';
import { STATUS_LABELS, activePlan } from '../src/domain/plan';
import { MAX_REFERRAL_IDS, type Profile } from '../src/domain/profile';
import { type CaseFacts, composeReferral, draftSummary, mailtoLink, proposeRoute, redact, teamsChatLink } from '../src/domain/referral';
import type { ReferralService } from '../src/teams/referralService';
import type { DialogDeps } from './deps';
import { cardAttachment } from './interruptibleDialog';
import { setCardUpdate } from './turnInput';

export type ReferralAction = Extract<CardAction, { verb: `referral.${string}` }>;

/**
 * "Vraag een adviseur" in the personal chat: proposes a route with its reason, drafts a case summary
 * from the conversation (labels only, no personal data), and after the coordinator's edits turns it into
 * a mail, a Teams chat link and, where an advisers' channel is set up, a referral card there.
 */
export class ReferralDialog {
  constructor(
    private readonly deps: DialogDeps,
    private readonly views: ReferralViews,
    private readonly service?: ReferralService,
  ) {}

  async handle(context: TurnContext, action: ReferralAction): Promise<void> {
    switch (action.verb) {
      case 'referral.start':
        await this.start(context, action.key, action.question);
        return;
      case 'referral.send':
        await this.send(context, action.route, action.summary, action.question);
        return;
      case 'referral.claim':
        await context.sendActivity('Deze knop is voor adviseurs in het adviseurskanaal.');
        return;
    }
  }

  async start(context: TurnContext, key?: string, question?: string): Promise<void> {
    const profile = await this.deps.profiles.get(context);
    // From an advice card (no key): the best option of the step shown last decides the route.
    const optionKey = key ?? this.facts(profile).considered[0]?.key;
    const option = optionKey ? this.deps.knowledge.optionsByKey.get(optionKey) : undefined;
    const proposal = proposeRoute({ ...(question ? { question } : {}), ...(option ? { optionRoute: option.contact } : {}) });
    const names = userNames(context);
    const summary = redact(draftSummary(this.facts(profile, key)), names);
    const card = this.views.draft(proposal, profile.intake.sector, summary, redact(question ?? '', names));
    await context.sendActivity({ attachments: [cardAttachment(card)] });
  }

  /** What the summary is drafted from: the intake as labels, the options looked at and the plan. */
  facts(profile: Profile, key?: string): CaseFacts {
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

  private async send(context: TurnContext, route: 'mboraad' | 'sbb' | 'btg-overleg', summary: string, question: string): Promise<void> {
    const { intake } = await this.deps.profiles.get(context);
    const names = userNames(context);
    const contact = resolveContact(this.deps.knowledge, route, intake.sector);
    const routeTitle = contact.title;
    const sector = intake.sector ? this.deps.views.sectorLabel(intake.sector) : undefined;
    const message = composeReferral({ to: contact.routeInSentence, ...(sector ? { sector } : {}), summary: redact(summary, names), question: redact(question, names) });
    const record = this.service ? await this.service.submit(context, { route, routeTitle, ...(sector ? { sector } : {}), ...message }) : undefined;
    if (record) await this.deps.profiles.update(context, (p) => ({ ...p, referrals: [...p.referrals, record.id].slice(-MAX_REFERRAL_IDS) }));
    const card = this.views.ready({
      contact,
      ...message,
      mailto: mailtoLink(contact.person?.email, message),
      ...(contact.person?.teams ? { teamsUrl: teamsChatLink(contact.person.teams, message) } : {}),
      channel: record && record.delivery !== 'none' ? 'queued' : 'none',
    });
    setCardUpdate(context, card);
    this.deps.coordinator?.insights?.forTurn(context).referred(route);
  }
}

/** The coordinator's display name (and its parts), to be kept out of anything that is sent on. */
function userNames(context: TurnContext): string[] {
  const name = context.activity.from?.name;
  return name ? [name] : [];
}
