// The newsdesk command line. Each command is a thin shell over a library function; errors name the
// input and the reason, and the exit code is non-zero when anything failed.
import { Command, CommanderError } from 'commander';
import { articleRecordJsonSchema } from '../record.js';
import { EXTRACTOR } from '../version.js';
import { extractFile, extractJsonl } from './extract-command.js';

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

  program
    .command('schema')
    .description('print the JSON Schema of ArticleRecord v1')
    .action(() => {
      process.stdout.write(`${JSON.stringify(articleRecordJsonSchema(), null, 2)}\n`);
    });

  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : (process.stderr.write(`${err.message.startsWith('error') ? '' : `newsdesk: ${err.message}\n`}`), err.exitCode || 2);
    process.stderr.write(`newsdesk: ${(err as Error).message}\n`);
    return 1;
  }
  return code;
}
