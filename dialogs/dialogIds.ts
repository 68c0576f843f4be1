/** Dialog ids, one place. Stored dialog state refers to these: renaming one resets running dialogs. */
export const MAIN_DIALOG = 'mainDialog';
export const INTAKE_DIALOG = 'intakeDialog';
export const INTAKE_WATERFALL = 'intakeWaterfall';
export const INTAKE_ANSWER_PROMPT = 'intakeAnswerPrompt';
export const ADVICE_DIALOG = 'adviceDialog';
export const FORGET_DIALOG = 'forgetDialog';
