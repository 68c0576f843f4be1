import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  type DialogContext,
  DialogSet,
  type DialogState,
  type DialogTurnResult,
  DialogTurnStatus,
  ComponentDialog,
} from './framework';
import type { CardAction } from '../src/cards/actions';
import { advise } from '../src/domain/advisor';
import { PlanNameSchema } from '../src/domain/plan';
import { resolveContact } from '../src/domain/contacts';
import { clearField, emptyIntake, type Intake, type IntakeField, nextField } from '../src/domain/intake';
import type { Command } from '../src/understanding/commands';
import type { Verdict } from '../src/understanding/interpreter';
import { AdviceDialog, type AdviceDialogOptions, sendEnough } from './adviceDialog';
import type { DialogDeps } from './deps';
import { ADVICE_DIALOG, FORGET_DIALOG, INTAKE_DIALOG, MAIN_DIALOG } from './dialogIds';
import { updateFromCard } from './intakeAnswerPrompt';
import { ForgetDialog } from './forgetDialog';
import { IntakeDialog, type IntakeDialogOptions, merge } from './intakeDialog';
import type { ChildResult } from './interruptibleDialog';
import type { PersonalChat } from '../src/teams/bpvBot';
import { sendCard } from '../src/teams/replies';
import { getTurnInput, setCardUpdate } from '../src/teams/turnInput';
import { type DialogMoves, type VerbTable, createVerbTable, routeOf } from '../src/teams/verbs';
import { answerVerdict, verdictOf } from './understanding';

/** Buttons that fix one answer the bot read from an advice request ("Andere sector"). */
const FIX_TITLES: Record<IntakeField, string> = {
  sector: 'Andere sector',
  situations: 'Andere situatie',
  places: 'Andere plekken',
  details: 'Andere details',
};

/**
 * The router of the personal conversation. It stays on the dialog stack and, every turn, first handles
 * card actions (through the verb table, src/teams/verbs.ts) and commands that work anywhere (documents,
 * contacts, change an answer, show a step), then lets the running child dialog (intake or advice walk)
 * continue, and acts on how it ended. Typed text is read once by the interpreter (src/understanding);
 * the router acts on its verdict.
 */
export class MainDialog extends ComponentDialog implements PersonalChat, DialogMoves {
  /** Every card verb and its handler, in personal chat and in channels. */
  readonly verbs: VerbTable;
  private readonly rootSets = new WeakMap<StatePropertyAccessor<DialogState>, DialogSet>();

  constructor(private readonly deps: DialogDeps) {
    super(MAIN_DIALOG);
    this.verbs = createVerbTable(this, deps.features);
    this.addDialog(new IntakeDialog(deps));
    this.addDialog(new AdviceDialog(deps));
    this.addDialog(new ForgetDialog(deps.privacy));
  }

  /** Runs one turn (core-bot's `run`): continue the stack, or start the router. */
  async run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    // The set holds no turn data: one per state accessor serves every turn.
    let dialogSet = this.rootSets.get(dialogState);
    if (!dialogSet) {
      dialogSet = new DialogSet(dialogState);
      dialogSet.add(this);
      this.rootSets.set(dialogState, dialogSet);
    }
    const dc = await dialogSet.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  override async onBeginDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.route(innerDc);
  }

  override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.route(innerDc);
  }

  private async route(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    const { reset } = await this.deps.profiles.load(context);
    if (reset) {
      await dc.cancelAllDialogs();
      await context.sendActivity(
        'Ik ben bijgewerkt en kon je eerdere antwoorden niet meer lezen. Sorry! We beginnen opnieuw.',
      );
      await this.beginIntake(dc);
      return { status: DialogTurnStatus.waiting };
    }
    const input = getTurnInput(context);
    if (input.kind === 'invalid-action') {
      await context.sendActivity('Deze knop kan ik niet (meer) verwerken. Typ "help" om te zien wat wel kan.');
      return { status: DialogTurnStatus.waiting };
    }
    if (input.kind === 'action' && (await routeOf(this.verbs, input.action).personal(dc, input.action)) !== 'child') {
      return { status: DialogTurnStatus.waiting };
    }
    if (input.kind === 'text') {
      const during =
        dc.activeDialog?.id === ADVICE_DIALOG ? 'advice' : dc.activeDialog?.id === INTAKE_DIALOG ? 'intake' : undefined;
      const verdict = verdictOf(context, this.deps.understanding, { where: 'personal', ...(during ? { during } : {}) });
      if (verdict?.kind === 'command' && (await this.handleCommand(dc, verdict.command)))
        return { status: DialogTurnStatus.waiting };
    }

    if (dc.activeDialog) {
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.complete || result.status === DialogTurnStatus.cancelled) {
        await this.afterChild(dc, result.result as ChildResult | undefined);
      }
      return { status: DialogTurnStatus.waiting };
    }
    await this.idle(dc);
    return { status: DialogTurnStatus.waiting };
  }

  // ---- the moves of the verb table (src/teams/verbs.ts) ----

  async startIntake(dc: DialogContext): Promise<void> {
    await this.beginIntake(dc, true);
  }

  async answerFromCard(
    dc: DialogContext,
    action: Extract<CardAction, { verb: 'intake.answer' }>,
  ): Promise<void | 'child'> {
    if (dc.activeDialog?.id === INTAKE_DIALOG) return 'child';
    // An answer from an older card while no intake runs: take it, then ask what is missing or advise.
    const update = updateFromCard(this.deps.knowledge, action.answer);
    if (!update) {
      await dc.context.sendActivity(
        'Dat antwoord kan ik niet verwerken. Typ "start" om de vragen opnieuw te doorlopen.',
      );
      return;
    }
    const profile = await this.deps.profiles.update(dc.context, (p) => ({
      ...p,
      intake: merge(p.intake, action.answer.field, update),
      lastStep: undefined,
    }));
    setCardUpdate(dc.context, this.deps.views.answered(action.answer.field, profile.intake));
    if (nextField(profile.intake)) await this.beginIntake(dc);
    else await this.beginAdvice(dc);
  }

  async showStep(dc: DialogContext, step: 1 | 2 | 3): Promise<void> {
    await this.beginAdvice(dc, step);
  }

  async enough(dc: DialogContext): Promise<void> {
    await dc.cancelAllDialogs();
    await sendEnough(dc.context);
  }

  async optionDetails(dc: DialogContext, key: string): Promise<void> {
    const option = this.deps.knowledge.optionsByKey.get(key);
    if (!option) {
      await dc.context.sendActivity('Die oplossing ken ik niet (meer). Typ "advies" voor je overzicht.');
      return;
    }
    const { intake } = await this.deps.profiles.get(dc.context);
    const contact = resolveContact(this.deps.knowledge, option.contact, intake.sector);
    await sendCard(
      dc.context,
      this.deps.views.optionDetail(option, intake.sector, contact, dc.activeDialog?.id === ADVICE_DIALOG),
    );
    this.deps.insights.forTurn(dc.context).opened(option.key);
  }

  async showAnswer(dc: DialogContext, key: string): Promise<void> {
    const entry = this.deps.understanding.interpreter.engine.entry(key);
    if (!entry || entry.kind === 'topic') {
      await dc.context.sendActivity('Dat antwoord ken ik niet (meer). Stel je vraag gerust opnieuw.');
      return;
    }
    const { intake } = await this.deps.profiles.get(dc.context);
    const result = { key: entry.key, kind: entry.kind, title: entry.title, score: 1, matched: 1, specific: 1 };
    setCardUpdate(
      dc.context,
      this.deps.understanding.answerViews.personal({ results: [result], confident: true }, intake.sector),
    );
  }

  async documents(dc: DialogContext): Promise<void> {
    await sendCard(dc.context, this.deps.views.documents());
  }

  /** Typed commands the router owns; help/stop/opnieuw inside a child dialog are its interruptions. */
  private async handleCommand(dc: DialogContext, command: Command): Promise<boolean> {
    const { context } = dc;
    const inChild = dc.activeDialog !== undefined;
    switch (command.name) {
      case 'help':
      case 'stop':
      case 'restart':
        if (inChild) return false;
        if (command.name === 'help') await this.help(dc);
        else if (command.name === 'restart') await this.beginIntake(dc, true);
        else
          await context.sendActivity('Er loopt nu niets om te stoppen. Typ "start" voor een intake of stel je vraag.');
        return true;
      case 'start':
        await this.beginIntake(dc, true);
        return true;
      case 'advice':
        await this.showAdvice(dc);
        return true;
      case 'documents':
        await this.documents(dc);
        return true;
      case 'contacts':
        await this.contacts(dc);
        return true;
      case 'answers':
        await this.showAnswers(dc);
        return true;
      case 'change':
        await this.changeAnswer(dc, command.field);
        return true;
      case 'next-step':
      case 'enough':
      case 'show-step':
      case 'show-option':
      case 'skip':
        // Only mean something inside the advice walk or the intake: the child dialog acts on them.
        return false;
      case 'plan':
        await this.deps.features.plan.show(context);
        return true;
      case 'plan-export':
        await this.deps.features.plan.exportPlan(context);
        return true;
      case 'plan-new': {
        const name = PlanNameSchema.safeParse(command.planName);
        if (name.success) await this.deps.features.plan.create(context, name.data);
        else
          await context.sendActivity(
            'Geef het plan een korte naam (hoogstens 60 tekens), bijvoorbeeld: nieuw plan bbl zorg 2026.',
          );
        return true;
      }
      case 'referral':
        await this.deps.features.referral.start(context);
        return true;
      case 'insights':
        await this.deps.insightsCommand.show(context);
        return true;
      case 'forget':
        await dc.cancelAllDialogs();
        await dc.beginDialog(FORGET_DIALOG);
        return true;
    }
  }

  private async afterChild(dc: DialogContext, result: ChildResult | undefined): Promise<void> {
    switch (result?.kind) {
      case 'intake-done':
        await this.beginAdvice(dc);
        return;
      case 'restart':
        await this.beginIntake(dc, true);
        return;
      case 'stopped':
        await dc.context.sendActivity(
          'Oké, gestopt. Je antwoorden blijven bewaard: typ "advies", "start" of stel gewoon je vraag.',
        );
        return;
      case 'unhandled-text':
        await this.idle(dc);
        return;
      default:
        return;
    }
  }

  /** No dialog runs: act on what the typed message is. */
  private async idle(dc: DialogContext): Promise<void> {
    const { context } = dc;
    const verdict = verdictOf(context, this.deps.understanding, { where: 'personal' });
    if (!verdict || verdict.kind === 'empty') {
      await this.greet(context);
      return;
    }
    if (verdict.kind === 'small-talk' && verdict.intent.id === 'greeting') {
      await this.greet(context);
      return;
    }
    if (verdict.kind === 'small-talk') {
      await this.smallTalk(context, verdict);
      return;
    }
    if (verdict.kind === 'advice') {
      await this.startAdvice(dc, verdict.intake);
      return;
    }
    const { intake } = await this.deps.profiles.get(context);
    if (await answerVerdict(context, this.deps.understanding, verdict, intake.sector)) return;
    await context.sendActivity(
      'Dat begrijp ik nog niet. Typ "start" om je situatie door te lopen, "documenten" of "contact", of "help" voor alles wat ik kan.',
    );
  }

  /** A greeting: the welcome card the first time, afterwards a short hello with next steps. */
  private async greet(context: TurnContext): Promise<void> {
    const profile = await this.deps.profiles.get(context);
    if (!profile.welcomed) {
      await this.welcome(context);
      return;
    }
    const greeting = this.deps.knowledge.understanding.intents.smallTalk.find((i) => i.id === 'greeting');
    if (greeting) await this.smallTalk(context, { kind: 'small-talk', intent: greeting });
  }

  /** Small talk, offering "Mijn advies" only to a coordinator who has one. */
  private async smallTalk(context: TurnContext, verdict: Extract<Verdict, { kind: 'small-talk' }>): Promise<void> {
    const profile = await this.deps.profiles.get(context);
    const hasAdvice = nextField(profile.intake) === undefined;
    await sendCard(
      context,
      this.deps.understanding.answerViews.smallTalk(verdict.intent, {
        steps: (step) => step !== 'advice' || hasAdvice,
      }),
    );
  }

  /**
   * Advice from the first message: what was recognised fills the intake (a different sector starts a
   * new situation; otherwise it adds to or corrects the answers given before, so "niveau 2, ongeveer 12"
   * after an advice updates that advice). One line says what was understood, with a button per answer
   * to fix it; then only what is missing is asked, or the advice shown at once.
   */
  private async startAdvice(dc: DialogContext, facts: Partial<Intake>): Promise<void> {
    const { context } = dc;
    const current = (await this.deps.profiles.get(context)).intake;
    const recognised = Object.fromEntries(
      Object.entries(facts).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
    ) as Partial<Intake>;
    if (Object.keys(recognised).length === 0) {
      if (nextField(current)) await this.beginIntake(dc);
      else await this.showAdvice(dc);
      return;
    }
    const fresh =
      recognised.sector !== undefined && current.sector !== undefined && recognised.sector !== current.sector;
    const base = fresh ? emptyIntake() : current;
    const details =
      recognised.leerweg !== undefined || recognised.niveau !== undefined || recognised.students !== undefined;
    const intake: Intake = {
      ...base,
      ...recognised,
      situations: recognised.situations ?? base.situations,
      detailsDone: base.detailsDone || details,
    };
    await this.deps.profiles.update(context, (p) => ({ ...p, intake, lastStep: undefined, welcomed: true }));
    const fields: IntakeField[] = [
      ...(recognised.sector ? (['sector'] as const) : []),
      ...(recognised.situations ? (['situations'] as const) : []),
      ...(recognised.places ? (['places'] as const) : []),
      ...(details ? (['details'] as const) : []),
    ];
    const line = `${nextField(intake) ? 'Ik begrijp' : 'Je advies voor'}: ${this.deps.views.situationLine(intake)}.`;
    await sendCard(
      context,
      this.deps.understanding.answerViews.understood(
        line,
        fields.map((field) => ({ field, title: FIX_TITLES[field] })),
      ),
    );
    await dc.cancelAllDialogs();
    if (nextField(intake)) await dc.beginDialog(INTAKE_DIALOG, {} satisfies IntakeDialogOptions);
    else await dc.beginDialog(ADVICE_DIALOG, {} satisfies AdviceDialogOptions);
  }

  async welcome(context: TurnContext): Promise<void> {
    await sendCard(context, this.deps.views.welcome());
    await this.deps.profiles.update(context, (p) => ({ ...p, welcomed: true }));
  }

  private async beginIntake(dc: DialogContext, fresh = false): Promise<void> {
    await dc.cancelAllDialogs();
    if (fresh)
      await this.deps.profiles.update(dc.context, (p) => ({
        ...p,
        intake: emptyIntake(),
        lastStep: undefined,
        welcomed: true,
      }));
    await dc.beginDialog(INTAKE_DIALOG, {} satisfies IntakeDialogOptions);
  }

  async changeAnswer(dc: DialogContext, field: IntakeField): Promise<void> {
    await dc.cancelAllDialogs();
    await this.deps.profiles.update(dc.context, (p) => ({
      ...p,
      intake: clearField(p.intake, field),
      lastStep: undefined,
    }));
    await dc.beginDialog(INTAKE_DIALOG, { only: field } satisfies IntakeDialogOptions);
  }

  private async beginAdvice(dc: DialogContext, step?: 1 | 2 | 3): Promise<void> {
    const { intake } = await this.deps.profiles.get(dc.context);
    if (nextField(intake)) {
      await dc.context.sendActivity('Voor advies heb ik eerst je antwoorden nodig.');
      await this.beginIntake(dc);
      return;
    }
    await dc.cancelAllDialogs();
    await dc.beginDialog(ADVICE_DIALOG, { step } satisfies AdviceDialogOptions);
  }

  async showAdvice(dc: DialogContext): Promise<void> {
    const profile = await this.deps.profiles.get(dc.context);
    if (nextField(profile.intake)) {
      await dc.context.sendActivity('Je hebt nog geen (volledig) advies. Ik stel je eerst een paar vragen.');
      await this.beginIntake(dc);
      return;
    }
    await this.beginAdvice(dc, profile.lastStep);
  }

  async showAnswers(dc: DialogContext): Promise<void> {
    const { intake } = await this.deps.profiles.get(dc.context);
    await sendCard(dc.context, this.deps.views.answers(intake, nextField(intake) === undefined));
  }

  async contacts(dc: DialogContext): Promise<void> {
    const { intake } = await this.deps.profiles.get(dc.context);
    const contacts =
      intake.sector && !nextField(intake)
        ? advise(this.deps.knowledge, intake).contacts
        : [...this.deps.knowledge.contactRoutes.keys()].map((route) =>
            resolveContact(this.deps.knowledge, route, intake.sector),
          );
    await sendCard(dc.context, this.deps.views.contacts(contacts, intake.sector));
  }

  async help(dc: DialogContext): Promise<void> {
    const profile = await this.deps.profiles.get(dc.context);
    await sendCard(
      dc.context,
      this.deps.views.help({
        inIntake: dc.activeDialog?.id === INTAKE_DIALOG,
        hasAdvice: profile.lastStep !== undefined,
      }),
    );
  }
}
