// Writing to stdout as fast as the reader takes it: each write waits when the pipe is full, so thousands of
// records stream in bounded memory.
import type { Writable } from 'node:stream';

export const write = (out: Writable, s: string): Promise<void> => new Promise<void>((resolve) => (out.write(s) ? resolve() : out.once('drain', () => resolve())));
