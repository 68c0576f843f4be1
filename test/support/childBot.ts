import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** The bot as its own process (`node --import tsx src/index.ts`), as it runs in production. */
export class ChildBot {
  readonly logs: string[] = [];
  url = '';
  private exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /**
   * Starts the bot on a free port with `env` (on top of a minimal environment) and waits until it listens.
   * `entry`: the file to run, src/index.ts unless a test needs its own (test/support/authBotProcess.ts).
   */
  static async start(env: Record<string, string>, timeoutMs = 20_000, entry = 'src/index.ts'): Promise<ChildBot> {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bot = new ChildBot(child);
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      bot.logs.push(...lines.filter(Boolean));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    const deadline = Date.now() + timeoutMs;
    while (!bot.url) {
      for (const line of bot.logs) {
        const port = /"port":(\d+)/.exec(line)?.[1];
        if (port && line.includes('luistert')) bot.url = `http://127.0.0.1:${port}`;
      }
      if (child.exitCode !== null) throw new Error(`bot exited during start:\n${bot.logs.join('\n')}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`bot did not start:\n${bot.logs.join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return bot;
  }

  /** Sends a signal and resolves with the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }

  get exit(): Promise<number | null> {
    return this.exited;
  }
}
