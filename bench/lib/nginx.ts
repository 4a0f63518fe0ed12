/**
 * nginx (Debian package `nginx`) as a reverse proxy to compare the query proxy with: run as a
 * child process (`daemon off;`, one worker, pinned like the daemon) with a generated config on a
 * free loopback port, a keep-alive upstream (`keepalive 32`, HTTP/1.1, `Connection ""`), the
 * pid file, error log and temp paths in a temp directory, access log off. The master process
 * stays (as in production); its one worker is the process whose CPU time counts.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { pinnedCommand } from './pinning.js';
import { waitFor200 } from './wait-ready.js';

export interface Nginx {
  origin: string;
  /** The master process. */
  pid: number;
  /** The one worker process: it does the proxying. */
  workerPid: number;
  version: string;
  stop(): Promise<void>;
}

/** The nginx binary, or null when the package is not installed. */
export function nginxBinary(): string | null {
  for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']) if (existsSync(candidate)) return candidate;
  try {
    return execFileSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export function nginxConfig(dir: string, port: number, upstream: URL): string {
  const path = (name: string): string => join(dir, name);
  // Running as root, the worker would switch to `nobody`; keep it the same user as everything else.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  return `# written by bench/lib/nginx.ts
${user}daemon off;
worker_processes 1;
pid ${path('nginx.pid')};
error_log ${path('error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${path('client_body')};
  proxy_temp_path ${path('proxy')};
  fastcgi_temp_path ${path('fastcgi')};
  uwsgi_temp_path ${path('uwsgi')};
  scgi_temp_path ${path('scgi')};
  keepalive_timeout 60s;
  keepalive_requests 1000000;
  upstream target {
    server ${upstream.host};
    keepalive 32;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://target;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
}

/** The child pids of `pid` (needs CONFIG_PROC_CHILDREN; falls back to scanning /proc). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    const out: number[] = [];
    for (const entry of execFileSync('ls', ['/proc'], { encoding: 'utf8' }).split('\n')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(entry));
      } catch {
        // gone
      }
    }
    return out;
  }
}

/** Starts nginx proxying every path to `upstreamOrigin`; resolves once a request through it answers 200. */
export async function startNginx(upstreamOrigin: string, core: number | null): Promise<Nginx> {
  const binary = nginxBinary();
  if (binary === null) throw new Error('nginx is not installed (Debian: apt-get install -y nginx)');
  const probe = spawnSync(binary, ['-v'], { encoding: 'utf8' });
  const version = `${probe.stderr}${probe.stdout}`.trim() || 'nginx';
  const dir = mkdtempSync(join(tmpdir(), 'outrigger-bench-nginx-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(dir, port, new URL(upstreamOrigin)));
  const command = pinnedCommand(core, binary, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')]);
  const child = spawn(command.file, command.args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let exited = false;
  const exit = once(child, 'exit').then(() => (exited = true));
  const origin = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (!exited) child.kill('SIGQUIT'); // graceful: finish open requests
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exit;
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor200(`${origin}/readyz`, { timeoutMs: 10_000, intervalMs: 10, isAlive: () => !exited });
  } catch (err) {
    await stop();
    throw new Error(`nginx did not start: ${(err as Error).message}\n${stderr}`, { cause: err });
  }
  const pid = child.pid ?? -1;
  const workers = childrenOf(pid);
  if (workers.length !== 1) {
    await stop();
    throw new Error(`expected one nginx worker under ${pid}, found ${workers.length}`);
  }
  return { origin, pid, workerPid: workers[0]!, version: version.replace(/^nginx version:\s*/, ''), stop };
}
