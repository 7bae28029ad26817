// The review page in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core; never a
// downloaded browser), against the API served on 127.0.0.1:0 with keys and a PGlite store holding fixture
// articles: an analyst signs in, reviews three claims with the keyboard alone (accept, reject, correct a
// stance), and the store and the audit log hold what was done, in order, under the name typed once. An
// article quoting a <script> shows it as text, and it never runs.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from '../../src/api/keys.js';
import type { ApiServer } from '../../src/api/server.js';
import { pgliteBackend } from '../helpers/services.js';
import { ingestFixture, startApi } from '../api/harness.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const missing = existsSync(CHROMIUM) ? null : `${CHROMIUM} not found: the browser test is skipped (apt-get install chromium to run it)`;
if (missing) console.warn(missing);

const ANALYST = 'analyst-key-browser-7';
const REVIEWER = 'Rita Analyst';
const STANCE_KEY: Record<string, string> = { support: 's', oppose: 'o', neutral: 'n' };

describe.skipIf(missing !== null)('the review page in a browser', () => {
  let db: Awaited<ReturnType<typeof pgliteBackend.open>>;
  let api: ApiServer;
  let profile: string;
  let browser: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  /** The claims the page lists, in order. */
  const listed = (): Promise<string[]> => page.$$eval('li.claim', (lis) => lis.map((li) => li.getAttribute('data-claim-id') ?? ''));
  const focused = (): Promise<string | null> => page.evaluate(() => document.activeElement?.getAttribute('data-claim-id') ?? document.activeElement?.id ?? null);
  const gone = (id: string) => page.waitForFunction((i) => ![...document.querySelectorAll('li.claim')].some((li) => li.getAttribute('data-claim-id') === i), id);

  beforeAll(async () => {
    db = await pgliteBackend.open();
    for (const name of ['script-in-text', 'quote-speaker-after']) await ingestFixture(db.store, name);
    api = await startApi({ store: db.store, keys: [{ role: 'analyst', sha256: hashKey(ANALYST) }] });
    profile = mkdtempSync(join(tmpdir(), 'newsdesk-chromium-'));
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await db?.cleanup();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('signs in with the key typed into the sign-in page', async () => {
    await page.goto(`${api.url}/review`);
    expect(new URL(page.url()).pathname).toBe('/review/login');
    expect(await focused()).toBe('key');
    await page.keyboard.type(ANALYST);
    await Promise.all([page.waitForURL(`${api.url}/review`), page.keyboard.press('Enter')]);
    expect(await listed()).toHaveLength(8);
    // the key went into an HttpOnly cookie: the page's script cannot read it
    expect(await page.evaluate(() => document.cookie)).toBe('');
  });

  it('shows the quoted <script> as text; it never runs', async () => {
    const passages = await page.$$eval('.passage', (ps) => ps.map((p) => p.textContent ?? ''));
    expect(passages.some((p) => p.includes('Anyone could type <script>window.__pwned = 1</script> into the complaint box'))).toBe(true);
    const titles = await page.$$eval('.article .title', (ts) => ts.map((t) => t.textContent));
    expect(titles).toContain('Audit finds council complaints form ran visitors’ <script> code');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.$$eval('script', (ss) => ss.map((s) => s.getAttribute('src')))).toEqual(['/review/assets/review.js']);
    // and were markup to slip through, the page's policy would still refuse to run it
    const refusal = page.waitForEvent('console', { predicate: (m) => m.text().includes('Content Security Policy'), timeout: 10_000 });
    const inline = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.body.append(s);
      return (window as unknown as { __inline?: unknown }).__inline;
    });
    expect(inline).toBeUndefined();
    await refusal;
    const refused = problems.findIndex((p) => p.includes('Content Security Policy'));
    expect(refused).toBeGreaterThanOrEqual(0);
    problems.splice(refused, 1);
  });

  it('reviews three claims with the keyboard alone: accept, reject, correct', async () => {
    const order = await listed();
    const [first, second, third] = order as [string, string, string];
    expect(await focused()).toBe(first);
    await page.keyboard.press('j');
    expect(await focused()).toBe(second);
    await page.keyboard.press('k');
    expect(await focused()).toBe(first);
    await page.keyboard.press('?');
    expect(await page.isVisible('#help')).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.isVisible('#help')).toBe(false);

    // the first review asks for the reviewer's name once, then goes on with the accept asked for
    await page.keyboard.press('a');
    expect(await focused()).toBe('reviewer');
    await page.keyboard.type(REVIEWER);
    await page.keyboard.press('Enter');
    await gone(first);
    expect(await focused()).toBe(second);
    expect(await page.textContent('[data-count="pending-here"]')).toBe('7');

    await page.keyboard.press('r');
    await gone(second);
    expect(await focused()).toBe(third);

    const stance = (await page.getAttribute(`li.claim[data-claim-id="${third}"]`, 'data-stance')) as string;
    const wanted = stance === 'oppose' ? 'support' : 'oppose';
    await page.keyboard.press('c');
    expect(await page.evaluate(() => (document.activeElement as HTMLSelectElement | null)?.name)).toBe('stance');
    // Esc cancels, c opens it again
    await page.keyboard.press('Escape');
    expect(await page.$('form.correction')).toBeNull();
    expect(await focused()).toBe(third);
    await page.keyboard.press('c');
    await page.keyboard.press(STANCE_KEY[wanted] as string);
    await page.keyboard.press('Enter');
    await gone(third);
    expect(await focused()).toBe(order[3]);
    expect(await page.textContent('[data-count="pending-here"]')).toBe('5');
    expect(await page.textContent('[data-count="pending-all"]')).toBe('5');

    // the store holds the reviews
    const [a, r, c] = await Promise.all([first, second, third].map((id) => db.store.getClaim(id)));
    expect(a?.status).toBe('accepted');
    expect(r?.status).toBe('rejected');
    expect(c).toMatchObject({ status: 'corrected', stance: wanted, correction: { stance: wanted } });
    expect(c?.extracted?.stance).toBe(stance);
    // and the audit log: three events under the name typed once, in the order they were made
    const events = (await Promise.all([first, second, third].map((id) => db.store.claimReviews(id)))).flat();
    expect(events.map((e) => [e.claimId, e.action, e.reviewer])).toEqual([
      [first, 'accept', REVIEWER],
      [second, 'reject', REVIEWER],
      [third, 'correct', REVIEWER],
    ]);
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((x, y) => x - y));
    expect(events[2]?.correction).toEqual({ stance: wanted });
  });

  it('keeps the reviewer’s name for the next visit, and the reviewed claims stay out of the queue', async () => {
    await page.reload();
    expect(await page.inputValue('#reviewer')).toBe(REVIEWER);
    expect(await listed()).toHaveLength(5);
    expect(problems).toEqual([]);
  });
});
