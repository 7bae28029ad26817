// One logger for the long-running processes (queue workers): JSON lines for machines, pino-pretty for a
// person at a terminal, and nothing secret in either. Pretty printing runs in-process and synchronously
// (no transport thread), so a worker that crashes does not take its last lines with it.
import { isatty } from 'node:tty';
import { type DestinationStream, type Logger, pino, stdSerializers } from 'pino';
import pretty from 'pino-pretty';
import { stripCredentials } from './url.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** pino level name; default: env LOG_LEVEL, else 'info'. */
  level?: string;
  /** Human-readable output; default: whether the destination is a terminal. */
  pretty?: boolean;
  /** A stream or a file descriptor; default 2 (stderr), keeping stdout for the data a command prints. */
  destination?: NodeJS.WritableStream | number;
  name?: string;
}

// Headers and settings objects are logged whole in places; their secrets are censored by path. fast-redact's
// `*` is one level, so each path is listed at the top level and one level down.
const SECRET_PATHS = ['password', 'authorization', 'headers.authorization', 'headers.cookie', 'headers["set-cookie"]', 'headers["proxy-authorization"]'];
const REDACT = [...SECRET_PATHS, ...SECRET_PATHS.map((p) => `*.${p}`)];

// Fields that carry a URL, an input line or an error detail may hold `user:pass@`: scrubbed at any depth.
const URL_FIELDS = new Set(['url', 'input', 'detail']);
const MAX_DEPTH = 6;

function scrubValue(value: unknown): unknown {
  if (typeof value === 'string') return stripCredentials(value);
  if (value instanceof URL) return stripCredentials(value.href);
  if (Array.isArray(value)) {
    const items = value.map(scrubValue);
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  return value;
}

/** The object with URL-bearing fields scrubbed; copied only where something changed, the caller's is left alone. */
function scrub<T>(value: T, depth = 0, seen = new Set<object>()): T {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object' || seen.has(value)) return value;
  // Only plain data is walked: errors have their own serializer, other class instances print as they are.
  const isArray = Array.isArray(value);
  const proto = Object.getPrototypeOf(value);
  if (!isArray && proto !== Object.prototype && proto !== null) return value;
  seen.add(value);
  let out: Record<string, unknown> | unknown[] | undefined;
  for (const [key, v] of Object.entries(value)) {
    const next = !isArray && URL_FIELDS.has(key) ? scrubValue(v) : scrub(v, depth + 1, seen);
    if (next !== v) {
      out ??= isArray ? [...(value as unknown[])] : { ...(value as Record<string, unknown>) };
      (out as Record<string, unknown>)[key] = next;
    }
  }
  seen.delete(value);
  return (out ?? value) as T;
}

/** Error messages and stacks often quote the URL that failed. */
function errSerializer(err: Error): ReturnType<typeof stdSerializers.err> {
  const s = stdSerializers.err(err);
  if (typeof s?.message === 'string') s.message = stripCredentials(s.message);
  if (typeof s?.stack === 'string') s.stack = stripCredentials(s.stack);
  return s;
}

function isTTY(destination: NodeJS.WritableStream | number): boolean {
  return typeof destination === 'number' ? isatty(destination) : (destination as { isTTY?: boolean }).isTTY === true;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const destination = opts.destination ?? 2;
  const tty = isTTY(destination);
  const stream: DestinationStream =
    (opts.pretty ?? tty)
      ? pretty({ destination, colorize: tty, sync: true })
      : typeof destination === 'number'
        ? pino.destination({ dest: destination, sync: true })
        : (destination as DestinationStream);
  return pino(
    {
      level: opts.level ?? (process.env.LOG_LEVEL || 'info'),
      name: opts.name,
      redact: { paths: REDACT, censor: '[redacted]' },
      // formatters.log walks what each call logs; child() bindings skip it but do pass the top-level
      // serializers, so the URL fields have serializers too (nested objects in bindings are not walked).
      serializers: {
        err: errSerializer,
        error: errSerializer,
        msg: scrubValue,
        ...Object.fromEntries([...URL_FIELDS].map((key) => [key, scrubValue])),
      },
      formatters: { log: (obj) => scrub(obj) },
    },
    stream,
  );
}

/** A logger that writes nothing, for tests and callers that were given none. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
