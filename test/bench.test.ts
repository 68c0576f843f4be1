import { describe, expect, it } from 'vitest';
import { formatReport, optionsFromEnv, runBench } from '../bench/run';
import { startScriptFlags } from '../bench/procs';
import { PROJECT_ROOT } from '../src/paths';

/**
 * A tiny run of `npm run bench` (3 conversations, 100 seeded) so the benchmark keeps working. It checks
 * that every turn was answered and that the figures are sane; it never asserts a time, because the
 * machine is shared and times are noise here.
 */
describe('benchmark (tiny run)', () => {
  it('drives the bot and the echo bot, answers every turn and prints sane figures', async () => {
    const lines: string[] = [];
    const options = { ...optionsFromEnv({ BENCH_SIZE: 'tiny' }), log: (line: string) => lines.push(line) };
    const report = await runBench(options);
    const printed = formatReport(report);

    for (const target of [report.echo, report.bot, report.botSeeded]) {
      // 3 conversations of 14 turns each, every one answered with HTTP 200 and a reply.
      expect(target.turns).toBe(3 * 14);
      expect(target.httpErrors).toBe(0);
      expect(target.missingReplies).toBe(0);
      expect(target.turnsPerSec).toBeGreaterThan(0);
      expect(target.turn.p50).toBeGreaterThan(0);
      expect(target.turn.p50).toBeLessThanOrEqual(target.turn.p95);
      expect(target.turn.p95).toBeLessThanOrEqual(target.turn.p99);
      expect(target.reply.count).toBe(target.turns);
      expect(target.peakMb).toBeGreaterThan(10);
      expect(target.peakMb).toBeGreaterThanOrEqual(target.rssMb);
      // The paced phase plays the same conversations again with pauses between turns.
      expect(target.paced?.turns).toBe(3 * 14);
      expect(target.paced?.httpErrors).toBe(0);
      expect(target.paced?.missingReplies).toBe(0);
      expect(target.paced?.turn.p50).toBeGreaterThan(0);
    }
    expect(report.readyMs.bot[0]).toBeGreaterThan(0);
    expect(report.readyMs.botSeeded).toBeGreaterThan(0);
    // A coordinator's first "start" right after ready gets its answer, a little after /healthz said ready.
    expect(report.firstAnswerMs.bot).toHaveLength(report.readyMs.bot.length);
    report.firstAnswerMs.bot.forEach((ms, i) => expect(ms).toBeGreaterThan(report.readyMs.bot[i] ?? Infinity));
    // Seeded conversations are stored and real: the bot picks them up again.
    expect(report.seed.storedConversations).toBeGreaterThanOrEqual(100);
    expect(report.seed.resumed).toBe(report.seed.checked);
    expect(report.strayConnectorCalls).toBe(0);
    expect(report.turnFailuresLogged).toBe(0);
    // Started with npm start's warning filters, as a deployment is: no deprecation noise in the logs.
    expect(report.warningsLogged).toBe(0);
    expect(report.goals.map((g) => g.name)).toHaveLength(6);
    // The bot runs as npm start runs it (with its heap limit), the echo bot with Node's defaults.
    const startFlags = startScriptFlags(PROJECT_ROOT);
    expect(startFlags.join(' ')).toMatch(/--max-old-space-size=\d+/);
    expect(report.options.botNodeFlags).toEqual(startFlags);
    expect(printed).toContain(`bot runs with the Node options of npm start: ${startFlags.join(' ')}`);
    expect(printed).toContain('bot/echo');
    expect(printed).toContain('seeded/bot');
    expect(printed).toMatch(/^paced: 3 conversations/m);
    expect(printed).toMatch(/ready \(spawn -> \/healthz 200\): echo \d+ ms; bot \d+ ms/);
    expect(printed).toMatch(/first answer \(spawn -> reply to "start" right after ready\): echo \d+ ms; bot \d+ ms/);
  }, 180_000);
});
