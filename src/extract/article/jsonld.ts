// JSON-LD objects of a page, flattened (arrays, @graph), with the article-like one picked out.
import type { CheerioAPI } from 'cheerio';

export type LdObject = Record<string, unknown>;

const ARTICLE_TYPES = /^(NewsArticle|Article|ReportageNews|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|BlogPosting|LiveBlogPosting|Report|ScholarlyArticle|TechArticle|SocialMediaPosting)$/;

/** Objects of a JSON-LD value in document order (arrays and @graph opened), by an explicit stack: a page
 * may nest arrays thousands deep. */
function flatten(value: unknown, out: LdObject[]): void {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    else if (v && typeof v === 'object') {
      const obj = v as LdObject;
      out.push(obj);
      if (obj['@graph']) stack.push(obj['@graph']);
    }
  }
}

export function jsonLdObjects($: CheerioAPI): LdObject[] {
  const out: LdObject[] = [];
  $('script[type="application/ld+json"]').each((_, el) => {
    const raw = $(el).text().trim();
    if (!raw) return;
    try {
      flatten(JSON.parse(raw), out);
    } catch {
      // sites ship broken JSON-LD (trailing commas, raw newlines); the other sources still apply
      try {
        flatten(JSON.parse(raw.replace(/[\n\r\t]/g, ' ').replace(/,\s*([}\]])/g, '$1')), out);
      } catch {
        /* unreadable: ignored */
      }
    }
  });
  return out;
}

const types = (o: LdObject): string[] => {
  const t = o['@type'];
  return Array.isArray(t) ? t.map(String) : t ? [String(t)] : [];
};

export function articleObject(objects: LdObject[]): LdObject | undefined {
  return objects.find((o) => types(o).some((t) => ARTICLE_TYPES.test(t)));
}

export function ldString(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (Array.isArray(v)) return ldString(v[0]);
  if (v && typeof v === 'object') return ldString((v as LdObject).name ?? (v as LdObject)['@value']);
  return undefined;
}

/** Author names from `author` / `creator`: strings, Person objects, or arrays of either. */
export function ldNames(v: unknown): string[] {
  if (!v) return [];
  if (Array.isArray(v)) return v.flatMap(ldNames);
  if (typeof v === 'string') return [v];
  if (typeof v === 'object') {
    const name = (v as LdObject).name;
    if (typeof name === 'string') return [name];
    if (Array.isArray(name)) return name.filter((n): n is string => typeof n === 'string');
  }
  return [];
}
