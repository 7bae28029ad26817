// Runs in a worker thread of the extraction pool (extractor.ts): one document in, one record out. A
// document that overruns its time limit has its thread stopped, which only a separate thread allows.
import { type ExtractInput, extract } from '../extract/index.js';
import { warmUp } from '../extract/warm-up.js';

export type WorkerTask = ExtractInput | { ping: true };

// Load the lexicons and models before the thread takes its first document, so that document's time limit
// measures its own work, not the thread's start (the pool marks a thread ready once this module is loaded).
warmUp();

export default function extractInWorker(task: WorkerTask) {
  return 'ping' in task ? null : extract(task);
}
