// The one way the review pages make HTML: `html` templates escape every value put into them, so text from an
// article (a title, a quote holding "<script>") can only ever show as text. Markup is made by nesting `html`
// templates, never by joining strings.

/** Markup made by `html` (its values escaped): only these are put into a page unescaped. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for an element's content or a quoted attribute value. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] as string);

/** What a template takes: markup, text (escaped), numbers, nothing (null, undefined, false), or lists of these. */
export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[];

const render = (v: HtmlValue): string => {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
};

/** html`<p title="${title}">${text}</p>`: the template's own text as written, every value escaped. Attribute
 * values must be in double quotes. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** An address a link may point at: http(s) only (never javascript:, data: and the like), else null. */
export const safeHref = (url: string | null | undefined): string | null => (url && /^https?:\/\/[^\s]+$/i.test(url) ? url : null);
