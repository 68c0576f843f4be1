import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/common/paths';

/**
 * Start-up stays lean (docs/performance.md): loading the app must not pull in the botbuilder-dialogs
 * index (every prompt plus the Microsoft text recognizers, the largest share of start-up), the Azure
 * Blob SDK (only with STORAGE=blob) or the templating library (loaded on first card).
 */
describe('start-up', () => {
  const dir = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'bpv-startup-test', String(process.pid));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loading the app does not load modules the bot only needs later or never', async () => {
    await build({
      entryPoints: { app: path.join(PROJECT_ROOT, 'src/app.ts') },
      outdir: dir,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      logLevel: 'error',
    });
    const script = `require(${JSON.stringify(path.join(dir, 'app.js'))});
      process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
    const loaded = JSON.parse(
      execFileSync(process.execPath, ['-e', script], { cwd: PROJECT_ROOT, encoding: 'utf8' }),
    ) as string[];
    const rel = loaded.map((file) => path.relative(PROJECT_ROOT, file));
    expect(rel.some((f) => f.includes('node_modules/botbuilder/'))).toBe(true);
    expect(rel.filter((f) => f.includes('recognizers-text'))).toEqual([]);
    expect(rel.filter((f) => f.endsWith('botbuilder-dialogs/lib/index.js'))).toEqual([]);
    expect(rel.filter((f) => f.includes('node_modules/@azure/storage-blob/'))).toEqual([]);
    expect(rel.filter((f) => f.includes('node_modules/adaptivecards-templating/'))).toEqual([]);
  }, 60_000);
});
