// Running the newsdesk command as users do: a real process on the compiled dist/ (built by global-setup).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../src/eval/gold-sets.js';

export const BIN = join(ROOT, 'bin', 'newsdesk.js');

export interface RunOptions {
  input?: string;
  env?: Record<string, string>;
  cwd?: string;
}

/** For commands that need no in-process server: stdin given whole, output collected. */
export const run = (args: string[], input?: string, env: Record<string, string> = {}, cwd?: string) =>
  spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 26, ...(cwd ? { cwd } : {}) });

/** For commands that talk to the in-process test server: spawnSync would block the server's event loop. */
export const runAsync = (args: string[], env: Record<string, string> = {}, cwd?: string) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, ...(cwd ? { cwd } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
