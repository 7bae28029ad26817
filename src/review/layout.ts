// The frame of every review page (head, stylesheet, script) and the security headers they are sent with.
import { type Html, html } from './html.js';

export const REVIEW_PATH = '/review';
export const LOGIN_PATH = '/review/login';
export const LOGOUT_PATH = '/review/logout';
/** The page's script and stylesheet: open to all with keys configured too (auth.ts), they hold no data. */
export const ASSETS_PREFIX = '/review/assets/';
export const SCRIPT_PATH = `${ASSETS_PREFIX}review.js`;
export const STYLE_PATH = `${ASSETS_PREFIX}review.css`;
/** Named by every page, so browsers do not ask for /favicon.ico (a 401 with keys, a 404 without). */
export const ICON_PATH = `${ASSETS_PREFIX}icon.svg`;

/** No inline script or style, nothing from elsewhere: even markup that slipped through escaping cannot run. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers of every review page: the policy above, no sniffing, no framing, no caching (pages hold data),
 * no referrer to other sites (the page's filters stay here; 'no-referrer' would also make the browser send
 * `Origin: null` with the sign-in form, which the sign-in refuses as cross-site). */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** A whole page: `script` false leaves the review script out (the sign-in page has nothing for it to do). */
export function layout(title: string, body: Html, bodyAttrs: Html = html``, script = true): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · newsdesk</title>
<link rel="icon" href="${ICON_PATH}" type="image/svg+xml">
<link rel="stylesheet" href="${STYLE_PATH}">
${script ? html`<script src="${SCRIPT_PATH}" defer></script>
` : ''}</head>
<body${bodyAttrs}>
${body}
</body>
</html>
`;
}
