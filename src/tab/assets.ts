import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BuildOptions } from 'esbuild';
import { PROJECT_ROOT } from '../common/paths';

/**
 * The tab page's script and stylesheet. The script (src/tab/page/tab.ts with the Teams JavaScript
 * client library) is bundled by esbuild: `npm run build` writes it next to the bot bundle
 * (dist/handreiking/tab.js), and the bot bundle serves that file; run from source (tests,
 * `npm run dev`) it is bundled in memory on first use. The stylesheet is served as written, and the
 * app's colour icon as the page's icon.
 * Names carry a content hash, so browsers may keep them while the page itself is always fresh.
 */

export interface TabAsset {
  name: string;
  body: string | Buffer;
  contentType: string;
}

const SOURCE_DIR = path.join(PROJECT_ROOT, 'src', 'tab', 'page');

/** esbuild options for the page script (also used by `npm run build`). */
export const TAB_SCRIPT_BUILD: BuildOptions = {
  entryPoints: [path.join(SOURCE_DIR, 'tab.ts')],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome110', 'safari16', 'firefox115'],
  minify: true,
  legalComments: 'eof',
  logLevel: 'warning',
};

/** Where `npm run build` puts the script, relative to the bot bundle's folder. */
export const PREBUILT_SCRIPT = path.join('handreiking', 'tab.js');

function asset(base: string, ext: string, body: string | Buffer, contentType: string): TabAsset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { name: `${base}.${hash}.${ext}`, body, contentType };
}

async function scriptSource(): Promise<string> {
  // In the bot bundle __dirname is dist/, where `npm run build` left the script; from source it is
  // src/tab/, where no built script lives, so the source is bundled now.
  const prebuilt = path.join(__dirname, PREBUILT_SCRIPT);
  if (existsSync(prebuilt)) return readFileSync(prebuilt, 'utf8');
  // Required here: esbuild is only needed when running from source.
  const { build } = require('esbuild') as typeof import('esbuild');
  const result = await build({ ...TAB_SCRIPT_BUILD, write: false });
  return result.outputFiles?.[0]?.text ?? '';
}

export async function loadTabAssets(): Promise<{ script: TabAsset; style: TabAsset; icon: TabAsset }> {
  const script = await scriptSource();
  if (!script) throw new Error('the tab script is empty');
  return {
    script: asset('tab', 'js', script, 'text/javascript; charset=utf-8'),
    style: asset('tab', 'css', readFileSync(path.join(SOURCE_DIR, 'tab.css'), 'utf8'), 'text/css; charset=utf-8'),
    // The app's own colour icon (manifest/), for a browser tab.
    icon: asset('icon', 'png', readFileSync(path.join(PROJECT_ROOT, 'manifest', 'color.png')), 'image/png'),
  };
}
