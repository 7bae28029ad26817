// Schemas several routes share: error answers, the `limit` of a listing, and the security the
// OpenAPI document names (the keys themselves are checked by auth.ts).
import { z } from '@hono/zod-openapi';
import { ErrorBody } from './errors.js';

export const MAX_LIMIT = 1000;

/** `?limit=N`: 1 to 1,000; a listing's default is its own. */
export const limitQuery = (byDefault: number) =>
  z.coerce
    .number({ error: 'expected a number' })
    .int('expected a whole number')
    .min(1, 'expected 1 or more')
    .max(MAX_LIMIT, `at most ${MAX_LIMIT}`)
    .default(byDefault)
    .openapi({ param: { name: 'limit', in: 'query' }, example: byDefault });

const json = { 'application/json': { schema: ErrorBody } };

/** An ISO date or datetime (`?since=`, `?until=`): anything else would reach the database as a cast that fails. */
export const isoTime = z
  .string()
  .regex(/^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/, 'expected an ISO date or datetime, like 2024-03-14 or 2024-03-14T09:30:00Z')
  .refine((s) => !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s)), 'not a real date');

/** The error answers a route may give, for its OpenAPI responses. */
export const errors = (...statuses: (400 | 401 | 403 | 404 | 413 | 503)[]) => {
  const described: Record<number, string> = {
    400: 'the request does not fit its schema; each field at fault is named',
    401: 'no API key, or an unknown one',
    403: "the key's role does not allow this route",
    404: 'no such thing; the id is in the message',
    413: 'the body is larger than the limit',
    503: 'the queue side (Redis) is not configured or does not answer',
  };
  return Object.fromEntries([401, 403, ...statuses].map((s) => [s, { description: described[s] as string, content: json }]));
};

export const SECURITY: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
