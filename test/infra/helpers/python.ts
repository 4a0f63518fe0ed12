/**
 * Runs a Python script of test/infra/python/ to its end, as a client in another language would
 * talk to the daemon. /usr/bin/python3 explicitly: a pyenv python3 first on the PATH cannot see
 * Debian's dist-packages, where python3-grpcio is.
 */
import { spawn } from 'node:child_process';

const python = '/usr/bin/python3';

export interface PythonRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runPython(script: string, args: string[]): Promise<PythonRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
