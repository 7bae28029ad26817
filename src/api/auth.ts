// Access: with keys configured, every route but /healthz needs `Authorization: Bearer <key>` (or
// `x-api-key: <key>`) whose sha256 is one of the configured hashes, and a role that allows the route:
// readers read (GET), analysts also review, operators do everything. Without keys everything is open:
// the server then binds loopback only (server.ts). A browser on the review page shows its key by a cookie
// instead (set by POST /review/login, routes/review.ts): a request signed by it changes nothing without the
// x-newsdesk-csrf header, which no other site can make a browser send.
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ASSETS_PREFIX, LOGIN_PATH, LOGOUT_PATH, REVIEW_PATH } from '../review/layout.js';
import { ApiError } from './errors.js';
import { type ApiKey, hashKey, ROLES, type Role } from './keys.js';

export type { ApiKey, Role } from './keys.js';

export type ApiEnv = { Variables: { role: Role | null } };

/** The review page's cookie: the key given at /review/login (HttpOnly, SameSite=Strict). */
export const KEY_COOKIE = 'newsdesk_key';
/** What a request signed by that cookie must carry to change anything (the page's script sends it). */
export const CSRF_HEADER = 'x-newsdesk-csrf';

// /healthz for load balancers; the review page's sign-in, sign-out, script and stylesheet (they hold no data)
const OPEN = new Set(['/healthz', LOGIN_PATH, LOGOUT_PATH]);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** A review page looked at in a browser: without a usable key it goes to the sign-in page, not a JSON 401. */
const isPage = (method: string, path: string): boolean => (method === 'GET' || method === 'HEAD') && (path === REVIEW_PATH || path.startsWith(`${REVIEW_PATH}/`));

/** The least role a request needs. Reviews (analysts) come in a later issue under /reviews and /claims. */
export function requiredRole(method: string, path: string): Role {
  // the queue dashboard (Bull Board), reads included: job data holds every URL and failure
  if (path === '/admin' || path.startsWith('/admin/')) return 'operator';
  if (method === 'GET' || method === 'HEAD') return 'reader';
  if (path.startsWith('/reviews') || /^\/claims\/[^/]+\/review$/.test(path)) return 'analyst';
  // merging entities and splitting an alias off are analysts' work too
  if (path === '/entities/merge' || /^\/entities\/[^/]+\/split$/.test(path)) return 'analyst';
  return 'operator';
}

export const allows = (role: Role, needed: Role): boolean => ROLES.indexOf(role) >= ROLES.indexOf(needed);

function presented(header: (name: string) => string | undefined): string | undefined {
  const auth = header('authorization');
  const bearer = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined;
  return bearer ?? header('x-api-key')?.trim() ?? undefined;
}

/** The role of the key whose hash matches, compared in constant time against every configured hash. */
export function roleOf(keys: readonly ApiKey[], key: string): Role | undefined {
  const given = Buffer.from(hashKey(key), 'hex');
  let role: Role | undefined;
  for (const k of keys) if (timingSafeEqual(given, Buffer.from(k.sha256, 'hex')) && (!role || allows(k.role, role))) role = k.role;
  return role;
}

export function authorize(keys: readonly ApiKey[]): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!keys.length || OPEN.has(c.req.path) || c.req.path.startsWith(ASSETS_PREFIX)) {
      c.set('role', null);
      return next();
    }
    const header = presented((name) => c.req.header(name));
    const key = header ?? getCookie(c, KEY_COOKIE);
    const role = key ? roleOf(keys, key) : undefined;
    if (!role && isPage(c.req.method, c.req.path)) {
      const here = new URL(c.req.url);
      return c.redirect(`${LOGIN_PATH}?next=${encodeURIComponent(here.pathname + here.search)}`, 303);
    }
    if (!key) throw new ApiError(401, 'an API key is needed: send Authorization: Bearer <key> or x-api-key: <key>');
    if (!role) throw new ApiError(401, 'unknown API key');
    if (header === undefined && !SAFE_METHODS.has(c.req.method) && !c.req.header(CSRF_HEADER)) {
      throw new ApiError(403, `a request signed in by the review page's cookie must send the ${CSRF_HEADER} header to change anything`);
    }
    const needed = requiredRole(c.req.method, c.req.path);
    if (!allows(role, needed)) throw new ApiError(403, `${c.req.method} ${c.req.path} needs the ${needed} role or above; this key's role is ${role}`);
    c.set('role', role);
    return next();
  };
}
