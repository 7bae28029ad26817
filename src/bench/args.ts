// What the benchmarks' flags share: a whole number above 0, or an error naming the flag.
export function wholeNumber(v: unknown, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} ${JSON.stringify(v)}: expected a whole number above 0`);
  return n;
}
