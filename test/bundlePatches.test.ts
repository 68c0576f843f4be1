import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { registerDialogsComponentOnce } from '../src/cli/bundlePatches';

const FILE = require.resolve('botbuilder-dialogs/lib/memory/dialogStateManager.js');
const SOURCE = readFileSync(FILE, 'utf8');

/** Evaluates (patched) dialogStateManager.js, counting how often its registration object is built. */
function loadCounting(source: string): { DialogStateManager: new (dc: unknown, configuration?: unknown) => unknown; built: () => number } {
  const realRequire = createRequire(FILE);
  let built = 0;
  const registration = realRequire('../dialogsComponentRegistration') as { DialogsComponentRegistration: new () => object };
  class Counting extends registration.DialogsComponentRegistration {
    constructor() {
      super();
      built++;
    }
  }
  const fakeRequire = (id: string): unknown => (id === '../dialogsComponentRegistration' ? { DialogsComponentRegistration: Counting } : realRequire(id));
  const module = { exports: {} as Record<string, unknown> };
  new Function('exports', 'require', 'module', source)(module.exports, fakeRequire, module);
  return { DialogStateManager: module.exports.DialogStateManager as never, built: () => built };
}

describe('framework patches applied while bundling', () => {
  const dc = { context: { turnState: new Map() } };
  const configuration = { memoryScopes: [], pathResolvers: [] };

  it('builds botbuilder-dialogs registration object once per process instead of once per dialog context', () => {
    const original = loadCounting(SOURCE);
    for (let i = 0; i < 3; i++) new original.DialogStateManager(dc, configuration);
    expect(original.built()).toBe(3);

    const patched = loadCounting(registerDialogsComponentOnce(SOURCE));
    for (let i = 0; i < 3; i++) new patched.DialogStateManager(dc, configuration);
    expect(patched.built()).toBe(1);
  });

  it('keeps the module strict and fails the build when the code it patches has changed', () => {
    expect(registerDialogsComponentOnce(SOURCE).trimStart().startsWith('"use strict";')).toBe(true);
    expect(() => registerDialogsComponentOnce(SOURCE.replace('ComponentRegistration.add(', 'ComponentRegistration.register('))).toThrow(/botbuilder-dialogs changed/);
  });
});
