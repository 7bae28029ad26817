// The review page over real HTTP on PGlite and PostgreSQL: its filters (site, publication date, speaker,
// stance, status) narrow the queue as GET /claims does, its counts say what is left, its pages cover the
// queue once; every page is sent with a policy that forbids inline script; an article's <script> arrives as
// text. With keys: the sign-in cookie (a wrong key refused, a reader who may not review, a cross-site form
// and a cookie-signed POST without the CSRF header refused).
import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from '../../src/api/keys.js';
import type { ApiServer } from '../../src/api/server.js';
import type { ClaimItem } from '../../src/store/index.js';
import { backends } from '../helpers/services.js';
import { call, ingestFixture, startApi } from './harness.js';

// the Felixstowe dock strike (2021-09-27, 4 claims), Lisbon's tram line (2024-03-14, The Harbour Courier, 5),
// the Kestrel wind farm (2024-01-11, Energy Ledger, 5), the council form that ran visitors' <script>
// (2023-06-07, Fjord & Valley Post, 3)
const DOCK = 'date-from-url';
const TRAM = 'quote-speaker-after';
const WIND = 'two-sentence-attribution';
const SCRIPT = 'script-in-text';
const ALL = 17;

/** The claims a review page lists, in order, with what it shows of each. */
function shown(body: string) {
  const $ = load(body);
  return {
    $,
    ids: $('li.claim').map((_, li) => $(li).attr('data-claim-id')).get() as string[],
    count: (name: string) => Number($(`[data-count="${name}"]`).text()),
    next: $('#next-page').attr('href') ?? null,
  };
}

for (const backend of backends) {
  describe(`the review page on ${backend.name}`, () => {
    let db: Awaited<ReturnType<typeof backend.open>>;
    let api: ApiServer;
    const ids: Record<string, string> = {};
    let claims: ClaimItem[] = [];
    const of = (name: string) => claims.filter((c) => c.articleId === ids[name]).map((c) => c.id).sort();
    const page = async (query: string | undefined = '') => {
      const r = await call(api, query.startsWith('/review') ? query : `/review${query}`);
      expect(r.status, query).toBe(200);
      return shown(r.text);
    };

    beforeAll(async () => {
      db = await backend.open();
      for (const name of [DOCK, TRAM, WIND, SCRIPT]) ids[name] = await ingestFixture(db.store, name);
      claims = (await db.store.listClaims({}, { limit: 1000 })).items;
      api = await startApi({ store: db.store });
    });
    afterAll(async () => {
      await api?.close();
      await db?.cleanup();
    });

    it('without keys the page just works: pending claims in id order, counts, a policy forbidding inline script', async () => {
      const r = await call(api, '/review');
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain('text/html');
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      const p = shown(r.text);
      expect(claims).toHaveLength(ALL);
      expect(p.ids).toEqual(claims.map((c) => c.id));
      expect([p.count('pending-here'), p.count('pending-all')]).toEqual([ALL, ALL]);
      // its script and stylesheet are the server's own files
      const js = await call(api, '/review/assets/review.js');
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toContain('javascript');
      expect(js.text).toContain('/review');
      expect((await call(api, '/review/assets/review.css')).headers.get('content-type')).toContain('text/css');
    });

    it('an article’s <script> arrives as text, never as markup', async () => {
      const r = await call(api, '/review?site=Fjord%20%26%20Valley%20Post');
      const p = shown(r.text);
      expect(p.ids).toEqual(of(SCRIPT));
      expect(r.text).not.toContain('<script>window.__pwned');
      expect(r.text).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
      expect(p.$('script').length).toBe(1);
      expect(p.$('mark.m-content').text()).toContain('Anyone could type <script>window.__pwned = 1</script> into the complaint box');
      expect(p.$('.article .title').first().text()).toBe('Audit finds council complaints form ran visitors’ <script> code');
    });

    it('filters narrow the queue: site, publication date, speaker, stance; counts follow them', async () => {
      const tram = await page('?site=The%20Harbour%20Courier');
      expect(tram.ids).toEqual(of(TRAM));
      expect([tram.count('pending-here'), tram.count('pending-all')]).toEqual([5, ALL]);
      expect((await page('?since=2024-01-01')).ids.sort()).toEqual([...of(TRAM), ...of(WIND)].sort());
      expect((await page('?until=2021-12-31')).ids).toEqual(of(DOCK));
      // a date alone as `until` takes in that whole day (the audit story is from 07:15 that morning, +02:00)
      expect((await page('?since=2023-06-07&until=2023-06-07')).ids).toEqual(of(SCRIPT));
      const ana = await page('?speaker=person%3Aana-ribeiro');
      expect(ana.ids).toHaveLength(2);
      expect(ana.$('mark.m-speaker').map((_, m) => ana.$(m).text()).get().sort()).toEqual(['Ana Ribeiro', 'Ribeiro']);
      // the logistics firms' warning, whose target the extractor took to be a person called Christmas
      const christmas = await page('?target=person%3Achristmas');
      expect(christmas.$('mark.m-content').text()).toContain('shortages before Christmas');
      expect(christmas.ids).toHaveLength(1);
      const opposed = await page('?speaker=person%3Aana-ribeiro&stance=oppose');
      expect(opposed.$('mark.m-content').text()).toBe('“It is an expensive mistake, and the neighbourhoods along the river will pay for it,”');
      expect(opposed.count('pending-here')).toBe(1);
      const none = await page('?site=The%20Harbour%20Courier&until=2021-12-31');
      expect(none.ids).toEqual([]);
      expect(none.$('#empty').text()).toContain('Nothing left to review');
      // the JSON API takes the same filters
      const json = await call<{ items: ClaimItem[] }>(api, '/claims?site=The%20Harbour%20Courier&stance=oppose&since=2024-03-14');
      expect(json.body.items.map((c) => c.speaker?.name)).toEqual(['Ana Ribeiro']);
      expect((await call(api, '/claims?until=yesterday')).status).toBe(400);
    });

    it('a claim’s site and speaker link to the queue filtered by them', async () => {
      const p = await page('?stance=oppose');
      const wind = p.$('li.claim').filter((_, li) => p.$(li).find('.article .site').text() === 'Energy Ledger').first();
      const site = await page(wind.find('.article .site').attr('href'));
      expect(site.ids).toEqual(of(WIND).filter((id) => claims.find((c) => c.id === id)?.stance === 'oppose'));
      const haskins = p.$('li.claim').filter((_, li) => p.$(li).find('[data-field="speaker"] code').text() === 'person:dale-haskins');
      const speaker = await page(haskins.find('[data-field="speaker"] a').attr('href'));
      expect(speaker.$('[data-field="speaker"] code').map((_, c) => speaker.$(c).text()).get()).toEqual(['person:dale-haskins']);
    });

    it('a page costs one query for its claims, one for their articles and the counts, however many it shows', async () => {
      const driver = db.store.db;
      const query = driver.query;
      const seen: string[] = [];
      driver.query = ((sql: string, params?: unknown[]) => {
        seen.push(sql);
        return query.call(driver, sql, params);
      }) as typeof driver.query;
      try {
        await page();
        expect(seen.length).toBeLessThanOrEqual(3);
        seen.length = 0;
        await page('?site=The%20Harbour%20Courier&status=any');
        expect(seen.length).toBeLessThanOrEqual(5);
      } finally {
        driver.query = query;
      }
    });

    it('pages of 4 cover the queue once, the filters kept in the next link', async () => {
      const seen: string[] = [];
      let next: string | null = '/review?limit=4&since=2021-01-01';
      for (let n = 0; next && n < 10; n++) {
        const r = await call(api, next);
        const p = shown(r.text);
        expect(p.ids.length).toBeLessThanOrEqual(4);
        seen.push(...p.ids);
        next = p.next;
        if (next) expect(Object.fromEntries(new URL(`http://x${next}`).searchParams)).toMatchObject({ limit: '4', since: '2021-01-01' });
      }
      expect(seen).toEqual(claims.map((c) => c.id));
    });

    it('a bad filter or page link says so and shows the first page', async () => {
      const bad = await call(api, '/review?since=last-tuesday&stance=furious');
      expect(bad.status).toBe(400);
      const $ = load(bad.text);
      expect($('.error').text()).toMatch(/since.*stance|stance.*since/);
      expect($('li.claim').length).toBe(ALL);
      const cursor = await call(api, '/review?after=bm90LWEtY3Vyc29y');
      expect(cursor.status).toBe(400);
      expect(load(cursor.text)('.error').text()).toContain('not one of this list');
    });

    it('a reviewed claim leaves the pending queue and the counts; status filters find it', async () => {
      const [first] = of(WIND);
      const r = await call(api, `/claims/${first}/review`, { method: 'POST', json: { action: 'reject', reviewer: 'rita' } });
      expect(r.status).toBe(200);
      const wind = await page('?site=Energy%20Ledger');
      expect(wind.ids).toEqual(of(WIND).filter((id) => id !== first));
      expect([wind.count('pending-here'), wind.count('pending-all')]).toEqual([4, ALL - 1]);
      const rejected = await page('?status=rejected');
      expect(rejected.ids).toEqual([first]);
      expect(rejected.count('matching')).toBe(1);
      expect(rejected.$('[data-field="status"]').text()).toBe('rejected');
      expect((await page('?status=any')).ids).toHaveLength(ALL);
    });

    it('the review page stays out of the OpenAPI document, which still builds', async () => {
      const doc = await call<{ paths: Record<string, { get?: { parameters?: { name: string }[] } }> }>(api, '/openapi.json');
      expect(doc.status).toBe(200);
      expect(Object.keys(doc.body.paths).filter((p) => p.startsWith('/review'))).toEqual([]);
      expect(doc.body.paths['/claims']?.get?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['site', 'since', 'until']));
    });

    describe('with keys', () => {
      const READER = 'reader-key-review-1';
      const ANALYST = 'analyst-key-review-2';
      let locked: ApiServer;
      beforeAll(async () => {
        locked = await startApi({
          store: db.store,
          keys: [
            { role: 'reader', sha256: hashKey(READER) },
            { role: 'analyst', sha256: hashKey(ANALYST) },
          ],
        });
      });
      afterAll(async () => {
        await locked?.close();
      });

      const signIn = (key: string, headers: Record<string, string> = {}) =>
        fetch(`${locked.url}/review/login`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ key, next: '/review?site=Energy%20Ledger' }), headers });
      /** The cookie a sign-in set, as a browser would send it back. */
      const cookieOf = (res: Response) => (res.headers.getSetCookie()[0] ?? '').split(';')[0] as string;

      it('the page sends a browser without a key to sign in; its script and the sign-in form need none', async () => {
        const r = await fetch(`${locked.url}/review?stance=oppose`, { redirect: 'manual' });
        expect(r.status).toBe(303);
        expect(r.headers.get('location')).toBe(`/review/login?next=${encodeURIComponent('/review?stance=oppose')}`);
        const form = await call(locked, '/review/login?next=%2Freview%3Fstance%3Doppose');
        expect(form.status).toBe(200);
        expect(form.headers.get('content-security-policy')).toContain("script-src 'self'");
        expect(load(form.text)('input[name="next"]').val()).toBe('/review?stance=oppose');
        expect((await call(locked, '/review/assets/review.js')).status).toBe(200);
        // the API itself still answers 401 in JSON
        expect((await call(locked, '/claims')).status).toBe(401);
      });

      it('a wrong key is refused and sets no cookie; a right one sets an HttpOnly SameSite=Strict cookie and goes back', async () => {
        const wrong = await signIn('guessed-key');
        expect(wrong.status).toBe(401);
        expect(wrong.headers.getSetCookie()).toEqual([]);
        expect(load(await wrong.text())('.error').text()).toBe('Unknown API key.');
        const right = await signIn(ANALYST);
        expect(right.status).toBe(303);
        expect(right.headers.get('location')).toBe('/review?site=Energy%20Ledger');
        const cookie = right.headers.getSetCookie()[0] ?? '';
        expect(cookie).toMatch(/HttpOnly/i);
        expect(cookie).toMatch(/SameSite=Strict/i);
        expect(cookie).toMatch(/Path=\//i);
        expect(cookie).not.toMatch(/Secure/i);
        // behind a proxy that says the browser came over https, the cookie is Secure
        expect((await signIn(ANALYST, { 'x-forwarded-proto': 'https' })).headers.getSetCookie()[0]).toMatch(/;\s*Secure/i);
        const p = await call(locked, '/review?site=Energy%20Ledger', { headers: { cookie: cookieOf(right) } });
        expect(p.status).toBe(200);
        expect(load(p.text)('button[data-action="accept"]').length).toBeGreaterThan(0);
        // the key appears nowhere in the page
        expect(p.text).not.toContain(ANALYST);
      });

      it('a cookie-signed review needs the CSRF header; with it an analyst reviews', async () => {
        const cookie = cookieOf(await signIn(ANALYST));
        const [id] = of(TRAM);
        const review = { action: 'accept', reviewer: 'sam' };
        const forged = await call(locked, `/claims/${id}/review`, { method: 'POST', json: review, headers: { cookie } });
        expect(forged.status).toBe(403);
        expect(forged.body).toMatchObject({ message: expect.stringContaining('x-newsdesk-csrf') });
        // a form of another site cannot send JSON with a custom header; its plain POST is refused the same way
        const form = await call(locked, `/claims/${id}/review`, { method: 'POST', body: 'action=accept&reviewer=x', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } });
        expect(form.status).toBe(403);
        expect((await db.store.claimReviews(id as string)).length).toBe(0);
        const ok = await call<{ claim: ClaimItem }>(locked, `/claims/${id}/review`, { method: 'POST', json: review, headers: { cookie, 'x-newsdesk-csrf': '1' } });
        expect(ok.status).toBe(200);
        expect(ok.body.claim.status).toBe('accepted');
        expect((await db.store.claimReviews(id as string)).map((e) => e.reviewer)).toEqual(['sam']);
      });

      it('a reader signs in to look but may not review (403); a form posted from another site cannot sign in', async () => {
        const cookie = cookieOf(await signIn(READER));
        const p = await call(locked, '/review', { headers: { cookie } });
        expect(p.status).toBe(200);
        expect(load(p.text)('button[data-action]').length).toBe(0);
        const [id] = of(DOCK);
        const r = await call(locked, `/claims/${id}/review`, { method: 'POST', json: { action: 'reject', reviewer: 'x' }, headers: { cookie, 'x-newsdesk-csrf': '1' } });
        expect(r.status).toBe(403);
        expect(r.body).toMatchObject({ message: expect.stringContaining('needs the analyst role') });
        const cross = await signIn(ANALYST, { origin: 'http://evil.example' });
        expect(cross.status).toBe(403);
        expect(cross.headers.getSetCookie()).toEqual([]);
      });

      it('signing out clears the cookie; an unknown cookie is sent to sign in again', async () => {
        const out = await fetch(`${locked.url}/review/logout`, { method: 'POST', redirect: 'manual' });
        expect(out.status).toBe(303);
        expect(out.headers.getSetCookie()[0]).toMatch(/newsdesk_key=;.*Max-Age=0/i);
        const stale = await fetch(`${locked.url}/review`, { redirect: 'manual', headers: { cookie: 'newsdesk_key=revoked-key' } });
        expect(stale.status).toBe(303);
        expect((await call(locked, '/claims', { headers: { cookie: 'newsdesk_key=revoked-key' } })).status).toBe(401);
      });
    });
  });
}
