import type { TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
import type { CardAction, VerbName } from '../cards/actions';
import type { IntakeField } from '../domain/intake';
import type { AdviserChannelHandler } from './adviserChannel';
import type { FeedbackActions } from './feedbackActions';
import type { PlanActions } from './planActions';
import type { QuickAnswerGroupHandler } from './quickAnswers';
import type { ReferralActions } from './referralActions';

type ActionOf<V extends VerbName> = Extract<CardAction, { verb: V }>;

/** Who answers one card verb. */
export interface VerbRoute<A extends CardAction> {
  /**
   * In personal chat, inside the main dialog's turn. `'child'`: the running child dialog handles it
   * (an intake answer while the intake asks for it).
   */
  personal(dc: DialogContext, action: A): Promise<void | 'child'>;
  /** In a channel or group chat; a verb without one gets "Deze knop werkt in een persoonlijke chat met mij." */
  channel?(context: TurnContext, action: A): Promise<void>;
}

/** Every card verb (src/cards/actions.ts) and its handler: a verb without an entry does not compile. */
export type VerbTable = { readonly [V in VerbName]: VerbRoute<ActionOf<V>> };

/** What the main dialog (dialogs/mainDialog.ts) does for the verbs it owns: they start, end or continue dialogs. */
export interface DialogMoves {
  startIntake(dc: DialogContext): Promise<void>;
  /** An intake answer from a card; 'child' while the intake runs (its question takes the answer). */
  answerFromCard(dc: DialogContext, action: ActionOf<'intake.answer'>): Promise<void | 'child'>;
  changeAnswer(dc: DialogContext, field: IntakeField): Promise<void>;
  showAnswers(dc: DialogContext): Promise<void>;
  showStep(dc: DialogContext, step: 1 | 2 | 3): Promise<void>;
  showAdvice(dc: DialogContext): Promise<void>;
  enough(dc: DialogContext): Promise<void>;
  optionDetails(dc: DialogContext, key: string): Promise<void>;
  /** A button of "Bedoel je ... of ...?": that answer, in place of the question. */
  showAnswer(dc: DialogContext, key: string): Promise<void>;
  documents(dc: DialogContext): Promise<void>;
  contacts(dc: DialogContext): Promise<void>;
  help(dc: DialogContext): Promise<void>;
}

/** The handlers of the features that are no dialogs. */
export interface FeatureHandlers {
  plan: PlanActions;
  referral: ReferralActions;
  feedback: FeedbackActions;
  /** Channels and group chats: quick answers to @mentions. */
  quickAnswers: QuickAnswerGroupHandler;
  /** The advisers' channel: setting it up, claiming referrals. */
  adviserChannel: AdviserChannelHandler;
}

/**
 * The one table from card verb to handler. The Teams handler (bpvBot.ts) looks up `channel` for a card
 * pressed in a channel or group chat; the main dialog looks up `personal` for one pressed in personal
 * chat. `npm test` prints which verb works where (test/cardVerbs.access.test.ts).
 */
export function createVerbTable(dialog: DialogMoves, f: FeatureHandlers): VerbTable {
  return {
    // The intake and the advice walk (dialogs/)
    'intake.start': { personal: (dc) => dialog.startIntake(dc) },
    restart: { personal: (dc) => dialog.startIntake(dc) },
    'intake.answer': { personal: (dc, a) => dialog.answerFromCard(dc, a) },
    'intake.change': { personal: (dc, a) => dialog.changeAnswer(dc, a.field) },
    'intake.answers': { personal: (dc) => dialog.showAnswers(dc) },
    'advice.step': { personal: (dc, a) => dialog.showStep(dc, a.step) },
    'advice.show': { personal: (dc) => dialog.showAdvice(dc) },
    'advice.enough': { personal: (dc) => dialog.enough(dc) },
    'option.details': { personal: (dc, a) => dialog.optionDetails(dc, a.key) },
    'documents.show': { personal: (dc) => dialog.documents(dc) },
    'contacts.show': { personal: (dc) => dialog.contacts(dc) },
    help: { personal: (dc) => dialog.help(dc) },
    // Questions (src/understanding/, answered by quickAnswers.ts in channels)
    'answer.show': {
      personal: (dc, a) => dialog.showAnswer(dc, a.key),
      channel: (context, a) => f.quickAnswers.showAnswer(context, a.key),
    },
    // Mijn bpv-plan (planActions.ts)
    'plan.add': { personal: (dc, a) => f.plan.add(dc.context, a) },
    'plan.show': { personal: (dc, a) => f.plan.showOnCard(dc.context, a) },
    'plan.status': { personal: (dc, a) => f.plan.setStatus(dc.context, a) },
    'plan.edit': { personal: (dc, a) => f.plan.editNote(dc.context, a) },
    'plan.note': { personal: (dc, a) => f.plan.saveNote(dc.context, a) },
    'plan.remove': { personal: (dc, a) => f.plan.remove(dc.context, a) },
    'plan.select': { personal: (dc, a) => f.plan.select(dc.context, a) },
    'plan.new': { personal: (dc, a) => f.plan.create(dc.context, a.name, true) },
    'plan.export': { personal: (dc, a) => f.plan.exportPlan(dc.context, a.planId) },
    // Vraag een adviseur (referralActions.ts; the advisers' channel: adviserChannel.ts)
    'referral.start': { personal: (dc, a) => f.referral.startFromCard(dc.context, a) },
    'referral.send': { personal: (dc, a) => f.referral.sendFromCard(dc.context, a) },
    'referral.claim': {
      personal: (dc) => f.referral.claimElsewhere(dc.context),
      channel: (context, a) => f.adviserChannel.claim(context, a.referralId),
    },
    // Nuttig / niet nuttig (feedbackActions.ts)
    'feedback.rate': { personal: (dc, a) => f.feedback.rate(dc.context, a) },
    'feedback.reason': { personal: (dc, a) => f.feedback.reason(dc.context, a) },
  };
}

/** The route of an action's verb, typed for that action. */
export function routeOf(table: VerbTable, action: CardAction): VerbRoute<CardAction> {
  return table[action.verb];
}
