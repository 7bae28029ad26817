// Content-Encoding: the streaming decompressors for a response body, in the order they must run. Each
// one is a stream stage, so output is produced as the caller reads it (and stops when the caller stops):
// the byte limit is counted on what comes out, never on the whole thing unpacked in memory.
import { Duplex, pipeline, Readable } from 'node:stream';
import zlib from 'node:zlib';

export class UnsupportedEncoding extends Error {}

// lenient at the end like browsers: a body cut short after its last full block still decodes
const LENIENT = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };

/** zlib-wrapped deflate starts with a CMF/FLG pair whose 16-bit value is a multiple of 31 (RFC 1950). */
const isZlibHeader = (b: Buffer): boolean => b.length >= 2 && ((b[0] ?? 0) & 0x0f) === 8 && (((b[0] ?? 0) << 8) | (b[1] ?? 0)) % 31 === 0;

/** "deflate" is zlib-wrapped by the RFC and raw on some servers: the first bytes tell which. */
async function* inflate(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  const start: Buffer[] = [];
  let r = await it.next();
  while (!r.done) {
    start.push(r.value);
    if (Buffer.concat(start).length >= 2) break;
    r = await it.next();
  }
  const head = Buffer.concat(start);
  if (!head.length) return;
  const ended = r.done;
  const z = isZlibHeader(head) ? zlib.createInflate(LENIENT) : zlib.createInflateRaw(LENIENT);
  const input = Readable.from(
    (async function* () {
      yield head;
      if (ended) return;
      for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
    })(),
  );
  const out = pipeline(input, z, () => {});
  try {
    yield* out;
  } finally {
    input.destroy();
    z.destroy();
  }
}

function stage(coding: string): Duplex {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(LENIENT);
    case 'deflate':
      return Duplex.from(inflate);
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      throw new UnsupportedEncoding(`content encoding ${JSON.stringify(coding)} is not supported (gzip, deflate and br are)`);
  }
}

/** The stages that undo a Content-Encoding header (applied last first); none for identity. */
export function decoders(contentEncoding: string | undefined): Duplex[] {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  return codings.reverse().map(stage);
}
