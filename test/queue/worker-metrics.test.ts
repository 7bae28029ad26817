// A worker process serves its Prometheus metrics on --metrics-port: jobs per queue and state read from Redis,
// and what it processed, by outcome.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueues } from '../../src/queue/connection.js';
import { enqueueUrls } from '../../src/queue/enqueue.js';
import { BIN } from '../helpers/cli.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { dropSchema, newSchemaName, POSTGRES_URL } from '../helpers/services.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('worker metrics', () => {
  const prefix = `nd-test-${randomUUID().slice(0, 8)}`;
  const schema = newSchemaName();
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({}, (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('gone');
    });
  });
  afterAll(async () => {
    await server.close();
    const q = openQueues(REDIS_URL, prefix);
    const keys = await q.redis.keys(`${prefix}:*`);
    if (keys.length) await q.redis.del(...keys);
    await q.close();
    await dropSchema(schema);
  });

  it('serves job counts, processed jobs and failures by reason on 127.0.0.1', async () => {
    const env = { ...process.env, REDIS_URL, DATABASE_URL: POSTGRES_URL, NEWSDESK_DB_SCHEMA: schema, NEWSDESK_QUEUE_PREFIX: prefix, NEWSDESK_ALLOW_PRIVATE_HOSTS: '1', NEWSDESK_MIN_DELAY_MS: '0', LOG_LEVEL: 'info' };
    const child = spawn(process.execPath, [BIN, 'worker', '--threads', '1', '--metrics-port', '0'], { env });
    let log = '';
    child.stderr.on('data', (d: Buffer) => {
      log += d.toString();
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const t = setInterval(() => {
          const m = /metrics on http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(log);
          if (m) {
            clearInterval(t);
            resolve(Number(m[1]));
          }
        }, 50);
        child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${log}`)));
      });
      const q = openQueues(REDIS_URL, prefix);
      await enqueueUrls(q, [`${server.url}/missing-article`]);
      let text = '';
      for (let i = 0; i < 100 && !/newsdesk_failures_total\{stage="fetch",reason="http-status"\} 1/.test(text); i++) {
        await new Promise((r) => setTimeout(r, 100));
        text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      }
      await q.close();
      expect(text).toMatch(/newsdesk_failures_total\{stage="fetch",reason="http-status"\} 1/);
      expect(text).toMatch(/newsdesk_jobs_processed_total\{queue="fetch",outcome="failed"\} 1/); // a 404 fails at once
      expect(text).toMatch(/newsdesk_jobs\{queue="fetch",state="failed"\} 1/);
      expect(text).toMatch(/newsdesk_jobs\{queue="extract",state="completed"\} 0/);
      expect(text).toMatch(/newsdesk_fetch_duration_seconds_count\{outcome="failed"\} 1/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
