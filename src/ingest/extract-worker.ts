// Runs in a worker thread of the extraction pool (extractor.ts): one document in, one record out. A
// document that overruns its time limit has its thread stopped, which only a separate thread allows.
import { type ExtractInput, extract } from '../extract/index.js';
import { preloadModels } from '../extract/models.js';

export type WorkerTask = ExtractInput | { ping: true };

// Load the lexicons and models before the thread takes its first document, so that document's time limit
// measures its own work, not the thread's start (the pool marks a thread ready once this module is loaded).
preloadModels();
// (chrono and the regular expressions of the stages compile on first use: a varied text touches most)
extract({
  text: 'Lisbon, March 3, 2024. "It reopens on Monday at 9 a.m.," the mayor said. Nothing here is final.\n\nThe council argued that the city had waited since last year, while Acme Corp. opposed the plan.',
});

export default function extractInWorker(task: WorkerTask) {
  return 'ping' in task ? null : extract(task);
}
