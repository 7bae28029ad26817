// The change feed: GET /changes a page at a time ({changes, next}; pass `next` back as `after`), and
// GET /changes/stream, the same as Server-Sent Events: each change an event whose id is its cursor, so a
// client that reconnects with Last-Event-ID reads on where it stopped. The stream polls the store (about
// once a second when there is nothing new) and ends when the client goes.
import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { changeCursor } from '../../store/changes.js';
import { Change, type ChangePage } from '../../store/index.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { errors, limitQuery, SECURITY } from '../schemas.js';

const ChangeSchema = Change.meta({ id: 'Change' });

/** How long the stream waits before asking the store again when it had nothing new. */
export const STREAM_POLL_MS = 1000;
/** A comment line this often when there is nothing to send, so proxies keep the connection. */
const KEEPALIVE_MS = 15_000;
/** Changes read from the store at once by the stream. */
const STREAM_BATCH = 500;

const cursor = z.string().min(1).max(4096);

const listChangesRoute = createRoute({
  method: 'get',
  path: '/changes',
  tags: ['changes'],
  summary: 'Stored, re-extracted and reviewed records after a cursor, oldest first',
  security: SECURITY,
  request: {
    query: z.object({
      after: cursor.optional().openapi({ description: 'The `next` of the previous page; none: from the first change' }),
      limit: limitQuery(100),
    }),
  },
  responses: {
    200: {
      description: '`next` is where to read on from: the last change\'s cursor, or `after` itself when there was nothing new (null when nothing was ever read)',
      content: { 'application/json': { schema: z.object({ changes: z.array(ChangeSchema), next: z.string().nullable() }) } },
    },
    ...errors(400),
  },
});

// an event stream, not JSON: documented in the registry and served by a plain handler
const streamRoute = {
  method: 'get' as const,
  path: '/changes/stream',
  tags: ['changes'],
  summary: 'The change feed as Server-Sent Events: `event: change`, `id:` its cursor, `data:` the Change as JSON; Last-Event-ID resumes',
  security: SECURITY,
  request: {
    query: z.object({ after: cursor.optional().openapi({ description: 'Start after this cursor (Last-Event-ID wins when both are given)' }) }),
    headers: z.object({ 'last-event-id': cursor.optional() }),
  },
  responses: {
    200: { description: 'one event a change, as they happen', content: { 'text/event-stream': { schema: z.string() } } },
    ...errors(400),
  },
};

export function changeRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(listChangesRoute, async (c) => {
    const { after, limit } = c.req.valid('query');
    const page = await deps.store.changesAfter(after ?? null, limit);
    return c.json(page, 200);
  });

  app.openAPIRegistry.registerPath(streamRoute);
  app.get(streamRoute.path, async (c) => {
    const resumeFrom = c.req.header('last-event-id')?.trim() || c.req.query('after') || null;
    // read the first batch before answering: a bad cursor is a 400 (errors.ts), not a stream that dies
    let first: ChangePage | null = await deps.store.changesAfter(resumeFrom, STREAM_BATCH);
    c.header('X-Accel-Buffering', 'no'); // a proxy (nginx) must pass each event on as it comes
    return streamSSE(
      c,
      async (stream) => {
        let wake: (() => void) | undefined;
        stream.onAbort(() => wake?.());
        const pause = (ms: number) =>
          new Promise<void>((resolve) => {
            const t = setTimeout(resolve, ms);
            wake = () => {
              clearTimeout(t);
              resolve();
            };
          });
        let after = resumeFrom;
        let idle = 0;
        while (!stream.aborted && !stream.closed) {
          const page: ChangePage = first ?? (await deps.store.changesAfter(after, STREAM_BATCH));
          first = null;
          for (const change of page.changes) {
            if (stream.aborted) return;
            after = changeCursor(change.seq);
            await stream.writeSSE({ event: 'change', id: after, data: JSON.stringify(change) });
          }
          if (page.changes.length === STREAM_BATCH) continue; // more waiting: no pause
          idle = page.changes.length ? 0 : idle + STREAM_POLL_MS;
          if (idle >= KEEPALIVE_MS) {
            idle = 0;
            await stream.write(': keep-alive\n\n');
          }
          await pause(STREAM_POLL_MS);
        }
      },
      async (err) => {
        // headers are gone: log it and end the stream; the client reconnects with its Last-Event-ID
        deps.logger.error({ err }, 'change stream failed');
      },
    );
  });
}
