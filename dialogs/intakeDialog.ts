import { type DialogTurnResult, WaterfallDialog, type WaterfallStepContext } from './framework';
import { type Intake, type IntakeField, nextField } from '../src/domain/intake';
import type { DialogDeps } from './deps';
import { INTAKE_ANSWER_PROMPT, INTAKE_DIALOG, INTAKE_WATERFALL } from './dialogIds';
import { IntakeAnswerPrompt, type IntakePromptOptions, type IntakeUpdate } from './intakeAnswerPrompt';
import { type ChildResult, InterruptibleDialog } from './interruptibleDialog';
import { cameFromCard, setCardUpdate } from '../src/teams/turnInput';

export interface IntakeDialogOptions {
  /** Ask only this question again (changing one answer), then finish if the rest is complete. */
  only?: IntakeField;
}

/**
 * The intake: sector, situation(s), available places, optional details. Answers live in the profile,
 * so a restarted bot (or another instance) picks up where the coordinator was.
 */
export class IntakeDialog extends InterruptibleDialog {
  constructor(deps: DialogDeps) {
    super(INTAKE_DIALOG, deps);
    this.addDialog(new IntakeAnswerPrompt(INTAKE_ANSWER_PROMPT, deps));
    this.addDialog(new WaterfallDialog(INTAKE_WATERFALL, [this.askStep.bind(this), this.storeStep.bind(this)]));
    this.initialDialogId = INTAKE_WATERFALL;
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as IntakeDialogOptions;
    const { intake } = await this.deps.profiles.get(step.context);
    const field = options.only ?? nextField(intake);
    if (!field) return step.endDialog({ kind: 'intake-done' } satisfies ChildResult);
    (step.values as { field?: IntakeField }).field = field;
    return step.beginDialog(INTAKE_ANSWER_PROMPT, { field } satisfies IntakePromptOptions);
  }

  private async storeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { field } = step.values as { field: IntakeField };
    const update = step.result as IntakeUpdate;
    const profile = await this.deps.profiles.update(step.context, (p) => ({
      ...p,
      intake: merge(p.intake, field, update),
      lastStep: undefined,
    }));
    if (cameFromCard(step.context)) setCardUpdate(step.context, this.deps.views.answered(field, profile.intake));
    // Ask whatever is still missing; with nothing missing the next round ends the intake.
    return step.replaceDialog(INTAKE_WATERFALL, {});
  }
}

/** The asked field is overwritten; other answers found in the same message only fill empty fields. */
export function merge(intake: Intake, asked: IntakeField, update: IntakeUpdate): Intake {
  const next: Intake = { ...intake };
  const set = <K extends keyof Intake>(key: K, value: Intake[K] | undefined, owns: boolean) => {
    if (value === undefined) return;
    const current = next[key];
    const empty = current === undefined || (Array.isArray(current) && current.length === 0) || current === false;
    if (owns || empty) next[key] = value;
  };
  set('sector', update.sector, asked === 'sector');
  set('situations', update.situations, asked === 'situations');
  set('places', update.places, asked === 'places');
  set('leerweg', update.leerweg, asked === 'details');
  set('niveau', update.niveau, asked === 'details');
  set('students', update.students, asked === 'details');
  set('detailsDone', update.detailsDone, asked === 'details');
  return next;
}
