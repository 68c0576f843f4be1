/**
 * The one module that imports botbuilder-dialogs classes from their own files instead of the package
 * index: the index also loads every prompt with the Microsoft text recognizers (all cultures), which
 * the bot does not use; measured, that adds about 4 MB to the bundle, 0.15 s to start-up and 25 MB
 * of memory (docs/performance.md). botbuilder-dialogs is pinned at its final release, 4.23.3.
 */
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog';
export { Dialog, type DialogInstance, type DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog';
export type { DialogContext, DialogState } from 'botbuilder-dialogs/lib/dialogContext';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog';
export type { WaterfallStepContext } from 'botbuilder-dialogs/lib/waterfallStepContext';
