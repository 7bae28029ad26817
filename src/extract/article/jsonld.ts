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

/** The first string of a value: itself, an array's first item, an object's name or @value (in a loop: a
 * page may nest them thousands deep). */
export function ldString(value: unknown): string | undefined {
  let v = value;
  for (;;) {
    if (typeof v === 'string') return v.trim() || undefined;
    if (Array.isArray(v)) v = v[0];
    else if (v && typeof v === 'object') v = (v as LdObject).name ?? (v as LdObject)['@value'];
    else return undefined;
  }
}

/** Author names from `author` / `creator`: strings, Person objects, or arrays of either, nested at will. */
export function ldNames(value: unknown): string[] {
  const out: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (!v) continue;
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    else if (typeof v === 'string') out.push(v);
    else if (typeof v === 'object') {
      const name = (v as LdObject).name;
      if (typeof name === 'string') out.push(name);
      else if (Array.isArray(name)) out.push(...name.filter((n): n is string => typeof n === 'string'));
    }
  }
  return out;
}
