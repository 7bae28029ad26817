export { decodeBody, looksBinary } from './decode.js';
export { fail, type FailureResult, type FetchReason } from './failure.js';
export { createFetcher, type FetchedPage, type Fetcher, type FetcherOptions, type FetchResult } from './fetcher.js';
export { checkUrl, isInternalAddress } from './guard.js';
export { type ExtractResult, type Extractor, inProcessExtractor, type PoolOptions, poolExtractor } from './extractor.js';
export { type ExpandOptions, expandInputs, type IngestItem } from './inputs.js';
export { type Clock, HostGate, systemClock } from './politeness.js';
export { extractStep, type FetchStepResult, fetchStep, keepPage, type Page, type ProcessDeps, processUrl, type ProcessResult, recordInputFailure, storePage } from './process.js';
export { processItem, type RunSummary, runInline } from './runner.js';
