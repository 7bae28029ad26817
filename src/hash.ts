import { createHash } from 'node:crypto';

/** Hex SHA-256 of a string: content addresses of documents and texts, stable ids. */
export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
