import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BenchConnector } from './connector';
import { type LoadResult, playTurn, runLoad } from './driver';
import { conversationSteps, newIds } from './scenario';
import { PROJECT_ROOT } from '../src/paths';
import { cpuMsOf, memoryOf, prepareTargets, type RunningTarget, startScriptFlags, startTarget, stopTarget, type TargetSpec } from './procs';
import { countConversations, seedConversations } from './seed';
import { fmt, type LatencySummary, median, ratio, summarize } from './stats';

/**
 * `npm run bench`: Bpv-wegwijzer against a bare echo bot on the same stack, each in its own process,
 * driven over HTTP with the same activities and a fake Bot Connector on 127.0.0.1. A second bot
 * process starts on a SQLite file that already holds many stored conversations, to show that
 * latency does not grow with them. Sizes come from BENCH_* environment variables (see README).
 */

export interface BenchOptions {
  size: 'tiny' | 'full';
  root: string;
  concurrency: number;
  conversationsPerWorker: number;
  rounds: number;
  warmupConversations: number;
  seedCount: number;
  readyStarts: number;
  /** Mean pause between turns in the paced phase (0: no paced phase). */
  thinkMs: number;
  stepsPerConversation?: number;
  cpuProfDir?: string;
  keepWorkDir: boolean;
  log: (line: string) => void;
}

export interface TargetFigures {
  name: string;
  turns: number;
  turnsPerSec: number;
  turn: LatencySummary;
  reply: LatencySummary;
  /** CPU time the target process used per turn during the measured load (ms). */
  cpuMsPerTurn: number;
  peakMb: number;
  rssMb: number;
  httpErrors: number;
  missingReplies: number;
  /** Latencies in the paced phase (same conversations with a pause between turns), if it ran. */
  paced?: { turns: number; turn: LatencySummary; reply: LatencySummary; httpErrors: number; missingReplies: number };
}

export interface Goal {
  name: string;
  value: string;
  goal: string;
  met: boolean;
}

export interface BenchReport {
  machine: { date: string; nproc: number; cpu: string; memoryMb: number; node: string; loadBefore: number[]; loadAfter: number[] };
  options: { size: string; botNodeFlags: string[]; concurrency: number; conversationsPerWorker: number; rounds: number; seedCount: number; thinkMs: number };
  readyMs: { echo: number[]; bot: number[]; botSeeded: number };
  /** Spawn until the reply to a user's first "start" (the bot's intake card) reached the connector. */
  firstAnswerMs: { echo: number[]; bot: number[] };
  readyCpuMs: { echo: number[]; bot: number[]; botSeeded: number };
  echo: TargetFigures;
  bot: TargetFigures;
  botSeeded: TargetFigures;
  seed: { conversations: number; storedConversations: number; ms: number; resumed: number; checked: number };
  strayConnectorCalls: number;
  turnFailuresLogged: number;
  /** Node warnings (deprecations) in the logs of all targets: npm start's filters should leave none. */
  warningsLogged: number;
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
    concurrency: num('BENCH_CONCURRENCY', tiny ? 3 : 50),
    conversationsPerWorker: num('BENCH_CONVERSATIONS', tiny ? 1 : 3),
    rounds: num('BENCH_ROUNDS', tiny ? 1 : 3),
    warmupConversations: num('BENCH_WARMUP', tiny ? 1 : 1),
    seedCount: num('BENCH_SEED', tiny ? 100 : 10_000),
    readyStarts: num('BENCH_READY_STARTS', tiny ? 1 : 3),
    thinkMs: num('BENCH_THINK_MS', tiny ? 20 : 2000),
    ...(steps > 0 ? { stepsPerConversation: steps } : {}),
    ...(env.BENCH_CPU_PROF ? { cpuProfDir: path.resolve(env.BENCH_CPU_PROF) } : {}),
    keepWorkDir: env.BENCH_KEEP === '1',
    log: (line) => process.stderr.write(`${line}\n`),
  };
}

const BOT_ENTRY = 'src/index';

function botSpec(name: string, sqlitePath: string, nodeFlags: readonly string[], cpuProfDir?: string): TargetSpec {
  // Production settings: SQLite, info logging (to a file here), local mode (no app id), npm start's Node options.
  return {
    name,
    entry: BOT_ENTRY,
    env: { STORAGE: 'sqlite', SQLITE_PATH: sqlitePath, LOG_LEVEL: 'info' },
    nodeFlags,
    ...(cpuProfDir ? { cpuProfDir } : {}),
  };
}

const ECHO: TargetSpec = { name: 'echo', entry: 'bench/echoBot', env: {} };

function pacedFigures(result: LoadResult | undefined): TargetFigures['paced'] {
  if (!result) return undefined;
  return {
    turns: result.turns,
    turn: summarize(result.samples.map((s) => s.turnMs)),
    reply: summarize(result.samples.flatMap((s) => (s.replyMs === undefined ? [] : [s.replyMs]))),
    httpErrors: result.httpErrors,
    missingReplies: result.missingReplies,
  };
}

function figures(name: string, results: LoadResult[], target: RunningTarget, cpuMs: number, paced?: LoadResult): TargetFigures {
  const samples = results.flatMap((r) => r.samples);
  const turns = results.reduce((n, r) => n + r.turns, 0);
  const wallMs = results.reduce((n, r) => n + r.wallMs, 0);
  const mem = memoryOf(target.pid);
  return {
    name,
    turns,
    turnsPerSec: turns / (wallMs / 1000),
    cpuMsPerTurn: cpuMs / turns,
    turn: summarize(samples.map((s) => s.turnMs)),
    reply: summarize(samples.flatMap((s) => (s.replyMs === undefined ? [] : [s.replyMs]))),
    peakMb: mem.peakMb,
    rssMb: mem.rssMb,
    httpErrors: results.reduce((n, r) => n + r.httpErrors, 0),
    missingReplies: results.reduce((n, r) => n + r.missingReplies, 0),
    ...(paced ? { paced: pacedFigures(paced) } : {}),
  };
}

function machine(): BenchReport['machine'] {
  return {
    date: new Date().toISOString(),
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryMb: Math.round(os.totalmem() / 1024 / 1024),
    node: process.version,
    loadBefore: os.loadavg(),
    loadAfter: [],
  };
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const { log } = options;
  const info = machine();
  const work = mkdtempSync(path.join(os.tmpdir(), 'bpv-bench-'));
  const dbPlain = path.join(work, 'bot.sqlite');
  const dbSeeded = path.join(work, 'bot-seeded.sqlite');
  const code = await prepareTargets(options.root, [BOT_ENTRY, ECHO.entry]);
  const botFlags = startScriptFlags(options.root);
  const connector = new BenchConnector();
  await connector.start();
  const running: RunningTarget[] = [];
  const start = async (spec: TargetSpec) => {
    const target = await startTarget(options.root, code.dir, spec, path.join(work, `${spec.name}.log`));
    running.push(target);
    return target;
  };
  const stop = async (target: RunningTarget) => {
    await stopTarget(target);
    running.splice(running.indexOf(target), 1);
  };
  const cpuMs = new Map<string, number>();
  const load = (target: RunningTarget, conversationsPerWorker: number, offset: number, thinkMs = 0) =>
    measured(target, conversationsPerWorker, offset, false, thinkMs);
  const measured = async (target: RunningTarget, conversationsPerWorker: number, offset: number, count = true, thinkMs = 0) => {
    const before = cpuMsOf(target.pid);
    const result = await runLoad({
      botUrl: target.url,
      connector,
      concurrency: options.concurrency,
      conversationsPerWorker,
      offset,
      thinkMs,
      ...(options.stepsPerConversation ? { stepsPerConversation: options.stepsPerConversation } : {}),
    });
    if (count) cpuMs.set(target.name, (cpuMs.get(target.name) ?? 0) + cpuMsOf(target.pid) - before);
    return result;
  };

  try {
    // 1. Start-up: spawn until /healthz answers, alternating echo and bot; the last ones keep running.
    const ready = { echo: [] as number[], bot: [] as number[] };
    const readyCpu = { echo: [] as number[], bot: [] as number[] };
    let echo: RunningTarget | undefined;
    let bot: RunningTarget | undefined;
    const firstAnswer = { echo: [] as number[], bot: [] as number[] };
    // Right after ready, a coordinator opens the chat and types "start": how long until the answer arrives.
    const answerFirst = async (target: RunningTarget): Promise<number> => {
      const ids = newIds();
      const [added, begin] = conversationSteps(0);
      if (!added || !begin) throw new Error('scenario has no first steps');
      await playTurn(target.url, connector, added, ids);
      const sample = await playTurn(target.url, connector, begin, ids);
      if (sample.status !== 200 || sample.replyMs === undefined) throw new Error(`${target.name}: no answer to the first "start"`);
      return performance.now() - target.spawnedAt - (sample.turnMs - sample.replyMs);
    };
    for (let i = 0; i < Math.max(1, options.readyStarts); i++) {
      if (echo) await stop(echo);
      echo = await start(ECHO);
      ready.echo.push(echo.readyMs);
      readyCpu.echo.push(echo.readyCpuMs);
      firstAnswer.echo.push(await answerFirst(echo));
      if (bot) await stop(bot);
      bot = await start(botSpec('bot', dbPlain, botFlags));
      ready.bot.push(bot.readyMs);
      readyCpu.bot.push(bot.readyCpuMs);
      firstAnswer.bot.push(await answerFirst(bot));
      log(
        `ready: echo ${fmt(echo.readyMs, 0)} ms (cpu ${fmt(echo.readyCpuMs, 0)}, first answer ${fmt(firstAnswer.echo.at(-1) ?? 0, 0)}), ` +
          `bot ${fmt(bot.readyMs, 0)} ms (cpu ${fmt(bot.readyCpuMs, 0)}, first answer ${fmt(firstAnswer.bot.at(-1) ?? 0, 0)})`,
      );
    }
    if (!echo || !bot) throw new Error('targets did not start');
    if (options.cpuProfDir) {
      // Profile the load, not the repeated start-ups: restart both with --cpu-prof.
      await stop(echo);
      echo = await start({ ...ECHO, cpuProfDir: options.cpuProfDir });
      await stop(bot);
      bot = await start(botSpec('bot', dbPlain, botFlags, options.cpuProfDir));
    }

    // 2. Warm-up (JIT, connections) with conversations that also give the seed its template rows.
    if (options.warmupConversations > 0) {
      await load(echo, options.warmupConversations, 0);
      await load(bot, options.warmupConversations, 0);
    }

    // 3. A second bot on a file holding many stored conversations (copies of a finished one).
    const seed = seedConversations(dbPlain, dbSeeded, options.seedCount);
    log(`seeded ${options.seedCount} conversations in ${fmt(seed.ms, 0)} ms`);
    const botSeeded = await start(botSpec('bot-seeded', dbSeeded, botFlags));
    log(`ready: bot with ${options.seedCount} stored conversations ${fmt(botSeeded.readyMs, 0)} ms`);
    if (options.warmupConversations > 0) await load(botSeeded, options.warmupConversations, 0);

    // The seeded conversations are real ones: asking for the advice again must bring back a card.
    connector.keepBodies = true;
    let resumed = 0;
    for (const ids of seed.ids.slice(0, 5)) {
      const turn = await playTurn(botSeeded.url, connector, { kind: 'text', text: 'advies' }, ids);
      if (turn.status === 200 && turn.body.includes('application/vnd.microsoft.card.adaptive')) resumed += 1;
    }
    connector.keepBodies = false;
    const checked = Math.min(5, seed.ids.length);

    // 4. The measured load, interleaved per round so that noise from the machine hits all three alike.
    const results = { echo: [] as LoadResult[], bot: [] as LoadResult[], botSeeded: [] as LoadResult[] };
    for (let round = 0; round < options.rounds; round++) {
      const offset = 1 + round * options.concurrency * options.conversationsPerWorker;
      results.echo.push(await measured(echo, options.conversationsPerWorker, offset));
      results.bot.push(await measured(bot, options.conversationsPerWorker, offset));
      results.botSeeded.push(await measured(botSeeded, options.conversationsPerWorker, offset));
      const last = (list: LoadResult[]) => list[list.length - 1] as LoadResult;
      log(
        `round ${round + 1}/${options.rounds}: turns/s echo ${fmt(rate(last(results.echo)))}, bot ${fmt(rate(last(results.bot)))}, ` +
          `bot+seeded ${fmt(rate(last(results.botSeeded)))}`,
      );
    }

    // 5. Paced: one conversation per worker with a pause between turns, below both targets' capacity.
    const paced: Partial<Record<'echo' | 'bot' | 'botSeeded', LoadResult>> = {};
    if (options.thinkMs > 0) {
      const offset = 1 + options.rounds * options.concurrency * options.conversationsPerWorker;
      paced.echo = await load(echo, 1, offset, options.thinkMs);
      paced.bot = await load(bot, 1, offset, options.thinkMs);
      paced.botSeeded = await load(botSeeded, 1, offset, options.thinkMs);
      log(`paced: turn p99 echo ${fmt(summarize(paced.echo.samples.map((x) => x.turnMs)).p99)} ms, bot ${fmt(summarize(paced.bot.samples.map((x) => x.turnMs)).p99)} ms`);
    }

    const report: BenchReport = {
      machine: { ...info, loadAfter: os.loadavg() },
      options: {
        size: options.size,
        botNodeFlags: botFlags,
        concurrency: options.concurrency,
        conversationsPerWorker: options.conversationsPerWorker,
        rounds: options.rounds,
        seedCount: options.seedCount,
        thinkMs: options.thinkMs,
      },
      readyMs: { ...ready, botSeeded: botSeeded.readyMs },
      firstAnswerMs: firstAnswer,
      readyCpuMs: { ...readyCpu, botSeeded: botSeeded.readyCpuMs },
      echo: figures('echo', results.echo, echo, cpuMs.get(echo.name) ?? 0, paced.echo),
      bot: figures('bot', results.bot, bot, cpuMs.get(bot.name) ?? 0, paced.bot),
      botSeeded: figures('bot+seeded', results.botSeeded, botSeeded, cpuMs.get(botSeeded.name) ?? 0, paced.botSeeded),
      seed: { conversations: options.seedCount, storedConversations: 0, ms: seed.ms, resumed, checked },
      strayConnectorCalls: connector.stray,
      turnFailuresLogged: 0,
      warningsLogged: 0,
      goals: [],
    };
    for (const target of [...running]) await stop(target);
    report.seed.storedConversations = countConversations(dbSeeded);
    report.turnFailuresLogged = [bot, botSeeded].reduce((n, t) => n + countLines(t.logFile, '"turn failed"'), 0);
    report.warningsLogged = [echo, bot, botSeeded].reduce((n, t) => n + countLines(t.logFile, 'Warning:'), 0);
    report.goals = goals(report);
    return report;
  } finally {
    for (const target of [...running]) await stopTarget(target);
    await connector.stop();
    code.cleanup();
    if (!options.keepWorkDir) rmSync(work, { recursive: true, force: true });
    else log(`work directory kept: ${work}`);
  }
}

const rate = (r: LoadResult) => r.turns / (r.wallMs / 1000);

function countLines(logFile: string, text: string): number {
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes(text)).length;
}

/** The goals of issue 7, as ratios within one run (absolute times on a shared machine are noise). */
export function goals(r: BenchReport): Goal[] {
  const throughput = ratio(r.bot.turnsPerSec, r.echo.turnsPerSec);
  const p99 = ratio(r.bot.turn.p99, r.echo.turn.p99);
  const pacedP99 = r.bot.paced && r.echo.paced ? ratio(r.bot.paced.turn.p99, r.echo.paced.turn.p99) : Number.NaN;
  const extraMb = r.bot.peakMb - r.echo.peakMb;
  const readyMs = median(r.readyMs.bot);
  const readyCpuMs = median(r.readyCpuMs.bot);
  const growthP50 = ratio(r.botSeeded.turn.p50, r.bot.turn.p50);
  const growthP95 = ratio(r.botSeeded.turn.p95, r.bot.turn.p95);
  return [
    {
      name: 'throughput bot/echo',
      // CPU per turn says the same with less noise from other processes on the machine.
      value: `${fmt(throughput, 2)} (by CPU per turn: ${fmt(ratio(r.echo.cpuMsPerTurn, r.bot.cpuMsPerTurn), 2)})`,
      goal: '>= 0.70',
      met: throughput >= 0.7,
    },
    { name: 'p99 turn latency bot/echo, full speed', value: fmt(p99, 2), goal: '<= 2.00', met: p99 <= 2 },
    { name: `p99 turn latency bot/echo, paced (${r.options.thinkMs} ms between turns)`, value: fmt(pacedP99, 2), goal: '<= 2.00', met: pacedP99 <= 2 },
    { name: 'peak RSS bot - echo', value: `${fmt(extraMb, 0)} MB`, goal: '<= 100 MB', met: extraMb <= 100 },
    { name: 'ready (median of starts)', value: `${fmt(readyMs, 0)} ms (CPU used: ${fmt(readyCpuMs, 0)} ms)`, goal: '< 1500 ms', met: readyMs < 1500 },
    {
      name: `growth with ${r.seed.conversations} stored (p50, p95 seeded/plain)`,
      value: `${fmt(growthP50, 2)}, ${fmt(growthP95, 2)}`,
      goal: '<= 1.25 (noise margin)',
      met: growthP50 <= 1.25 && growthP95 <= 1.25,
    },
  ];
}

export function formatReport(r: BenchReport): string {
  const m = r.machine;
  const lines: string[] = [];
  lines.push(`Bpv-wegwijzer benchmark (${r.options.size}, bot and echo bot built as npm run build does) on ${m.date}`);
  lines.push(
    `machine: ${m.nproc} cpu (${m.cpu}), ${m.memoryMb} MB, node ${m.node}, load ${m.loadBefore.map((l) => fmt(l, 2)).join(' ')} -> ${m.loadAfter.map((l) => fmt(l, 2)).join(' ')}`,
  );
  lines.push(
    `load: ${r.options.concurrency} concurrent conversations x ${r.options.conversationsPerWorker} each x ${r.options.rounds} rounds (interleaved echo, bot, bot+seeded)`,
  );
  lines.push(`bot runs with the Node options of npm start: ${r.options.botNodeFlags.join(' ') || '(none)'}; echo with Node's defaults`);
  lines.push('');
  const header = ['', 'turns', 'turns/s', 'cpu/turn', 'turn p50', 'p95', 'p99', 'reply p50', 'p95', 'p99', 'peak RSS', 'errors', 'no reply'];
  const row = (t: TargetFigures) => [
    t.name,
    String(t.turns),
    fmt(t.turnsPerSec),
    fmt(t.cpuMsPerTurn, 2),
    fmt(t.turn.p50),
    fmt(t.turn.p95),
    fmt(t.turn.p99),
    fmt(t.reply.p50),
    fmt(t.reply.p95),
    fmt(t.reply.p99),
    `${fmt(t.peakMb, 0)} MB`,
    String(t.httpErrors),
    String(t.missingReplies),
  ];
  const ratioRow = (name: string, a: TargetFigures, b: TargetFigures) => [
    name,
    '',
    fmt(ratio(a.turnsPerSec, b.turnsPerSec), 2),
    fmt(ratio(a.cpuMsPerTurn, b.cpuMsPerTurn), 2),
    fmt(ratio(a.turn.p50, b.turn.p50), 2),
    fmt(ratio(a.turn.p95, b.turn.p95), 2),
    fmt(ratio(a.turn.p99, b.turn.p99), 2),
    fmt(ratio(a.reply.p50, b.reply.p50), 2),
    fmt(ratio(a.reply.p95, b.reply.p95), 2),
    fmt(ratio(a.reply.p99, b.reply.p99), 2),
    `${a.peakMb - b.peakMb >= 0 ? '+' : ''}${fmt(a.peakMb - b.peakMb, 0)} MB`,
    '',
    '',
  ];
  const table = [header, row(r.echo), row(r.bot), row(r.botSeeded), ratioRow('bot/echo', r.bot, r.echo), ratioRow('seeded/bot', r.botSeeded, r.bot)];
  const widths = header.map((_, i) => Math.max(...table.map((cells) => (cells[i] ?? '').length)));
  for (const cells of table) lines.push(cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '));
  const pacedHeader = ['paced', 'turns', 'turn p50', 'p95', 'p99', 'reply p50', 'p95', 'p99', 'errors', 'no reply'];
  const pacedRows: string[][] = [];
  for (const t of [r.echo, r.bot, r.botSeeded]) {
    if (!t.paced) continue;
    const p = t.paced;
    pacedRows.push([t.name, String(p.turns), fmt(p.turn.p50), fmt(p.turn.p95), fmt(p.turn.p99), fmt(p.reply.p50), fmt(p.reply.p95), fmt(p.reply.p99), String(p.httpErrors), String(p.missingReplies)]);
  }
  if (r.bot.paced && r.echo.paced) {
    const a = r.bot.paced;
    const b = r.echo.paced;
    pacedRows.push(['bot/echo', '', ...[ratio(a.turn.p50, b.turn.p50), ratio(a.turn.p95, b.turn.p95), ratio(a.turn.p99, b.turn.p99), ratio(a.reply.p50, b.reply.p50), ratio(a.reply.p95, b.reply.p95), ratio(a.reply.p99, b.reply.p99)].map((v) => fmt(v, 2)), '', '']);
  }
  const latencyNote = '(latencies in ms; turn = POST until HTTP response, reply = POST until the first reply reached the connector;';
  lines.push(latencyNote);
  lines.push(' cpu/turn = CPU ms the process used per turn, user + system)');
  if (pacedRows.length > 0) {
    lines.push('');
    lines.push(`paced: ${r.options.concurrency} conversations, ${r.options.thinkMs} ms (+-50%) between turns, 1 conversation each`);
    const all = [pacedHeader, ...pacedRows];
    const w = pacedHeader.map((_, i) => Math.max(...all.map((cells) => (cells[i] ?? '').length)));
    for (const cells of all) lines.push(cells.map((c, i) => (i === 0 ? c.padEnd(w[i] ?? 0) : c.padStart(w[i] ?? 0))).join('  '));
  }
  lines.push('');
  lines.push(
    `ready (spawn -> /healthz 200): echo ${r.readyMs.echo.map((v) => fmt(v, 0)).join(', ')} ms; bot ${r.readyMs.bot.map((v) => fmt(v, 0)).join(', ')} ms; ` +
      `bot with ${r.seed.conversations} stored conversations ${fmt(r.readyMs.botSeeded, 0)} ms`,
  );
  lines.push(
    `first answer (spawn -> reply to "start" right after ready): echo ${r.firstAnswerMs.echo.map((v) => fmt(v, 0)).join(', ')} ms; bot ${r.firstAnswerMs.bot.map((v) => fmt(v, 0)).join(', ')} ms`,
  );
  lines.push(
    `CPU used until ready: echo ${r.readyCpuMs.echo.map((v) => fmt(v, 0)).join(', ')} ms; bot ${r.readyCpuMs.bot.map((v) => fmt(v, 0)).join(', ')} ms; ` +
      `bot with ${r.seed.conversations} stored conversations ${fmt(r.readyCpuMs.botSeeded, 0)} ms`,
  );
  lines.push(
    `seeded: ${r.seed.conversations} conversations in ${fmt(r.seed.ms, 0)} ms; ${r.seed.storedConversations} conversations stored at the end; ` +
      `${r.seed.resumed}/${r.seed.checked} seeded conversations resumed with their advice`,
  );
  lines.push(`stray connector calls: ${r.strayConnectorCalls}; "turn failed" in bot logs: ${r.turnFailuresLogged}; Node warnings in logs: ${r.warningsLogged}`);
  lines.push('');
  for (const g of r.goals) lines.push(`${g.met ? 'MET ' : 'MISS'}  ${g.name}: ${g.value} (goal ${g.goal})`);
  return lines.join('\n');
}

if (require.main === module) {
  const options = optionsFromEnv();
  runBench(options).then(
    (report) => {
      process.stdout.write(`${formatReport(report)}\n`);
      if (process.env.BENCH_JSON) process.stdout.write(`${JSON.stringify(report)}\n`);
    },
    (err: unknown) => {
      process.stderr.write(`benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
