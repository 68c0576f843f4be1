import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { bundle } from '../src/cli/build';

export interface TargetSpec {
  name: string;
  /** Path of the entry point relative to the project root, without extension (e.g. "src/index"). */
  entry: string;
  env: Record<string, string>;
  /** Node options besides the warning filter (for the bot: those of `npm start`). */
  nodeFlags?: readonly string[];
}

/** The Node options of package.json's start script (the heap limit, the warning filters). */
function startScriptOptions(root: string): string[] {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const command = /\bnode ((?:--\S+ )*)\S+\.js\b/.exec(pkg.scripts?.start ?? '');
  if (!command) throw new Error('package.json start script does not run node with a .js entry point');
  return (command[1] ?? '').split(' ').filter((flag) => flag.startsWith('--'));
}

/**
 * The Node options `npm start` runs the bot with (e.g. the heap limit), so the benchmark measures the
 * bot as it is deployed. Its warning filters are added for every target (startTarget).
 */
export function startScriptFlags(root: string): string[] {
  return startScriptOptions(root).filter((flag) => !flag.startsWith('--disable-warning'));
}

/** The warnings `npm start` leaves out (deprecations inside bundled libraries): the same for every target. */
function startScriptWarningFilters(root: string): string[] {
  return startScriptOptions(root).filter((flag) => flag.startsWith('--disable-warning'));
}

export interface RunningTarget {
  name: string;
  url: string;
  pid: number;
  /** Spawn until the first 200 from /healthz, ms. */
  readyMs: number;
  child: ChildProcess;
  logFile: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Builds the entry points (paths relative to the project root, without extension, e.g. "src/index")
 * the way `npm run build` builds the bot (src/cli/build.ts), so the benchmark measures the bot as
 * `npm start` runs it, and the echo bot packaged the same way.
 */
export async function prepareTargets(
  root: string,
  entries: readonly string[],
): Promise<{ dir: string; cleanup: () => void }> {
  // Inside the project, so that src/common/paths.ts still finds the project root above the bundle; and in
  // dist/ like `npm run build`'s bundle, not under node_modules/, where Node treats deprecated calls
  // inside libraries differently.
  const dir = path.join(root, 'dist', 'bench-targets', `${process.pid}-${Date.now()}`);
  await bundle(Object.fromEntries(entries.map((e) => [e, path.join(root, `${e}.ts`)])), dir);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts a target, polls its /healthz every 5 ms, and resolves once it answers 200. */
export async function startTarget(
  root: string,
  codeDir: string,
  spec: TargetSpec,
  logFile: string,
  timeoutMs = 60_000,
): Promise<RunningTarget> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = openSync(logFile, 'a');
  const flags = [...startScriptWarningFilters(root), ...(spec.nodeFlags ?? [])];
  const started = performance.now();
  const child = spawn(process.execPath, [...flags, path.join(codeDir, `${spec.entry}.js`)], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...spec.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  while (true) {
    if (exited) throw new Error(`${spec.name} ${exited} before it was ready; see ${logFile}`);
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`${spec.name} not ready within ${timeoutMs} ms; see ${logFile}`);
    }
    if (await healthy(url)) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const readyMs = performance.now() - started;
  if (child.pid === undefined) throw new Error(`${spec.name} has no pid`);
  return { name: spec.name, url, pid: child.pid, readyMs, child, logFile };
}

function healthy(url: string): Promise<boolean> {
  return fetch(`${url}/healthz`).then(
    (res) => res.status === 200,
    () => false,
  );
}

/** Peak resident set size of a process in MB (its highest over its life), from /proc/<pid>/status (Linux). */
export function memoryOf(pid: number): { peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { peakMb: Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 'NaN') / 1024 };
}

/** SIGTERM, then SIGKILL after 10 s; resolves when the process is gone. */
export async function stopTarget(target: RunningTarget): Promise<void> {
  if (target.child.exitCode !== null || target.child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => target.child.once('exit', () => resolve()));
  target.child.kill('SIGTERM');
  const timer = setTimeout(() => target.child.kill('SIGKILL'), 10_000);
  await gone;
  clearTimeout(timer);
}
