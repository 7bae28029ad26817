// Bytes → text: the charset from the Content-Type header, else a BOM, else <meta charset>, else UTF-8.
// An unknown label falls back to UTF-8 (and says so) rather than losing the page.
import iconv from 'iconv-lite';

export interface Decoded {
  text: string;
  charset: string;
  /** Set when the declared charset was unknown and UTF-8 was used instead. */
  note?: string;
}

const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i;

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  return /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
}

export function decodeBody(bytes: Buffer, contentType?: string): Decoded {
  let label = charsetFromContentType(contentType);
  if (!label) {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) label = 'utf-8';
    else if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
    else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
    else label = META_CHARSET.exec(bytes.subarray(0, 4096).toString('latin1'))?.[1];
  }
  const wanted = (label ?? 'utf-8').toLowerCase();
  if (!iconv.encodingExists(wanted)) {
    return { text: iconv.decode(bytes, 'utf-8'), charset: 'utf-8', note: `unknown charset "${label}", decoded as UTF-8` };
  }
  return { text: iconv.decode(bytes, wanted), charset: wanted };
}

/** Bytes that no text page has: NULs, or many control characters, in the first kilobytes. */
export function looksBinary(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 4096);
  let control = 0;
  for (const b of head) {
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return head.length > 0 && control / head.length > 0.1;
}
