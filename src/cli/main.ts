// The newsdesk command line. Each command is a thin shell over a library function; errors name the
// input and the reason, and the exit code is non-zero when anything failed.
import { availableParallelism } from 'node:os';
import { Command, CommanderError } from 'commander';
import { ConfigError, flagName, loadConfig, SETTINGS, type SettingKey } from '../config.js';
import { articleRecordJsonSchema } from '../record.js';
import { EXTRACTOR } from '../version.js';
import { givenDateProblem } from './given-date.js';
import { UsageError } from './usage.js';

// each command's module is loaded when the command runs: the store's, the queue's and extraction's modules
// (compromise, the models) cost a second or more to load, and `extract --jsonl` extracts on worker threads
const ingestCommands = () => import('./ingest-command.js');
const queueCommands = () => import('./queue-commands.js');
const storeCommands = () => import('./store-commands.js');

const STORE: SettingKey[] = ['dataDir', 'databaseUrl', 'dbSchema'];
const QUEUE: SettingKey[] = ['redisUrl', 'queuePrefix'];
const FETCH: SettingKey[] = ['allowPrivateHosts', 'concurrency', 'minDelayMs', 'maxBytes', 'timeoutMs', 'extractTimeoutMs', 'respectRobots'];

// commander names an option's value after its flag: --min-delay → minDelay
const attribute = (key: SettingKey) => flagName(key).replace(/^--/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** Adds the flags of these settings, each with its help and environment variable. */
function withSettings(cmd: Command, keys: SettingKey[]): Command {
  for (const key of keys) cmd.option(SETTINGS[key].flag, `${SETTINGS[key].help} (env ${SETTINGS[key].env})`);
  return cmd;
}

/** The flags a command was given → the configuration (flags > environment > defaults). */
function configFrom(opts: Record<string, unknown>, keys: SettingKey[]) {
  const flags: Partial<Record<SettingKey, unknown>> = {};
  for (const key of keys) {
    const v = opts[attribute(key)];
    // --ignore-robots is the one flag that turns a setting off
    flags[key] = key === 'respectRobots' ? (v ? false : undefined) : v;
  }
  return loadConfig(flags);
}

const usage = (message: string) => new CommanderError(2, 'newsdesk.usage', message);

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command()
    .name('newsdesk')
    .description('News articles in, structured reviewable records out: entities, dates, who said what, for or against whom.')
    .version(EXTRACTOR.version)
    .exitOverride();

  program
    .command('extract')
    .description('extract records from HTML (.html/.htm) or plain-text files, or from JSON lines on stdin (--jsonl)')
    .argument('[files...]', 'files to extract')
    .option('--jsonl', 'read {"id","html"?,"text"?,"url"?,"publishedAt"?} lines from stdin, write one record per line')
    // a thread holds its own models and lexicons (about 400 MB): one per core, at most four unless asked
    .option('--threads <n>', 'with --jsonl: documents extracted at once, one worker thread each, each with a time limit (1: on the main thread, no limit)', `${Math.min(availableParallelism(), 4)}`)
    .option('--url <url>', 'the page address (for metadata and ids)')
    .option('--published <date>', 'publication date YYYY-MM-DD, the reference for relative dates')
    .action(async (files: string[], opts: { jsonl?: boolean; url?: string; published?: string; threads: string }) => {
      const problem = opts.published !== undefined ? givenDateProblem(opts.published) : null;
      if (problem) throw usage(`extract: --published ${problem}`);
      // loaded here, not at start: the other commands extract on worker threads and need none of it
      const { extractFile, extractJsonl } = await import('./extract-command.js');
      if (opts.jsonl) {
        const threads = Number(opts.threads);
        if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw usage(`extract: --threads expects a whole number from 1 to 256, not ${JSON.stringify(opts.threads)}`);
        const { failed } = await extractJsonl(process.stdin, process.stdout, { threads });
        if (failed) code = 1;
        return;
      }
      if (!files.length) throw usage('extract: give FILE... or --jsonl');
      const records = [];
      for (const file of files) {
        try {
          records.push(await extractFile(file, opts));
        } catch (err) {
          process.stderr.write(`newsdesk extract: ${file}: ${(err as Error).message}\n`);
          code = 1;
        }
      }
      if (records.length) process.stdout.write(`${JSON.stringify(records.length === 1 && files.length === 1 ? records[0] : records, null, 2)}\n`);
    });

  withSettings(
    program
      .command('ingest')
      .description('fetch, extract and store articles: URLs, HTML files, plain-text articles, or files listing URLs (the main job, no Redis needed)')
      .argument('<inputs...>', 'URL | FILE ...'),
    [...STORE, ...FETCH],
  ).action(async (inputs: string[], o: Record<string, unknown>) => {
    code = await (await ingestCommands()).ingestCommand(inputs, configFrom(o, [...STORE, ...FETCH]), process.stderr);
  });

  withSettings(program.command('show').description('print a stored record by id, URL (as given or after redirects) or the path of an ingested file').argument('<key>', 'id | URL | FILE'), STORE).action(
    async (key: string, o: Record<string, unknown>) => {
      code = await (await storeCommands()).showCommand(key, configFrom(o, STORE), process.stdout, process.stderr);
    },
  );

  withSettings(program.command('export').description('write every stored record (ndjson) or claim (csv) to stdout, or the reviewed claims as gold (--reviewed --out DIR)'), STORE)
    .option('--format <format>', 'ndjson | csv', 'ndjson')
    .option('--reviewed', 'the accepted and corrected claims as gold files for npm run eval -- --gold DIR, with their documents (needs --out)')
    .option('--out <dir>', 'the directory --reviewed writes to')
    .action(async (o: Record<string, unknown> & { format: string; reviewed?: boolean; out?: string }) => {
      if (!o.reviewed !== (o.out === undefined)) throw usage('export: --reviewed and --out DIR go together');
      if (o.reviewed && o.out !== undefined) {
        const { exportReviewedCommand } = await import('./export-reviewed.js');
        code = await exportReviewedCommand(o.out, configFrom(o, STORE), process.stderr);
        return;
      }
      code = await (await storeCommands()).exportCommand(o.format, configFrom(o, STORE), process.stdout, process.stderr);
    });

  withSettings(program.command('failures').description('list what failed, the most recent first: one row per input and stage, with its attempts'), STORE)
    .option('--all', 'resolved failures too (a later run succeeded)')
    .option('--reason <reason>', 'only this reason (e.g. timeout, robots-disallowed)')
    .option('--stage <stage>', 'only this stage: input, fetch, extract or store')
    .option('--limit <n>', 'at most this many rows', '1000')
    .option('--json', 'one JSON object a line')
    .action(async (o: Record<string, unknown> & { all?: boolean; reason?: string; stage?: string; limit?: string; json?: boolean }) => {
      code = await (await storeCommands()).failuresCommand(o, configFrom(o, STORE), process.stdout, process.stderr);
    });

  withSettings(
    program
      .command('enqueue')
      .description('queue article URLs for the workers: URLs, files listing URLs, or - for URLs on stdin (needs Redis)')
      .argument('<inputs...>', 'URL | FILE | -'),
    [...QUEUE],
  )
    .option('--wait', 'show progress until every article of the batch is stored or has failed')
    .option('--refetch', 'fetch URLs again even when they were queued or fetched before')
    .action(async (inputs: string[], o: Record<string, unknown> & { wait?: boolean; refetch?: boolean }) => {
      code = await (await queueCommands()).enqueueCommand(inputs, o, configFrom(o, QUEUE), process.stdin, process.stdout, process.stderr);
    });

  withSettings(program.command('worker').description('process queued jobs until SIGINT/SIGTERM: fetch, extract (one thread per core) and poll feeds, into PostgreSQL'), [
    ...STORE,
    ...QUEUE,
    ...FETCH,
    'threads',
    'metricsPort',
    'lockMs',
  ])
    .option('--queues <names>', 'which queues to work: fetch,extract,feeds', 'fetch,extract,feeds')
    .action(async (o: Record<string, unknown> & { queues?: string }) => {
      code = await (await queueCommands()).workerCommand(o, configFrom(o, [...STORE, ...QUEUE, ...FETCH, 'threads', 'metricsPort', 'lockMs']), process.stderr);
    });

  withSettings(program.command('status').description('jobs per queue and state, rates, and the latest failures with their reasons'), [...STORE, ...QUEUE])
    .option('--json', 'one JSON object (a line each time with --watch)')
    .option('--watch', 'show it again every 2 seconds until Ctrl-C')
    .action(async (o: Record<string, unknown> & { json?: boolean; watch?: boolean }) => {
      code = await (await queueCommands()).statusCommand(o, configFrom(o, [...STORE, ...QUEUE]), process.stdout);
    });

  withSettings(program.command('reprocess').description('re-extract stored documents without fetching (queued when Redis is configured, else here)'), [...STORE, ...QUEUE, 'concurrency', 'extractTimeoutMs'])
    .option('--all', 'every stored document')
    .option('--since <date>', 'documents fetched since this date')
    .option('--stale', 'documents whose record is missing or older than this extractor version or its models')
    .action(async (o: Record<string, unknown> & { all?: boolean; since?: string; stale?: boolean }) => {
      code = await (await queueCommands()).reprocessCommand(o, configFrom(o, [...STORE, ...QUEUE, 'concurrency', 'extractTimeoutMs']), process.stderr);
    });

  withSettings(program.command('retry-failed').description('queue again what failed: fetch what was not fetched, re-extract what was'), [...STORE, ...QUEUE])
    .option('--reason <reason>', 'only failures with this reason (e.g. timeout)')
    .action(async (o: Record<string, unknown> & { reason?: string }) => {
      code = await (await queueCommands()).retryFailedCommand(o, configFrom(o, [...STORE, ...QUEUE]), process.stderr);
    });

  withSettings(
    program
      .command('feeds')
      .description('follow RSS/Atom feeds and news sitemaps: each new article is queued once')
      .argument('<action>', 'add | list | remove')
      .argument('[url]', 'the feed or sitemap URL'),
    [...QUEUE],
  )
    .option('--every <interval>', 'how often to poll it: 90s, 10m, 1h, 1d', '10m')
    .action(async (action: string, url: string | undefined, o: Record<string, unknown> & { every?: string }) => {
      code = await (await queueCommands()).feedsCommand(action, url, o, configFrom(o, QUEUE), process.stdout);
    });

  const SERVE: SettingKey[] = [...STORE, ...QUEUE, ...FETCH, 'threads', 'host', 'port', 'apiKeys'];
  withSettings(program.command('serve').description('the HTTP API until SIGINT/SIGTERM: records, URLs to fetch (queued with Redis, else processed here), jobs, status, feeds, export; OpenAPI at /openapi.json, docs at /docs'), SERVE).action(
    async (o: Record<string, unknown>) => {
      // loaded here: the other commands need no HTTP server
      const { serveCommand } = await import('./serve-command.js');
      code = await serveCommand(configFrom(o, SERVE));
    },
  );

  program
    .command('schema')
    .description('print the JSON Schema of ArticleRecord v1')
    .action(() => {
      process.stdout.write(`${JSON.stringify(articleRecordJsonSchema(), null, 2)}\n`);
    });

  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has printed its own usage errors (and --help, --version); ours still need saying
      if (err.code.startsWith('newsdesk.')) process.stderr.write(`newsdesk: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof ConfigError || err instanceof UsageError) {
      process.stderr.write(`newsdesk: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`newsdesk: ${(err as Error).message}\n`);
    return 1;
  }
  return code;
}
