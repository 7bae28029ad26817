// The one place failures become HTTP answers: an ApiError thrown by a route (404 with the id, 503 without
// Redis), a zod validation error (400 naming each field), hono's own (413 body too large, 400 malformed
// JSON), a route that does not exist, and the processors' failure values. Always the same JSON shape, never
// a stack trace: anything unexpected is logged here and answered as a bare 500.
import { z } from '@hono/zod-openapi';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import type { FailureResult } from '../ingest/failure.js';
import type { Logger } from '../log.js';
import { InvalidCursorError } from '../store/changes.js';

export const ErrorBody = z
  .object({
    status: z.number().int(),
    error: z.string().describe('a short code: not-found, invalid-request, unauthorized, forbidden, too-large, unavailable, internal'),
    message: z.string(),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi('Error');
export type ErrorBody = z.infer<typeof ErrorBody>;

const CODES: Partial<Record<number, string>> = {
  400: 'invalid-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  413: 'too-large',
  415: 'unsupported-media-type',
  503: 'unavailable',
  504: 'timeout',
};

/** What a route throws to answer with an error: `throw new ApiError(404, 'article x: no such article')`. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly issues?: ErrorBody['issues'],
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string): ApiError => new ApiError(404, `${what} ${JSON.stringify(id)}: no such ${what}`);

export function errorBody(status: number, message: string, issues?: ErrorBody['issues']): ErrorBody {
  return { status, error: CODES[status] ?? (status >= 500 ? 'internal' : 'error'), message, ...(issues?.length ? { issues } : {}) };
}

function answer(c: Context, status: ContentfulStatusCode, message: string, issues?: ErrorBody['issues']): Response {
  if (status === 401) c.header('WWW-Authenticate', 'Bearer');
  // the rest of an oversize body is never read: the client must not send its next request on this connection
  if (status === 413) c.header('Connection', 'close');
  return c.json(errorBody(status, message, issues), status);
}

const TARGETS: Record<string, string> = { json: 'body', query: 'query', param: 'path', header: 'header', form: 'body', cookie: 'cookie' };

/** Each zod issue as the field it is about and what was wrong: `urls.2: expected a string`. */
export function validationIssues(error: ZodError): NonNullable<ErrorBody['issues']> {
  return error.issues.map((i) => ({ field: i.path.length ? i.path.join('.') : '(the whole of it)', message: i.message }));
}

/** OpenAPIHono's defaultHook: a request that fails its zod schema → 400 naming every field at fault. */
export function validationHook(result: { success: boolean; error?: ZodError; target: string }, c: Context): Response | undefined {
  if (result.success || !result.error) return undefined;
  const issues = validationIssues(result.error);
  const where = TARGETS[result.target] ?? result.target;
  return answer(c, 400, `invalid ${where}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
}

export const notFoundHandler: NotFoundHandler = (c) => answer(c, 404, `no route ${c.req.method} ${c.req.path}`);

export function errorHandler(log: Logger): ErrorHandler {
  return (err, c) => {
    if (err instanceof ApiError) return answer(c, err.status, err.message, err.issues);
    // a listing's cursor that is not one of ours, or a limit the store refuses: the caller's mistake
    if (err instanceof InvalidCursorError) return answer(c, 400, err.message, [{ field: 'after', message: err.message }]);
    if (err instanceof RangeError && /^limit /.test(err.message)) return answer(c, 400, err.message, [{ field: 'limit', message: err.message }]);
    // hono's own: 413 from the body limit, 400 for malformed JSON, 401 and 504 from its middleware
    if (err instanceof HTTPException) {
      // 415: the route validates JSON and the body came as something else
      const message = err.status === 415 ? 'send the body as JSON (content-type: application/json)' : err.message || (CODES[err.status] ?? 'error');
      return answer(c, err.status as ContentfulStatusCode, message);
    }
    log.error({ err, method: c.req.method, path: c.req.path }, 'request failed');
    return answer(c, 500, 'internal error (logged by the server)');
  };
}

/** A processor's failure value as the API reports it beside the input: reason, detail, whether a retry may help. */
export const failureFields = (f: FailureResult) => ({
  reason: f.reason,
  detail: f.detail,
  retryable: f.retryable,
  ...(f.status !== undefined ? { httpStatus: f.status } : {}),
});
