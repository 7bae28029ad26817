// Readies extraction before the first document: every model read and packed, and the lexicons, chrono and
// the stages' regular expressions compiled by one varied text (they compile on first use). Seconds of CPU
// on a small machine, spent before any fetch or time limit starts, not inside the first document's.
import { extract } from './index.js';
import { preloadModels } from './models.js';

let done = false;

export function warmUp(): void {
  if (done) return;
  preloadModels();
  extract({
    text: 'Lisbon, March 3, 2024. "It reopens on Monday at 9 a.m.," the mayor said. Nothing here is final.\n\nThe council argued that the city had waited since last year, while Acme Corp. opposed the plan.',
  });
  done = true;
}
