/** The promise's value, or the error `late()` makes once `ms` have passed: a Redis connection waits out
 * restarts, so a call on it could otherwise hang a command, a request or a scrape. A late rejection of the
 * promise itself is swallowed, never left unhandled. */
export async function within<T>(promise: Promise<T>, ms: number, late: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), ms);
  });
  promise.catch(() => {});
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
