import { describe, expect, it } from 'vitest';
import { formatReport, optionsFromEnv, runBench } from '../bench/run';
import { startScriptFlags } from '../bench/procs';
import { PROJECT_ROOT } from '../src/common/paths';

/**
 * A tiny run of `npm run bench` so the benchmark keeps working, with the same bundles `npm start` runs:
 * every turn is answered, the figures are sane. It never asserts a time: the machine is shared and
 * times are noise here.
 */
describe('benchmark (tiny run)', () => {
  it('drives the bot and the echo bot, answers every turn and prints figures with the echo baseline', async () => {
    const lines: string[] = [];
    const report = await runBench({
      ...optionsFromEnv({ BENCH_SIZE: 'tiny' }),
      log: (line: string) => lines.push(line),
    });
    const printed = formatReport(report);

    for (const target of [report.echo, report.bot]) {
      for (const phase of [target.paced, target.saturation]) {
        expect(phase.turns).toBeGreaterThan(0);
        expect(phase.httpErrors).toBe(0);
        expect(phase.missingReplies).toBe(0);
        expect(phase.reply.count).toBe(phase.turns);
        expect(phase.reply.p50).toBeGreaterThan(0);
        expect(phase.reply.p50).toBeLessThanOrEqual(phase.reply.p99);
      }
      expect(target.peakMb).toBeGreaterThan(10);
      expect(target.readyMs[0]).toBeGreaterThan(0);
    }
    expect(report.strayConnectorCalls).toBe(0);
    expect(report.turnFailuresLogged).toBe(0);
    expect(report.goals.map((g) => g.name)).toHaveLength(4);
    // The bot runs as npm start runs it (with its heap limit), the echo bot with Node's defaults.
    const startFlags = startScriptFlags(PROJECT_ROOT);
    expect(startFlags.join(' ')).toMatch(/--max-old-space-size=\d+/);
    expect(report.options.botNodeFlags).toEqual(startFlags);
    expect(printed).toContain(`bot runs with the Node options of npm start: ${startFlags.join(' ')}`);
    expect(printed).toMatch(/paced reply p99 \(ms\)\s+\|\s+[\d.]+ \|\s+[\d.]+ \|/);
    expect(printed).toMatch(/saturation turns\/s/);
    expect(printed).toMatch(/ready \(spawn -> \/healthz 200\): echo \d+ ms; bot \d+ ms/);
  }, 180_000);
});
