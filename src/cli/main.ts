// The newsdesk command line. Each command is a thin shell over a library function; errors name the
// input and the reason, and the exit code is non-zero when anything failed.
import { Command, CommanderError } from 'commander';
import { loadConfig } from '../config.js';
import { articleRecordJsonSchema } from '../record.js';
import { EXTRACTOR } from '../version.js';
import { extractFile, extractJsonl } from './extract-command.js';
import { exportCommand, ingestCommand, showCommand } from './store-commands.js';

const storeOptions = (cmd: Command) =>
  cmd
    .option('--data-dir <dir>', 'PGlite data folder (env NEWSDESK_DATA_DIR)', undefined)
    .option('--database-url <url>', 'PostgreSQL connection string instead of PGlite (env DATABASE_URL)');

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
    .option('--url <url>', 'the page address (for metadata and ids)')
    .option('--published <date>', 'publication date YYYY-MM-DD, the reference for relative dates')
    .action(async (files: string[], opts: { jsonl?: boolean; url?: string; published?: string }) => {
      if (opts.jsonl) {
        const { failed } = await extractJsonl(process.stdin, process.stdout);
        if (failed) code = 1;
        return;
      }
      if (!files.length) throw new CommanderError(2, 'newsdesk.usage', 'extract: give FILE... or --jsonl');
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

  storeOptions(
    program
      .command('ingest')
      .description('fetch, extract and store articles: URLs, HTML files, or files listing URLs (the main job, no Redis needed)')
      .argument('<inputs...>', 'URL | FILE ...'),
  )
    .option('--allow-private-hosts', 'also fetch private, loopback and link-local addresses (env NEWSDESK_ALLOW_PRIVATE_HOSTS=1)')
    .option('--concurrency <n>', 'items in flight at once (env NEWSDESK_CONCURRENCY)')
    .option('--min-delay <ms>', 'minimum pause between requests to one host (env NEWSDESK_MIN_DELAY_MS)')
    .option('--max-bytes <n>', 'largest page fetched (env NEWSDESK_MAX_BYTES)')
    .option('--timeout <ms>', 'time limit of one request (env NEWSDESK_TIMEOUT_MS)')
    .option('--ignore-robots', 'do not fetch or honor robots.txt')
    .action(async (inputs: string[], o: Record<string, string | boolean | undefined>) => {
      const cfg = loadConfig({
        dataDir: o.dataDir,
        databaseUrl: o.databaseUrl,
        allowPrivateHosts: o.allowPrivateHosts,
        concurrency: o.concurrency,
        minDelayMs: o.minDelay,
        maxBytes: o.maxBytes,
        timeoutMs: o.timeout,
        respectRobots: o.ignoreRobots ? false : undefined,
      });
      code = await ingestCommand(inputs, cfg, process.stderr);
    });

  storeOptions(program.command('show').description('print a stored record by id or URL').argument('<id>', 'record id or URL')).action(
    async (id: string, o: { dataDir?: string; databaseUrl?: string }) => {
      code = await showCommand(id, loadConfig({ dataDir: o.dataDir, databaseUrl: o.databaseUrl }), process.stdout, process.stderr);
    },
  );

  storeOptions(program.command('export').description('write every stored record (ndjson) or claim (csv) to stdout'))
    .option('--format <format>', 'ndjson | csv', 'ndjson')
    .action(async (o: { dataDir?: string; databaseUrl?: string; format: string }) => {
      code = await exportCommand(o.format, loadConfig({ dataDir: o.dataDir, databaseUrl: o.databaseUrl }), process.stdout, process.stderr);
    });

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
    process.stderr.write(`newsdesk: ${(err as Error).message}\n`);
    return 1;
  }
  return code;
}
