// One request at a time per host, with a minimum delay; other hosts go on meanwhile.
import { describe, expect, it } from 'vitest';
import { type Clock, HostGate } from '../../src/ingest/index.js';

/** A clock that only moves when someone sleeps: deterministic timings. */
function fakeClock(): Clock & { log: string[] } {
  let now = 0;
  const log: string[] = [];
  return {
    log,
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
}

describe('HostGate', () => {
  it('runs one task per host at a time and keeps the minimum delay between them', async () => {
    const clock = fakeClock();
    const gate = new HostGate(1000, clock);
    let running = 0;
    let maxRunning = 0;
    const starts: number[] = [];
    const task = async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      starts.push(clock.now());
      await new Promise((r) => setTimeout(r, 5));
      running--;
    };
    await Promise.all([gate.run('a.example', task), gate.run('a.example', task), gate.run('a.example', task)]);
    expect(maxRunning).toBe(1);
    expect(starts).toEqual([0, 1000, 2000]);
  });

  it('does not hold one host back for another', async () => {
    const clock = fakeClock();
    const gate = new HostGate(1000, clock);
    const order: string[] = [];
    await Promise.all([
      gate.run('a.example', async () => {
        order.push(`a@${clock.now()}`);
      }),
      gate.run('b.example', async () => {
        order.push(`b@${clock.now()}`);
      }),
    ]);
    expect(order.sort()).toEqual(['a@0', 'b@0']);
  });

  it('a failing task does not block the next one', async () => {
    const gate = new HostGate(0, fakeClock());
    await expect(gate.run('a.example', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run('a.example', async () => 'ok')).resolves.toBe('ok');
  });
});
