// Binary search over arrays sorted by a number (offsets of mentions, quotes, sentences), so that a stage
// looks up "what lies at or after this offset" in log time instead of scanning from the start.

/** The first index whose key is >= value (items.length when none is). */
export function lowerBound<T>(items: readonly T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(items[mid] as T) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether a sorted array of offsets holds one in [from, to). */
export function anyIn(offsets: readonly number[], from: number, to: number): boolean {
  const i = lowerBound(offsets, from, (x) => x);
  return i < offsets.length && (offsets[i] as number) < to;
}

/** The first offset in [from, to) of a sorted array, or -1. */
export function firstIn(offsets: readonly number[], from: number, to: number): number {
  const i = lowerBound(offsets, from, (x) => x);
  return i < offsets.length && (offsets[i] as number) < to ? (offsets[i] as number) : -1;
}
