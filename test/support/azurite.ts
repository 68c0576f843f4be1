import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
// Azurite's well-known development account (public, documented by Microsoft; not a secret).
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Azurite's blob and table services, started by the test on free ports with their own workspace. */
export class Azurite {
  private constructor(
    private readonly children: ChildProcess[],
    private readonly dir: string,
    readonly port: number,
    readonly tablePort: number,
  ) {}

  /** Blob storage (the bot's state) and Table storage (insights, STORAGE=blob) of the same account. */
  get connectionString(): string {
    return (
      `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};` +
      `BlobEndpoint=http://127.0.0.1:${this.port}/${DEV_ACCOUNT};TableEndpoint=http://127.0.0.1:${this.tablePort}/${DEV_ACCOUNT};`
    );
  }

  static async start(timeoutMs = 30_000): Promise<Azurite> {
    const dir = mkdtempSync(path.join(tmpdir(), 'bpv-azurite-'));
    const children: ChildProcess[] = [];
    const ports: number[] = [];
    for (const service of ['blob', 'table'] as const) {
      const port = await freePort();
      const workspace = path.join(dir, service);
      mkdirSync(workspace);
      children.push(
        spawn(
          process.execPath,
          [
            path.join(ROOT, `node_modules/azurite/dist/src/${service}/main.js`),
            '--silent',
            '--location',
            workspace,
            `--${service}Host`,
            '127.0.0.1',
            `--${service}Port`,
            String(port),
            '--disableTelemetry',
          ],
          { stdio: 'ignore' },
        ),
      );
      ports.push(port);
    }
    const deadline = Date.now() + timeoutMs;
    for (const port of ports) {
      while (!(await accepts(port))) {
        if (children.some((c) => c.exitCode !== null) || Date.now() > deadline) {
          for (const child of children) child.kill('SIGKILL');
          rmSync(dir, { recursive: true, force: true });
          throw new Error('Azurite did not start');
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return new Azurite(children, dir, ports[0] ?? 0, ports[1] ?? 0);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(async (child) => {
        if (child.exitCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }
}
