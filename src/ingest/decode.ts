// Bytes → text: the charset of a BOM, else the Content-Type header, else the XML declaration's, else
// <meta charset>, else UTF-8 (a BOM wins, as in browsers: it cannot be there by accident). An unknown label
// falls back to UTF-8 (and says so) rather than losing the page.
import iconv from 'iconv-lite';

export interface Decoded {
  text: string;
  charset: string;
  /** Set when the declared charset was unknown and UTF-8 was used instead. */
  note?: string;
}

const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i;
// feeds and XHTML declare theirs in the XML declaration, which must open the document
const XML_ENCODING = /^\s*<\?xml[^>]*\sencoding\s*=\s*["']([\w.:-]+)["']/;

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  return /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
}

function bomCharset(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

export function decodeBody(bytes: Buffer, contentType?: string): Decoded {
  const head = bytes.subarray(0, 4096).toString('latin1');
  const label = bomCharset(bytes) ?? charsetFromContentType(contentType) ?? XML_ENCODING.exec(head)?.[1] ?? META_CHARSET.exec(head)?.[1];
  const wanted = (label ?? 'utf-8').toLowerCase();
  if (!iconv.encodingExists(wanted)) {
    return { text: iconv.decode(bytes, 'utf-8'), charset: 'utf-8', note: `unknown charset "${label}", decoded as UTF-8` };
  }
  return { text: iconv.decode(bytes, wanted), charset: wanted };
}

const binary = (codes: Iterable<number>, length: number): boolean => {
  let control = 0;
  for (const c of codes) {
    if (c === 0) return true;
    if (c < 9 || (c > 13 && c < 32)) control++;
  }
  return length > 0 && control / length > 0.1;
};

/** Bytes that no text page has: NULs, or many control characters, in the first kilobytes. */
export function looksBinary(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 4096);
  return binary(head, head.length);
}

/**
 * The body as text, or 'binary' when it is none. A UTF-16 page is all NULs and control bytes to a byte
 * test, so a two-byte charset is decoded first and its characters tested instead.
 */
export function decodePage(bytes: Buffer, contentType?: string): Decoded | 'binary' {
  const decoded = decodeBody(bytes, contentType);
  if (!/^utf-?16/.test(decoded.charset)) return looksBinary(bytes) ? 'binary' : decoded;
  const head = decoded.text.slice(0, 4096);
  return binary(Array.from(head, (ch) => ch.charCodeAt(0)), head.length) ? 'binary' : decoded;
}
