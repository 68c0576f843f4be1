/**
 * The botbuilder-dialogs classes the dialogs use, loaded from their own modules rather than the
 * package index. The index also loads every prompt with the Microsoft text recognizers (number,
 * date-time, choice, in all cultures), which the bot does not use: that alone was the largest share
 * of start-up and about 34 MB of memory (docs/performance.md). Import dialog classes from here; if
 * a prompt is ever needed, add its module (e.g. 'botbuilder-dialogs/lib/prompts/textPrompt').
 * botbuilder-dialogs is pinned at 4.23.3 (final release), so these module paths do not move.
 */
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog';
export { Dialog, type DialogInstance, type DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog';
export type { DialogContext, DialogState } from 'botbuilder-dialogs/lib/dialogContext';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog';
export type { WaterfallStepContext } from 'botbuilder-dialogs/lib/waterfallStepContext';
export type { DialogStateManagerConfiguration } from 'botbuilder-dialogs/lib/memory/dialogStateManager';
