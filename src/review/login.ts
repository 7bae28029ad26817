// The sign-in page of the review page when API keys are configured: a browser cannot send a Bearer header
// when it navigates, so the key is given once here and kept in an HttpOnly cookie (src/api/auth.ts).
import { html } from './html.js';
import { layout, LOGIN_PATH, REVIEW_PATH } from './layout.js';

/** Where to go after signing in: a path of the review page only, never another site (`//evil`, `/\evil`). */
export function safeNext(next: string | null | undefined): string {
  return next && /^\/review(?:[/?#]|$)/.test(next) && !/[\\\s]/.test(next) ? next : REVIEW_PATH;
}

export interface LoginPageData {
  /** Why the last attempt failed. */
  error?: string | null;
  /** The review page to go back to afterwards. */
  next?: string | null;
}

export function renderLoginPage(data: LoginPageData = {}): string {
  const body = html`<main class="login">
<h1>Sign in to review</h1>
<p>Give your newsdesk API key (analysts review; readers may only look). It is kept in a cookie this browser
sends only to this server, and scripts cannot read it.</p>
${data.error ? html`<p class="error" role="alert">${data.error}</p>` : ''}
<form method="post" action="${LOGIN_PATH}">
<input type="hidden" name="next" value="${safeNext(data.next)}">
<label>API key <input type="password" name="key" id="key" autocomplete="current-password" required autofocus></label>
<button type="submit">Sign in</button>
</form>
</main>`;
  return layout('Sign in', body, html``, false).value;
}
