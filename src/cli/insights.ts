/**
 * Insights for content owners: per option how often it was advised and rated, and the most frequent
 * questions the bot was not sure about. Reads the insights file of this deployment (INSIGHTS_PATH,
 * by default next to the SQLite state). No user ids are stored, so none can be printed.
 *   npm run --silent insights            -> readable text
 *   npm run --silent insights -- --json  -> the report as JSON
 */
import { existsSync } from 'node:fs';
import { loadConfig } from '../config';
import { formatInsights } from '../domain/insights';
import { InsightsStore } from '../host/insightsStore';
import { loadKnowledge } from '../knowledge/load';

export function runInsights(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const config = loadConfig(env);
  if (config.insightsPath !== ':memory:' && !existsSync(config.insightsPath)) {
    return `Nog geen gebruiksgegevens: ${config.insightsPath} bestaat niet (nog).`;
  }
  const store = new InsightsStore(config.insightsPath, config.retentionDays);
  try {
    store.purgeExpired();
    const report = store.report();
    if (argv.includes('--json')) return JSON.stringify(report);
    const knowledge = loadKnowledge(config.knowledgeDir, config.contactsFile);
    return formatInsights(report, (key) => knowledge.optionsByKey.get(key)?.title, { questions: 20 });
  } finally {
    store.close();
  }
}

if (require.main === module) {
  try {
    process.stdout.write(`${runInsights(process.argv.slice(2))}\n`);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
