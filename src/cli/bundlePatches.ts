import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/**
 * Changes to framework code made while bundling, for speed only: each keeps the library's behaviour
 * exactly. Each fails the build when the code it expects is no longer there (after an upgrade), so a
 * patch is never silently dropped or applied to code it was not written for.
 *
 * botbuilder-dialogs' `DialogStateManager` registers its memory scopes with the process-wide
 * `ComponentRegistration` in its constructor, and a dialog context builds one: about five per turn
 * here. Registering again is a no-op (the registry keeps one per class), but the registration object
 * is built first each time (a service collection with a dozen factories): about 1.5% of a turn's CPU
 * and 3% of its allocations (docs/performance.md). The .NET SDK dropped this call from the
 * constructor; here it is kept and done once per process.
 */
const DIALOG_STATE_MANAGER = /[\\/]botbuilder-dialogs[\\/]lib[\\/]memory[\\/]dialogStateManager\.js$/;
const REGISTRATION = 'botbuilder_core_1.ComponentRegistration.add(new dialogsComponentRegistration_1.DialogsComponentRegistration());';

export function registerDialogsComponentOnce(source: string): string {
  const at = source.indexOf(REGISTRATION);
  if (at < 0 || source.indexOf(REGISTRATION, at + 1) >= 0) {
    throw new Error('botbuilder-dialogs changed: its DialogStateManager no longer registers as expected; review src/cli/bundlePatches.ts');
  }
  const once = `if (!dialogsComponentRegistered) { dialogsComponentRegistered = true; ${REGISTRATION} }`;
  // Declared at the end, not the start, so the file's "use strict" stays its first statement.
  return `${source.replace(REGISTRATION, once)}\nvar dialogsComponentRegistered = false;\n`;
}

export const frameworkPatches: Plugin = {
  name: 'bpv-framework-patches',
  setup(build) {
    build.onLoad({ filter: DIALOG_STATE_MANAGER }, async (args) => ({
      contents: registerDialogsComponentOnce(await readFile(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};
