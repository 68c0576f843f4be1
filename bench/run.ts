import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/common/paths';
import { BenchConnector } from './connector';
import { type LoadResult, runLoad } from './driver';
import {
  memoryOf,
  prepareTargets,
  type RunningTarget,
  startScriptFlags,
  startTarget,
  stopTarget,
  type TargetSpec,
} from './procs';
import { fmt, type LatencySummary, median, ratio, summarize } from './stats';

/**
 * `npm run bench`: Bpv-wegwijzer against a bare echo bot on the same stack (botbuilder's CloudAdapter on
 * restify), each in its own process, built like `npm start` builds the bot, driven over HTTP with the
 * same activities and a fake Bot Connector on 127.0.0.1. Echo and bot take turns phase by phase, so load
 * from elsewhere on the machine hits both alike. It measures what the goals in docs/performance.md need:
 * - ready: spawn until /healthz answers 200;
 * - paced: 50 conversations at 200 turns per second together, reply latency (POST until the first reply);
 * - saturation: the same 50 conversations without pauses, turns per second;
 * - peak RSS (VmHWM) of each process.
 * Sizes come from BENCH_* environment variables (docs/performance.md); BENCH_SIZE=tiny for a quick run.
 */

export interface BenchOptions {
  size: 'tiny' | 'full';
  root: string;
  conversations: number;
  turnsPerSecond: number;
  pacedMs: number;
  saturationMs: number;
  rounds: number;
  readyStarts: number;
  stepsPerConversation?: number;
  keepWorkDir: boolean;
  log: (line: string) => void;
}

export interface PhaseFigures {
  turns: number;
  turnsPerSec: number;
  reply: LatencySummary;
  httpErrors: number;
  missingReplies: number;
}

export interface TargetFigures {
  name: string;
  readyMs: number[];
  paced: PhaseFigures;
  saturation: PhaseFigures;
  peakMb: number;
}

export interface Goal {
  name: string;
  value: string;
  goal: string;
  met: boolean;
}

export interface BenchReport {
  machine: { date: string; nproc: number; cpu: string; node: string; loadBefore: number[]; loadAfter: number[] };
  options: {
    size: string;
    botNodeFlags: string[];
    conversations: number;
    turnsPerSecond: number;
    pacedMs: number;
    saturationMs: number;
    rounds: number;
  };
  echo: TargetFigures;
  bot: TargetFigures;
  strayConnectorCalls: number;
  turnFailuresLogged: number;
  goals: Goal[];
}

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const size = env.BENCH_SIZE === 'tiny' ? 'tiny' : 'full';
  const tiny = size === 'tiny';
  const num = (name: string, fallback: number) => {
    const raw = env[name];
    const value = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
    return value;
  };
  const steps = num('BENCH_STEPS', 0);
  return {
    size,
    root: PROJECT_ROOT,
    conversations: num('BENCH_CONVERSATIONS', tiny ? 3 : 50),
    turnsPerSecond: num('BENCH_RATE', tiny ? 30 : 200),
    pacedMs: num('BENCH_PACED_MS', tiny ? 1_500 : 20_000),
    saturationMs: num('BENCH_SATURATION_MS', tiny ? 1_500 : 15_000),
    rounds: num('BENCH_ROUNDS', tiny ? 1 : 2),
    readyStarts: num('BENCH_READY_STARTS', tiny ? 1 : 3),
    ...(steps > 0 ? { stepsPerConversation: steps } : {}),
    keepWorkDir: env.BENCH_KEEP === '1',
    log: (line) => process.stderr.write(`${line}\n`),
  };
}

const ECHO: TargetSpec = { name: 'echo', entry: 'bench/echoBot', env: {} };

/** The bot with production settings: SQLite, info logging (to a file here), local mode, npm start's Node options. */
function botSpec(sqlitePath: string, nodeFlags: readonly string[]): TargetSpec {
  return {
    name: 'bot',
    entry: 'src/index',
    env: { STORAGE: 'sqlite', SQLITE_PATH: sqlitePath, LOG_LEVEL: 'info' },
    nodeFlags,
  };
}

function phase(results: LoadResult[]): PhaseFigures {
  const turns = results.reduce((n, r) => n + r.turns, 0);
  const wallMs = results.reduce((n, r) => n + r.wallMs, 0);
  return {
    turns,
    turnsPerSec: turns / (wallMs / 1000),
    reply: summarize(results.flatMap((r) => r.samples.flatMap((s) => (s.replyMs === undefined ? [] : [s.replyMs])))),
    httpErrors: results.reduce((n, r) => n + r.httpErrors, 0),
    missingReplies: results.reduce((n, r) => n + r.missingReplies, 0),
  };
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const { log } = options;
  const loadBefore = os.loadavg();
  const work = mkdtempSync(path.join(os.tmpdir(), 'bpv-bench-'));
  const code = await prepareTargets(options.root, ['src/index', ECHO.entry]);
  const profileDir = process.env.BENCH_CPU_PROF;
  const botFlags = [
    ...startScriptFlags(options.root),
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
  ];
  const specs = { echo: ECHO, bot: botSpec(path.join(work, 'bot.sqlite'), botFlags) };
  const connector = new BenchConnector();
  await connector.start();
  const running = new Map<'echo' | 'bot', RunningTarget>();
  const ready = { echo: [] as number[], bot: [] as number[] };
  const paced = { echo: [] as LoadResult[], bot: [] as LoadResult[] };
  const saturated = { echo: [] as LoadResult[], bot: [] as LoadResult[] };
  const load = (target: RunningTarget, durationMs: number, turnsPerSecond?: number) =>
    runLoad({
      botUrl: target.url,
      connector,
      conversations: options.conversations,
      durationMs,
      ...(turnsPerSecond ? { turnsPerSecond } : {}),
      ...(options.stepsPerConversation ? { stepsPerConversation: options.stepsPerConversation } : {}),
    });

  try {
    // Start-up, alternating; the last start of each keeps running for the load.
    for (let i = 0; i < Math.max(1, options.readyStarts); i++) {
      for (const name of ['echo', 'bot'] as const) {
        const previous = running.get(name);
        if (previous) await stopTarget(previous);
        const target = await startTarget(options.root, code.dir, specs[name], path.join(work, `${name}.log`));
        running.set(name, target);
        ready[name].push(target.readyMs);
      }
      log(`ready: echo ${fmt(ready.echo.at(-1) ?? 0, 0)} ms, bot ${fmt(ready.bot.at(-1) ?? 0, 0)} ms`);
    }
    const echo = running.get('echo');
    const bot = running.get('bot');
    if (!echo || !bot) throw new Error('targets did not start');
    // Warm-up (not counted): a few seconds of paced load on each.
    for (const target of [echo, bot]) await load(target, Math.min(3_000, options.pacedMs), options.turnsPerSecond);
    for (let round = 1; round <= options.rounds; round++) {
      for (const [name, target] of [
        ['echo', echo],
        ['bot', bot],
      ] as const) {
        const result = await load(target, options.pacedMs, options.turnsPerSecond);
        paced[name].push(result);
        log(
          `round ${round} paced ${name}: ${result.turns} turns, reply p99 ${fmt(summarize(result.samples.map((s) => s.replyMs ?? 0)).p99)} ms`,
        );
      }
      for (const [name, target] of [
        ['echo', echo],
        ['bot', bot],
      ] as const) {
        const result = await load(target, options.saturationMs);
        saturated[name].push(result);
        log(`round ${round} saturation ${name}: ${fmt(result.turns / (result.wallMs / 1000))} turns/s`);
      }
    }
    const figures = (name: 'echo' | 'bot', target: RunningTarget): TargetFigures => ({
      name,
      readyMs: ready[name],
      paced: phase(paced[name]),
      saturation: phase(saturated[name]),
      peakMb: memoryOf(target.pid).peakMb,
    });
    const echoFigures = figures('echo', echo);
    const botFigures = figures('bot', bot);
    const botLog = readFileSync(bot.logFile, 'utf8');
    const report: BenchReport = {
      machine: {
        date: new Date().toISOString(),
        nproc: os.availableParallelism(),
        cpu: os.cpus()[0]?.model ?? 'unknown',
        node: process.version,
        loadBefore,
        loadAfter: os.loadavg(),
      },
      options: {
        size: options.size,
        botNodeFlags: botFlags,
        conversations: options.conversations,
        turnsPerSecond: options.turnsPerSecond,
        pacedMs: options.pacedMs,
        saturationMs: options.saturationMs,
        rounds: options.rounds,
      },
      echo: echoFigures,
      bot: botFigures,
      strayConnectorCalls: connector.stray,
      turnFailuresLogged: (botLog.match(/"msg":"turn failed"/g) ?? []).length,
      goals: goals(echoFigures, botFigures),
    };
    return report;
  } finally {
    for (const target of running.values()) await stopTarget(target);
    await connector.stop();
    code.cleanup();
    if (!options.keepWorkDir) rmSync(work, { recursive: true, force: true });
    else log(`kept ${work}`);
  }
}

function goals(echo: TargetFigures, bot: TargetFigures): Goal[] {
  const p99 = ratio(bot.paced.reply.p99, echo.paced.reply.p99);
  const throughput = ratio(bot.saturation.turnsPerSec, echo.saturation.turnsPerSec);
  const rss = bot.peakMb - echo.peakMb;
  const readyMs = median(bot.readyMs);
  return [
    { name: 'paced reply p99, bot / echo', value: fmt(p99, 2), goal: '<= 1.5', met: p99 <= 1.5 },
    { name: 'saturation throughput, bot / echo', value: fmt(throughput, 2), goal: '>= 0.6', met: throughput >= 0.6 },
    { name: 'peak RSS, bot - echo', value: `${fmt(rss, 0)} MB`, goal: '<= +100 MB', met: rss <= 100 },
    { name: 'ready (median)', value: `${fmt(readyMs / 1000, 2)} s`, goal: '< 1.5 s', met: readyMs < 1_500 },
  ];
}

export function formatReport(report: BenchReport): string {
  const { echo, bot, options: o, machine: m } = report;
  const row = (label: string, e: string, b: string, r: string) =>
    `| ${label.padEnd(28)} | ${e.padStart(10)} | ${b.padStart(10)} | ${r.padStart(9)} |`;
  const lat = (f: TargetFigures, key: 'p50' | 'p95' | 'p99') => fmt(f.paced.reply[key]);
  const lines = [
    `machine: ${m.nproc} cpu (${m.cpu}), Node ${m.node}, load ${m.loadBefore.map((l) => fmt(l, 1)).join('/')} before, ${m.loadAfter.map((l) => fmt(l, 1)).join('/')} after`,
    `bot runs with the Node options of npm start: ${o.botNodeFlags.join(' ')}`,
    `paced: ${o.conversations} conversations at ${o.turnsPerSecond} turns/s, ${o.rounds} x ${o.pacedMs / 1000} s; saturation: ${o.conversations} conversations without pauses, ${o.rounds} x ${o.saturationMs / 1000} s`,
    '',
    row('', 'echo', 'bot', 'bot/echo'),
    row('-'.repeat(28), '-'.repeat(10), '-'.repeat(10), '-'.repeat(9)),
    row(
      'paced turns/s achieved',
      fmt(echo.paced.turnsPerSec),
      fmt(bot.paced.turnsPerSec),
      fmt(ratio(bot.paced.turnsPerSec, echo.paced.turnsPerSec), 2),
    ),
    row(
      'paced reply p50 (ms)',
      lat(echo, 'p50'),
      lat(bot, 'p50'),
      fmt(ratio(bot.paced.reply.p50, echo.paced.reply.p50), 2),
    ),
    row(
      'paced reply p95 (ms)',
      lat(echo, 'p95'),
      lat(bot, 'p95'),
      fmt(ratio(bot.paced.reply.p95, echo.paced.reply.p95), 2),
    ),
    row(
      'paced reply p99 (ms)',
      lat(echo, 'p99'),
      lat(bot, 'p99'),
      fmt(ratio(bot.paced.reply.p99, echo.paced.reply.p99), 2),
    ),
    row(
      'saturation turns/s',
      fmt(echo.saturation.turnsPerSec),
      fmt(bot.saturation.turnsPerSec),
      fmt(ratio(bot.saturation.turnsPerSec, echo.saturation.turnsPerSec), 2),
    ),
    row(
      'saturation reply p99 (ms)',
      fmt(echo.saturation.reply.p99),
      fmt(bot.saturation.reply.p99),
      fmt(ratio(bot.saturation.reply.p99, echo.saturation.reply.p99), 2),
    ),
    row(
      'peak RSS (MB)',
      fmt(echo.peakMb, 0),
      fmt(bot.peakMb, 0),
      `${bot.peakMb >= echo.peakMb ? '+' : ''}${fmt(bot.peakMb - echo.peakMb, 0)}`,
    ),
    row(
      'ready, median (ms)',
      fmt(median(echo.readyMs), 0),
      fmt(median(bot.readyMs), 0),
      fmt(ratio(median(bot.readyMs), median(echo.readyMs)), 2),
    ),
    '',
    `ready (spawn -> /healthz 200): echo ${echo.readyMs.map((x) => fmt(x, 0)).join(', ')} ms; bot ${bot.readyMs.map((x) => fmt(x, 0)).join(', ')} ms`,
    `errors: http ${echo.paced.httpErrors + echo.saturation.httpErrors} echo, ${bot.paced.httpErrors + bot.saturation.httpErrors} bot; ` +
      `no reply ${echo.paced.missingReplies + echo.saturation.missingReplies} echo, ${bot.paced.missingReplies + bot.saturation.missingReplies} bot; ` +
      `stray connector calls ${report.strayConnectorCalls}; "turn failed" in the bot's log ${report.turnFailuresLogged}`,
    '',
    'goals:',
    ...report.goals.map((g) => `- ${g.name}: ${g.value} (goal ${g.goal}) ${g.met ? 'met' : 'NOT MET'}`),
  ];
  return lines.join('\n');
}

if (require.main === module) {
  runBench(optionsFromEnv()).then(
    (report) => {
      process.stdout.write(`${formatReport(report)}\n`);
      if (process.env.BENCH_JSON === '1') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
