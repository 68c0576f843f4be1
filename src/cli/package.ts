import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadPackagingConfig } from '../config';
import { PROJECT_ROOT } from '../common/paths';
import { buildPackage, PackageError, placeholderValues } from './manifest';

/** `npm run package`: writes dist/bpv-wegwijzer.zip, the app package a Teams admin uploads. */
async function main(): Promise<void> {
  const config = loadPackagingConfig();
  const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  const built = await buildPackage({
    templateFile: path.join(PROJECT_ROOT, 'manifest', 'manifest.template.json'),
    iconDir: path.join(PROJECT_ROOT, 'manifest'),
    values: placeholderValues(config, version),
  });
  const out = path.join(PROJECT_ROOT, 'dist', 'bpv-wegwijzer.zip');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, built.zip);
  process.stdout.write(
    `${path.relative(process.cwd(), out)} geschreven (manifest ${JSON.stringify(built.manifest.manifestVersion)}, schema en iconen in orde)\n`,
  );
  if (config.defaultsUsed.length > 0) {
    process.stdout.write(
      `Let op: ${config.defaultsUsed.join(', ')} niet ingesteld; het pakket gebruikt voorbeeldwaarden en is alleen om te proberen.\n`,
    );
  }
}

main().catch((err: unknown) => {
  if (err instanceof PackageError || err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
