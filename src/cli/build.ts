import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { PROJECT_ROOT } from '../common/paths';
import { PREBUILT_SCRIPT, TAB_SCRIPT_BUILD } from '../tab/assets';
import { errorMessage } from '../common/errors';

/**
 * `npm run build`: the bot as one JavaScript file, `dist/bpv-wegwijzer.js`, which `npm start` runs.
 *
 * One file instead of some 1,400 modules from node_modules makes the start faster
 * (docs/performance.md). Type checking is `npm run typecheck`'s job; this only transpiles.
 * Left out of the file and loaded from node_modules at run time:
 * - better-sqlite3 and dtrace-provider (restify's optional one): native add-ons;
 * - the templating library with adaptive expressions: required on the first card;
 * - the Azure Blob Storage SDK: only loaded with STORAGE=blob;
 * - esbuild: the bundle serves the tab script built below and never bundles it itself.
 * Beside it, `dist/handreiking/tab.js`: the handreiking tab's page script (src/tab/assets.ts).
 * The benchmark builds the bot and its echo bot with these same options.
 */
const BUNDLE_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // multilingual-stemmer is an ES module that loads its .wasm file next to it (src/search/stemmer.ts).
  external: [
    'multilingual-stemmer',
    'better-sqlite3',
    'dtrace-provider',
    'adaptivecards-templating',
    'adaptive-expressions',
    '@azure/storage-blob',
    'esbuild',
  ],
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  logLevel: 'warning',
};

/** Builds each entry (output name -> TypeScript file) into `outdir`; `outdir` must be inside the project. */
export async function bundle(entries: Record<string, string>, outdir: string): Promise<void> {
  await build({ ...BUNDLE_OPTIONS, entryPoints: entries, outdir });
}

const BOT_BUNDLE = path.join(PROJECT_ROOT, 'dist', 'bpv-wegwijzer.js');

if (require.main === module) {
  Promise.all([
    bundle({ 'bpv-wegwijzer': path.join(PROJECT_ROOT, 'src', 'index.ts') }, path.dirname(BOT_BUNDLE)),
    build({ ...TAB_SCRIPT_BUILD, outfile: path.join(path.dirname(BOT_BUNDLE), PREBUILT_SCRIPT) }),
  ]).catch((err: unknown) => {
    process.stderr.write(`${errorMessage(err)}\n`);
    process.exit(1);
  });
}
