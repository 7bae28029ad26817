// The analysts' review page (src/review/ renders it): GET /review, its script and stylesheet, and signing in
// with a key when keys are configured (the key kept in an HttpOnly, SameSite=Strict cookie that auth.ts
// accepts). Plain routes, not in the OpenAPI document: they answer HTML for browsers.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { Stance } from '../../record.js';
import { loadReviewPage } from '../../review/load.js';
import { ICON_PATH, LOGIN_PATH, LOGOUT_PATH, PAGE_HEADERS, REVIEW_PATH, SCRIPT_PATH, STYLE_PATH } from '../../review/layout.js';
import { renderLoginPage, safeNext } from '../../review/login.js';
import { type ReviewFilter, renderReviewPage } from '../../review/page.js';
import { ReviewStatus } from '../../review/rules.js';
import { REVIEW_SCRIPT } from '../../review/script.js';
import { REVIEW_ICON, REVIEW_STYLE } from '../../review/style.js';
import { InvalidCursorError } from '../../store/index.js';
import { allows, type ApiEnv, KEY_COOKIE, roleOf } from '../auth.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { validationIssues } from '../errors.js';
import { isoTime } from '../schemas.js';

/** How long a sign-in lasts. */
const SESSION_SECONDS = 12 * 60 * 60;

// a filter form sends its empty fields as ''
const blank = (v: unknown) => (v === '' ? undefined : v);
const text = z.preprocess(blank, z.string().max(4096).optional());
const PageQuery = z.object({
  speaker: text,
  target: text,
  stance: z.preprocess(blank, Stance.optional()),
  site: text,
  since: z.preprocess(blank, isoTime.optional()),
  until: z.preprocess(blank, isoTime.optional()),
  status: z.preprocess(blank, z.union([ReviewStatus, z.literal('any')]).default('pending')),
  limit: z.preprocess(blank, z.coerce.number().int().min(1).max(500).optional()),
  after: text,
});

function page(c: Context<ApiEnv>, body: string, status: 200 | 400 | 401 | 403 = 200): Response {
  for (const [name, value] of Object.entries(PAGE_HEADERS)) c.header(name, value);
  return c.html(body, status);
}

function asset(c: Context<ApiEnv>, body: string, type: string): Response {
  return c.body(body, 200, { 'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' });
}

/** Whether the browser reached us over https (directly, or through a proxy that says so). */
const overHttps = (c: Context<ApiEnv>): boolean => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';

/** A form posted from another site (login CSRF): its Origin, or Sec-Fetch-Site, gives it away. */
function crossSite(c: Context<ApiEnv>): boolean {
  if (c.req.header('sec-fetch-site') === 'cross-site') return true;
  const origin = c.req.header('origin');
  if (origin === undefined) return false; // not a browser, or one that sends no Origin on a same-origin form
  try {
    return new URL(origin).host !== (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return true;
  }
}

export function reviewRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(REVIEW_PATH, async (c) => {
    const role = c.get('role');
    const who = { canReview: role === null || allows(role, 'analyst'), signedIn: deps.keys.length > 0 };
    const parsed = PageQuery.safeParse(c.req.query());
    if (!parsed.success) {
      const error = `Filters not applied: ${validationIssues(parsed.error).map((i) => `${i.field}: ${i.message}`).join('; ')}`;
      return page(c, renderReviewPage({ ...(await loadReviewPage(deps.store, { status: 'pending' })), ...who, error }), 400);
    }
    const { after, ...filter } = parsed.data satisfies ReviewFilter & { after?: string | undefined };
    try {
      return page(c, renderReviewPage({ ...(await loadReviewPage(deps.store, filter, { after: after ?? null })), ...who }));
    } catch (err) {
      if (!(err instanceof InvalidCursorError)) throw err;
      return page(c, renderReviewPage({ ...(await loadReviewPage(deps.store, filter)), ...who, error: 'That page link is not one of this list: the first page is shown.' }), 400);
    }
  });

  app.get(SCRIPT_PATH, (c) => asset(c, REVIEW_SCRIPT, 'text/javascript; charset=utf-8'));
  app.get(STYLE_PATH, (c) => asset(c, REVIEW_STYLE, 'text/css; charset=utf-8'));
  app.get(ICON_PATH, (c) => asset(c, REVIEW_ICON, 'image/svg+xml'));

  app.get(LOGIN_PATH, (c) => (deps.keys.length ? page(c, renderLoginPage({ next: c.req.query('next') })) : c.redirect(REVIEW_PATH, 303)));

  app.post(LOGIN_PATH, async (c) => {
    if (!deps.keys.length) return c.redirect(REVIEW_PATH, 303);
    if (crossSite(c)) return page(c, renderLoginPage({ error: 'Sign in from this server’s own page.' }), 403);
    const form = await c.req.parseBody();
    const key = typeof form.key === 'string' ? form.key.trim() : '';
    const next = typeof form.next === 'string' ? form.next : null;
    if (!key || !roleOf(deps.keys, key)) return page(c, renderLoginPage({ error: key ? 'Unknown API key.' : 'Give an API key.', next }), 401);
    setCookie(c, KEY_COOKIE, key, { path: '/', httpOnly: true, sameSite: 'Strict', secure: overHttps(c), maxAge: SESSION_SECONDS });
    return c.redirect(safeNext(next), 303);
  });

  app.post(LOGOUT_PATH, (c) => {
    deleteCookie(c, KEY_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: overHttps(c) });
    return c.redirect(deps.keys.length ? LOGIN_PATH : REVIEW_PATH, 303);
  });
}
