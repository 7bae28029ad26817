// Access: with keys configured, every route but /healthz needs `Authorization: Bearer <key>` (or
// `x-api-key: <key>`) whose sha256 is one of the configured hashes, and a role that allows the route:
// readers read (GET), analysts also review, operators do everything. Without keys everything is open:
// the server then binds loopback only (server.ts).
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.js';
import { type ApiKey, hashKey, ROLES, type Role } from './keys.js';

export type { ApiKey, Role } from './keys.js';

export type ApiEnv = { Variables: { role: Role | null } };

const OPEN = new Set(['/healthz']);

/** The least role a request needs. Reviews (analysts) come in a later issue under /reviews and /claims. */
export function requiredRole(method: string, path: string): Role {
  if (method === 'GET' || method === 'HEAD') return 'reader';
  if (path.startsWith('/reviews') || /^\/claims\/[^/]+\/review$/.test(path)) return 'analyst';
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
    if (!keys.length || OPEN.has(c.req.path)) {
      c.set('role', null);
      return next();
    }
    const key = presented((name) => c.req.header(name));
    if (!key) throw new ApiError(401, 'an API key is needed: send Authorization: Bearer <key> or x-api-key: <key>');
    const role = roleOf(keys, key);
    if (!role) throw new ApiError(401, 'unknown API key');
    const needed = requiredRole(c.req.method, c.req.path);
    if (!allows(role, needed)) throw new ApiError(403, `${c.req.method} ${c.req.path} needs the ${needed} role or above; this key's role is ${role}`);
    c.set('role', role);
    return next();
  };
}
