// newsdesk commands as separate processes (bin/newsdesk.js on the compiled dist/), for tests that kill,
// stop and restart them: their stderr log lines kept and parsed (pino JSON), and their exit awaited.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { BIN } from './cli.js';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() when the process was seen to exit. */
  at: number;
}

export interface NewsdeskProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly name: string;
  /** stderr, a line each (the worker's pino JSON lines and any other message). */
  readonly lines: string[];
  stdout(): string;
  /** The stderr lines that are JSON objects (the log records), parsed. */
  logs(): Record<string, unknown>[];
  /** Resolves with the first log record (or raw stderr line) `match` accepts; rejects when the process
   * exits first or after timeoutMs, with the output so far in the message. */
  waitFor(match: RegExp | ((rec: Record<string, unknown>, line: string) => boolean), timeoutMs?: number): Promise<string>;
  readonly exited: Promise<Exit>;
  exit(): Exit | undefined;
  /** SIGKILL, and the exit awaited. */
  kill9(): Promise<Exit>;
  /** SIGTERM, and the exit awaited (SIGKILL after timeoutMs, and a rejection saying so). */
  terminate(timeoutMs?: number): Promise<Exit>;
}

const running = new Set<NewsdeskProcess>();

const parse = (line: string): Record<string, unknown> | undefined => {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};

/** `node bin/newsdesk.js ...args` with the test's environment on top of this process's. */
export function spawnNewsdesk(args: string[], env: Record<string, string>, name = args[0] ?? 'newsdesk'): NewsdeskProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${BIN}`);
  const lines: string[] = [];
  let out = '';
  let partial = '';
  const waiters = new Set<() => void>();
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts.filter((l) => l.trim()));
    for (const w of waiters) w();
  });
  let exit: Exit | undefined;
  const exited = new Promise<Exit>((resolve) => {
    child.once('close', (code, signal) => {
      if (partial.trim()) lines.push(partial);
      exit = { code, signal, at: Date.now() };
      running.delete(p);
      for (const w of waiters) w();
      resolve(exit);
    });
  });
  const tail = () => lines.slice(-15).join('\n');
  const p: NewsdeskProcess = {
    child,
    pid: child.pid,
    name,
    lines,
    stdout: () => out,
    logs: () => lines.map(parse).filter((r): r is Record<string, unknown> => r !== undefined),
    exited,
    exit: () => exit,
    waitFor(match, timeoutMs = 20_000) {
      const test = (line: string) => (match instanceof RegExp ? match.test(line) : match(parse(line) ?? {}, line));
      let seen = 0;
      return new Promise<string>((resolve, reject) => {
        const check = () => {
          for (; seen < lines.length; seen++) {
            const line = lines[seen] as string;
            if (test(line)) {
              done();
              resolve(line);
              return;
            }
          }
          if (exit) {
            done();
            reject(new Error(`${name} (pid ${p.pid}) exited (${exit.code ?? exit.signal}) before the line awaited; its last lines:\n${tail()}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${name} (pid ${p.pid}): no such line within ${timeoutMs} ms; its last lines:\n${tail()}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async kill9() {
      if (!exit) child.kill('SIGKILL');
      return exited;
    },
    async terminate(timeoutMs = 20_000) {
      if (exit) return exit;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const e = await exited;
      clearTimeout(timer);
      if (e.signal === 'SIGKILL') throw new Error(`${name} (pid ${p.pid}) did not exit within ${timeoutMs} ms of SIGTERM; its last lines:\n${tail()}`);
      return e;
    },
  };
  running.add(p);
  return p;
}

/** The environment of a worker in these tests: loopback servers allowed, no politeness delay unless
 * given, short job locks (jobs of a killed worker are taken over within seconds), one extraction thread. */
export function workerEnv(opts: { redisUrl: string; prefix: string; databaseUrl: string; schema?: string }, more: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_URL: opts.redisUrl,
    NEWSDESK_QUEUE_PREFIX: opts.prefix,
    DATABASE_URL: opts.databaseUrl,
    NEWSDESK_DB_SCHEMA: opts.schema ?? '',
    NEWSDESK_ALLOW_PRIVATE_HOSTS: '1',
    NEWSDESK_MIN_DELAY_MS: '0',
    NEWSDESK_LOCK_MS: '2000',
    NEWSDESK_THREADS: '1',
    LOG_LEVEL: 'info',
    ...more,
  };
}

/** A `newsdesk worker` process, resolved once it logs that it started. */
export async function startWorkerProcess(env: Record<string, string>, name = 'worker', args: string[] = []): Promise<NewsdeskProcess> {
  const p = spawnNewsdesk(['worker', ...args], env, name);
  try {
    await p.waitFor((rec) => rec.msg === 'worker started', 30_000);
  } catch (err) {
    await p.kill9();
    throw err;
  }
  return p;
}

/** Kills (SIGKILL) every process these helpers started that is still running: a test's cleanup. */
export async function killAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.kill9()));
}

/** The log records of the given message, e.g. a worker's 'stored' lines. */
export const logsOf = (p: NewsdeskProcess, msg: string): Record<string, unknown>[] => p.logs().filter((r) => r.msg === msg);

/**
 * Which of these processes has the TCP connection whose local end is 127.0.0.1:`port` (a test server sees
 * it as the request's remote port): the worker with that request on the wire. Linux only (/proc); undefined
 * elsewhere or when none has it.
 */
export function socketOwner(port: number, processes: NewsdeskProcess[]): NewsdeskProcess | undefined {
  let table: string;
  try {
    table = readFileSync('/proc/net/tcp', 'utf8');
  } catch {
    return undefined;
  }
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const inode = table
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((cols) => cols[1] === local)?.[9];
  if (!inode) return undefined;
  return processes.find((p) => {
    try {
      return readdirSync(`/proc/${p.pid}/fd`).some((fd) => {
        try {
          return readlinkSync(`/proc/${p.pid}/fd/${fd}`) === `socket:[${inode}]`;
        } catch {
          return false; // closed meanwhile
        }
      });
    } catch {
      return false;
    }
  });
}
