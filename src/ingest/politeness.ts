// One request at a time per host, with a minimum delay between the end of one and the start of the next.
// HostGate keeps this within one process; src/queue/host-gate.ts keeps it across processes in Redis.
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/** Runs requests to a host one at a time, rested; what the fetcher needs of a gate. */
export interface Gate {
  /** Runs fn when the host is free and rested; the host is released when fn settles, even when it throws. */
  run<T>(host: string, fn: () => Promise<T>): Promise<T>;
  /** Starts no request to the host for ms (a server's Retry-After); never brings its next turn forward. */
  pause?(host: string, ms: number): Promise<void>;
}

/** The in-process gate. No pause: in one process a Retry-After reaches the caller as the failure's retryAfterSec. */
export class HostGate implements Gate {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly last = new Map<string, number>();

  constructor(
    private readonly minDelayMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Runs fn when the host is free and rested; requests to other hosts go on meanwhile. */
  run<T>(host: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(host) ?? Promise.resolve();
    const result = prev.then(async () => {
      const wait = (this.last.get(host) ?? Number.NEGATIVE_INFINITY) + this.minDelayMs - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      try {
        return await fn();
      } finally {
        this.last.set(host, this.clock.now());
      }
    });
    const tail = result.then(
      () => {},
      () => {},
    );
    this.tails.set(host, tail);
    void tail.then(() => {
      if (this.tails.get(host) === tail) this.tails.delete(host);
    });
    return result;
  }
}
