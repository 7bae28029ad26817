// Services a test may stop and start again without disturbing anyone else: a redis-server of its own (AOF,
// fsync on every write, so a stop loses nothing acknowledged) and a PostgreSQL cluster of its own, each on a
// free port of 127.0.0.1 with its data in a temporary folder that cleanup removes. When the machine lacks
// them, the `...Missing()` functions say why, for the test to skip with that message.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { deleteKeysUnder } from '../../src/queue/connection.js';

/** A port free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs a command to its exit (not to the close of its pipes: pg_ctl leaves a server holding them). */
async function exec(cmd: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  child.stdout.destroy();
  child.stderr.destroy();
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${code ?? signal}\n${output}`);
  return output;
}

// ---------------------------------------------------------------------------------------------------
// Redis

/** Why no private redis-server can be started here, or undefined when one can. */
export function redisServerMissing(): string | undefined {
  const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? `redis-server is not on PATH (${r.error?.message ?? `exit ${r.status}`}): the Redis restart test needs its own server` : undefined;
}

export interface PrivateRedis {
  port: number;
  url: string;
  /** The data folder (appendonlydir inside). */
  dir: string;
  running(): boolean;
  /** Starts the server again on the same port and folder; resolves once it accepts connections. */
  start(): Promise<void>;
  /** SHUTDOWN (the command), SIGTERM or SIGKILL; resolves once the process is gone. */
  stop(how?: 'shutdown' | 'sigterm' | 'sigkill'): Promise<void>;
  cleanup(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'nd-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let log = '';

  const start = async () => {
    if (child) throw new Error('the private redis-server is running already');
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--daemonize', 'no', '--logfile', ''];
    const c = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    c.once('exit', () => {
      if (child === c) child = undefined;
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server on port ${port} not ready within 10 s:\n${log}`)), 10_000);
      const onData = (d: Buffer) => {
        log += d.toString();
        if (/Ready to accept connections/.test(log)) {
          clearTimeout(timer);
          resolve();
        }
      };
      c.stdout?.on('data', onData);
      c.stderr?.on('data', onData);
      c.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server on port ${port} exited (${code}) before it was ready:\n${log}`));
      });
    });
  };

  const stop = async (how: 'shutdown' | 'sigterm' | 'sigkill' = 'shutdown') => {
    const c = child;
    if (!c) return;
    const gone = once(c, 'exit');
    if (how === 'shutdown') {
      const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      r.on('error', () => {});
      await r.connect();
      // the server closes the connection instead of answering
      await r.call('SHUTDOWN').catch(() => {});
      r.disconnect();
    } else c.kill(how === 'sigterm' ? 'SIGTERM' : 'SIGKILL');
    await gone;
  };

  log = '';
  await start();
  return {
    port,
    url,
    dir,
    running: () => child !== undefined,
    async start() {
      log = '';
      await start();
    },
    stop,
    async cleanup() {
      await stop('sigkill').catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// PostgreSQL

/** The folder of initdb and pg_ctl: PG_BIN, else the newest /usr/lib/postgresql/<version>/bin. */
function pgBin(): string | undefined {
  if (process.env.PG_BIN) return existsSync(join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

const isRoot = () => process.getuid?.() === 0;

/** The postgres user's uid and gid, for the folders it must own when we are root. */
function postgresUser(): { uid: number; gid: number } | undefined {
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Why no private PostgreSQL cluster can be made here, or undefined when one can. */
export function postgresMissing(): string | undefined {
  const bin = pgBin();
  if (!bin) return 'no initdb found (set PG_BIN, or install PostgreSQL under /usr/lib/postgresql/<version>/bin): the PostgreSQL restart test needs a cluster of its own';
  if (isRoot()) {
    if (!postgresUser()) return 'running as root without a postgres user to run initdb and pg_ctl as';
    if (spawnSync('runuser', ['--help']).error) return 'running as root without runuser to run initdb and pg_ctl as postgres';
  }
  return undefined;
}

export interface PrivateCluster {
  port: number;
  /** The postgres database of the cluster, user postgres, trust auth. */
  url: string;
  dir: string;
  running(): boolean;
  /** pg_ctl start -w: resolves once it accepts connections. */
  start(): Promise<void>;
  /** pg_ctl stop -m fast (or immediate): connections are cut, the server is gone when this resolves. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** The server's log so far. */
  log(): string;
  cleanup(): Promise<void>;
}

export async function startPrivateCluster(): Promise<PrivateCluster> {
  const missing = postgresMissing();
  if (missing) throw new Error(missing);
  const bin = pgBin() as string;
  // as root, initdb and the server run as postgres, which must own the folder (data, socket and log)
  const asPostgres = (cmd: string, args: string[]): [string, string[]] => (isRoot() ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args]);
  const dir = mkdtempSync(join('/tmp', 'nd-pg-'));
  const user = isRoot() ? postgresUser() : undefined;
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const port = await freePort();
  let running = false;

  const pgCtl = (...args: string[]) => exec(...asPostgres('pg_ctl', ['-D', data, ...args]));
  const start = async () => {
    // fsync off: these tests restart the server cleanly, they do not crash the machine
    await pgCtl('-l', logFile, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`, '-w', '-t', '30', 'start');
    running = true;
  };

  try {
    await exec(...asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']));
    await start();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    running: () => running,
    start,
    async stop(mode = 'fast') {
      await pgCtl('-m', mode, '-w', '-t', '30', 'stop');
      running = false;
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    async cleanup() {
      if (running) await pgCtl('-m', 'immediate', '-w', 'stop').catch(() => {});
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Removes a test's keys (everything under `prefix:`) from a shared Redis; SCAN, not KEYS. */
export async function dropRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  try {
    await deleteKeysUnder(redis, prefix);
  } finally {
    redis.disconnect();
  }
}
