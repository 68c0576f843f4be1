/**
 * Insights for content owners: what was asked, advised, opened, planned and rated, and where the bot
 * was not sure. Reads the deployment's insights store: the SQLite file INSIGHTS_PATH, or with
 * STORAGE=blob the table INSIGHTS_TABLE that every instance writes to. No user ids are stored, so none
 * can be printed.
 *   npm run --silent insights                      -> readable text
 *   npm run --silent insights -- --json            -> the report as JSON
 *   npm run --silent insights -- --html FILE       -> one HTML file with charts, tables and suggestions
 *   npm run --silent insights -- --suggest         -> suggestions for knowledge/ as YAML to review and paste
 *   ... --days N                                   -> only the last N days
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../config';
import { openInsightsStore } from '../host/insightsStore';
import { reportHtml } from '../insights/html';
import { retentionCutoff } from '../insights/model';
import { buildReport, labelsOf, periodStart } from '../insights/report';
import { suggest, suggestionsYaml } from '../insights/suggest';
import { reportText } from '../insights/text';
import { loadKnowledge } from '../knowledge/load';
import { loadInterpreter } from '../understanding/interpreter';

const USAGE = 'Gebruik: npm run --silent insights -- [--json | --html BESTAND | --suggest] [--days N]';

const ArgsSchema = z.object({
  json: z.boolean(),
  suggest: z.boolean(),
  html: z.string().min(1).optional(),
  days: z.coerce.number().int().min(1).max(3650).optional(),
});

function parseArgs(argv: readonly string[]): z.infer<typeof ArgsSchema> {
  const raw: Record<string, unknown> = { json: false, suggest: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json' || arg === '--suggest') raw[arg.slice(2)] = true;
    else if (arg === '--html' || arg === '--days') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`${arg} heeft een waarde nodig. ${USAGE}`);
      raw[arg.slice(2)] = value;
      i++;
    } else throw new Error(`Onbekende optie "${arg}". ${USAGE}`);
  }
  const parsed = ArgsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(', ');
    throw new Error(`Ongeldige optie: ${issues}. ${USAGE}`);
  }
  return parsed.data;
}

export async function runInsights(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  now = new Date(),
): Promise<string> {
  const args = parseArgs(argv);
  const config = loadConfig(env);
  if (config.storage.kind !== 'blob' && config.insightsPath !== ':memory:' && !existsSync(config.insightsPath)) {
    return `Nog geen gebruiksgegevens: ${config.insightsPath} bestaat niet (nog).`;
  }
  const store = openInsightsStore(config, undefined, { now: () => now });
  try {
    await store.purgeExpired();
    const from = args.days ? periodStart(now, args.days) : retentionCutoff(now, config.retentionDays);
    const data = await store.read(from);
    const knowledge = loadKnowledge(config.knowledgeDir, config.contactsFile);
    const report = buildReport(data, labelsOf(knowledge), { now, ...(args.days ? { days: args.days } : {}) });
    const suggestions = args.suggest || args.html ? await suggest(report, knowledge, loadInterpreter) : undefined;
    if (args.html) {
      const file = path.resolve(args.html);
      writeFileSync(file, reportHtml(report, suggestions ? { suggestions } : {}));
      return `Rapport geschreven: ${file}`;
    }
    if (args.json) return JSON.stringify(suggestions ? { ...report, suggestions } : report);
    if (suggestions) {
      const period = report.period ? `${report.period.from} tot en met ${report.period.to}` : 'geen gegevens';
      return suggestionsYaml(suggestions, [
        `npm run insights -- --suggest, ${report.made}; vragen van ${period}.`,
      ]).trimEnd();
    }
    return reportText(report, { questions: 20 });
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  runInsights(process.argv.slice(2)).then(
    (out) => process.stdout.write(`${out}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
