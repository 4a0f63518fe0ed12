/**
 * Azurite from npm as a child process, in memory, on a port the kernel picks (Azurite accepts
 * port 0 and prints the port it got). Blob storage for checkpoint and ownership stores
 * (`@azure/eventhubs-checkpointstore-blob`); the queue service for the Storage Queues driver.
 * With `location` it keeps its data in that folder instead, so that a test can stop it and
 * start it again there on the same `port`.
 *
 *   const azurite = await startAzuriteBlob();   // or startAzuriteQueue()
 *   const container = new ContainerClient(azurite.connectionString, 'checkpoints');
 *   await azurite.stop();
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Azurite's well-known development account (public, documented by Microsoft). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  /** `DefaultEndpointsProtocol=http;AccountName=...;AccountKey=...;BlobEndpoint=http://127.0.0.1:<port>/devstoreaccount1;` */
  connectionString: string;
  blobEndpoint: string;
  port: number;
  /** Azurite's process id (for CPU readings). */
  pid: number;
  /** Everything Azurite wrote so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface RunningAzuriteQueue extends Omit<RunningAzurite, 'blobEndpoint'> {
  /** `DefaultEndpointsProtocol=http;AccountName=...;AccountKey=...;QueueEndpoint=http://127.0.0.1:<port>/devstoreaccount1;` */
  connectionString: string;
  queueEndpoint: string;
}

export interface AzuriteOptions {
  readyTimeoutMs?: number;
  /**
   * A folder for Azurite's data instead of memory. Azurite saves it every 5 s and when stopped
   * (SIGTERM), not at each request: a SIGKILL loses what it acknowledged since its last save.
   */
  location?: string;
  /** Default: one the kernel picks. */
  port?: number;
}

const azuriteDir = dirname(createRequire(import.meta.url).resolve('azurite/package.json'));

export async function startAzuriteBlob(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  const running = await startAzurite('blob', options);
  const blobEndpoint = `http://127.0.0.1:${running.port}/${AZURITE_ACCOUNT}`;
  return { ...running, connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${blobEndpoint};`, blobEndpoint };
}

/** Azurite's queue service (`dist/src/queue/main.js`); messages live in memory unless `location` is given. */
export async function startAzuriteQueue(options: AzuriteOptions = {}): Promise<RunningAzuriteQueue> {
  const running = await startAzurite('queue', options);
  const queueEndpoint = `http://127.0.0.1:${running.port}/${AZURITE_ACCOUNT}`;
  return { ...running, connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};QueueEndpoint=${queueEndpoint};`, queueEndpoint };
}

async function startAzurite(
  service: 'blob' | 'queue',
  options: AzuriteOptions,
): Promise<{ port: number; pid: number; output(): string; stop(): Promise<void> }> {
  const mainScript = join(azuriteDir, `dist/src/${service}/main.js`);
  const port = String(options.port ?? 0);
  const persistence = options.location === undefined ? ['--inMemoryPersistence'] : ['--location', options.location];
  // The queue service has no extent store, so it takes no --extentMemoryLimit (nor does a blob service on disk).
  const serviceArgs =
    service === 'blob' ? ['--blobHost', '127.0.0.1', '--blobPort', port, ...(options.location === undefined ? ['--extentMemoryLimit', '256'] : [])] : ['--queueHost', '127.0.0.1', '--queuePort', port];
  // In memory, so nothing is written; the cwd is a scratch directory all the same.
  const cwd = mkdtempSync(join(tmpdir(), 'outrigger-azurite-'));
  // A small wrapper runs Azurite and exits when its stdin closes, so Azurite dies with the test
  // process even when that is killed without running stop() (a plain child would be orphaned).
  const wrapper = `process.stdin.on('end', () => process.exit(0)); process.stdin.on('error', () => process.exit(0)); process.stdin.resume(); process.argv.splice(1, 0, ${JSON.stringify(mainScript)}); require(${JSON.stringify(mainScript)});`;
  const child = spawn(
    process.execPath,
    ['-e', wrapper, '--', ...serviceArgs, ...persistence, '--skipApiVersionCheck', '--disableTelemetry', '--silent'],
    { cwd, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  // The scratch directory goes with the process, however it ends (stop, a crash, a failed start).
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      rmSync(cwd, { recursive: true, force: true });
      resolve(code);
    }),
  );
  const listening = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Azurite ${service} did not start within ${options.readyTimeoutMs ?? 15_000} ms:\n${output}`));
    }, options.readyTimeoutMs ?? 15_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /successfully listens on https?:\/\/[^:]+:(\d+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite ${service} exited with code ${code} before it was ready:\n${output}`));
    });
  });
  return {
    port: listening,
    pid: child.pid ?? -1,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // On SIGTERM Azurite closes its stores (saving them to `location`) but the wrapper's stdin
      // keeps the process alive: close that once Azurite says it closed.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      while (!/successfully closed/.test(output) && child.exitCode === null && child.signalCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
      child.stdin.end();
      await exited;
      clearTimeout(timer);
    },
  };
}
