// placeholder: filled in by the work on issue 13
import type { ApiApp, ApiDeps } from '../deps.js';

export function reviewRoutes(_app: ApiApp, _deps: ApiDeps): void {}
