// The review page's stylesheet and icon, served under /review/assets/ (strings for the reason script.ts gives).

export const REVIEW_ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1f5fd6"/><path d="M4 8.5l2.5 2.5L12 5" stroke="#fff" stroke-width="2" fill="none"/></svg>';

export const REVIEW_STYLE = `
:root { --ink: #1d2330; --muted: #5b6475; --line: #d8dce3; --focus: #1f5fd6; --bg: #fbfbfc; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.25rem 4rem; font: 16px/1.5 system-ui, sans-serif; color: var(--ink); background: var(--bg); }
h1 { font-size: 1.4rem; margin: 0; }
kbd { font: 0.8em ui-monospace, monospace; border: 1px solid var(--line); border-radius: 3px; padding: 0 0.3em; background: #fff; }
code { font: 0.85em ui-monospace, monospace; color: var(--muted); }
[hidden] { display: none !important; }
.top { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center; border-bottom: 1px solid var(--line); padding-bottom: 0.75rem; }
.counts { margin: 0; color: var(--muted); }
.counts strong { color: var(--ink); }
.reviewer input { width: 12rem; }
.logout { margin: 0; }
.filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; padding: 0.75rem 0; border-bottom: 1px solid var(--line); font-size: 0.9rem; }
.filters label { display: flex; flex-direction: column; }
.filters input { width: 11rem; }
.error { color: #a4161a; font-weight: 600; }
.notice { color: var(--muted); }
.live { min-height: 1.5em; color: var(--muted); font-size: 0.9rem; }
.queue { list-style: none; margin: 0; padding: 0; }
.claim { border: 1px solid var(--line); border-radius: 6px; background: #fff; padding: 0.75rem 1rem; margin: 0 0 0.75rem; outline: none; }
.claim.current { border-color: var(--focus); box-shadow: 0 0 0 2px var(--focus); }
.claim.busy { opacity: 0.6; }
.article { margin: 0 0 0.5rem; font-size: 0.9rem; color: var(--muted); }
.article .title { color: var(--ink); font-weight: 600; }
.passage { margin: 0 0 0.5rem; padding: 0.5rem 0.75rem; border-left: 3px solid var(--line); white-space: pre-wrap; }
.passage mark { background: none; color: inherit; }
mark.m-content { background: #fff2b3; }
mark.m-speaker { background: #d6e6ff; text-decoration: underline 2px #1f5fd6; }
mark.m-cue { font-weight: 700; text-decoration: underline 2px #c2410c; }
.note { font-size: 0.85rem; color: var(--muted); margin: 0 0 0.5rem; }
.facts { display: flex; flex-wrap: wrap; gap: 0.25rem 1.5rem; margin: 0 0 0.5rem; font-size: 0.9rem; }
.facts div { display: flex; gap: 0.4rem; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.stance-support { color: #166534; font-weight: 600; }
.stance-oppose { color: #a4161a; font-weight: 600; }
.flag { color: #a4161a; }
.unresolved { font-style: italic; }
.hint, .none { color: var(--muted); }
.actions button, .correction button { margin-right: 0.25rem; }
.correction { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; padding: 0.5rem; margin: 0.5rem 0; background: #f3f6fb; border-radius: 4px; }
.correction select { max-width: 20rem; }
.message { margin: 0.25rem 0 0; color: #a4161a; font-size: 0.9rem; }
.message:empty { display: none; }
.empty { padding: 2rem 0; color: var(--muted); }
.pages { display: flex; gap: 1rem; }
.help { position: fixed; right: 1rem; bottom: 1rem; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem 1rem; box-shadow: 0 4px 16px rgba(0, 0, 0, 0.15); }
.help h2 { margin: 0 0 0.5rem; font-size: 1rem; }
.help dl { margin: 0; }
.help div { display: flex; gap: 0.75rem; }
.help dt { min-width: 4rem; }
.help dd { margin: 0; }
.login { max-width: 28rem; margin: 4rem auto; }
.login label { display: block; margin: 1rem 0; }
`;
