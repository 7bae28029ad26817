// API keys as the operator configures them (NEWSDESK_API_KEYS): `role:sha256hex` entries, so the server
// never holds a key itself, only its hash. Kept apart from the middleware: the settings load this, not hono.
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const ROLES = ['reader', 'analyst', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKey {
  role: Role;
  /** sha256 of the key, 64 lower-case hex digits. */
  sha256: string;
}

/** The hash an entry holds for this key: `printf %s KEY | sha256sum`. */
export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

const ENTRY = /^(reader|analyst|operator):([0-9a-fA-F]{64})$/;

/** "operator:ab12…, reader:cd34…" (commas or white space between entries) → keys; an empty text → none. */
export const ApiKeys = z
  .string()
  .optional()
  .transform((text, ctx): ApiKey[] => {
    const entries = (text ?? '').split(/[\s,]+/).filter(Boolean);
    const keys: ApiKey[] = [];
    for (const [i, entry] of entries.entries()) {
      const m = ENTRY.exec(entry);
      if (!m) {
        ctx.addIssue({ code: 'custom', message: `entry ${i + 1}: expected role:sha256hex with a role of ${ROLES.join(', ')} and 64 hex digits` });
        continue;
      }
      keys.push({ role: m[1] as Role, sha256: (m[2] as string).toLowerCase() });
    }
    return keys;
  });
