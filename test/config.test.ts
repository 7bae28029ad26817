// Settings: flags over environment over defaults; a bad value names the flag or variable and what it
// expects; the README's table lists every setting there is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, flagName, loadConfig, SETTINGS, type SettingKey } from '../src/config.js';
import { ROOT } from '../src/eval/gold-sets.js';

describe('configuration', () => {
  it('flags win over the environment, which wins over the defaults', () => {
    expect(loadConfig({}, {}).concurrency).toBe(4);
    expect(loadConfig({}, { NEWSDESK_CONCURRENCY: '8' }).concurrency).toBe(8);
    expect(loadConfig({ concurrency: '2' }, { NEWSDESK_CONCURRENCY: '8' }).concurrency).toBe(2);
    expect(loadConfig({}, { NEWSDESK_ALLOW_PRIVATE_HOSTS: '1', NEWSDESK_RESPECT_ROBOTS: 'no' })).toMatchObject({ allowPrivateHosts: true, respectRobots: false });
  });

  it('a bad value is refused with its source named, every bad one at once', () => {
    expect(() => loadConfig({ concurrency: 'lots' }, {})).toThrow(new ConfigError('--concurrency "lots": expected a number'));
    expect(() => loadConfig({}, { NEWSDESK_EXTRACT_TIMEOUT_MS: '0' })).toThrow(new ConfigError('NEWSDESK_EXTRACT_TIMEOUT_MS "0": expected milliseconds above 0'));
    expect(() => loadConfig({ timeoutMs: '1.5', maxBytes: '-1' }, {})).toThrow(/--max-bytes "-1": .*; --timeout "1.5": expected a whole number of milliseconds|--timeout "1.5".*; --max-bytes "-1"/);
    expect(() => loadConfig({}, { NEWSDESK_ALLOW_PRIVATE_HOSTS: 'perhaps' })).toThrow('NEWSDESK_ALLOW_PRIVATE_HOSTS "perhaps": expected 1, true, yes, 0, false or no');
  });

  it('the README lists every setting with its flag and variable', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Security'));
    for (const key of Object.keys(SETTINGS) as SettingKey[]) {
      expect(table).toContain(`\`${flagName(key)}\``);
      expect(table).toContain(`\`${SETTINGS[key].env}`);
    }
  });
});
