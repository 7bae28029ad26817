// The words around a claim, cut from its article's text, with the speaker, the cue and the content marked.
// Offsets are JavaScript string indices into the text, end exclusive; a span whose text no longer matches
// the article (a claim the extractor no longer finds, in a re-extracted text) is not marked.

export const MARKS = ['speaker', 'cue', 'content'] as const;
export type Mark = (typeof MARKS)[number];

export interface MarkSpan {
  start: number;
  end: number;
  /** What the span should read; when given and the text differs there, the span is not marked. */
  text?: string | null | undefined;
}

export interface Segment {
  text: string;
  /** The spans covering this piece, in MARKS order: a speaker inside the content is both. */
  marks: Mark[];
}

export interface Passage {
  segments: Segment[];
  /** Text before (after) the passage was left out. */
  clippedStart: boolean;
  clippedEnd: boolean;
  /** The marks found where the claim says (false when the cue and content could not be placed: then the
   * segments are empty and the page shows the claim's own text). */
  exact: boolean;
}

export interface PassageOptions {
  /** Longest passage before it is clipped around the cue and content. @defaultValue 1200 */
  max?: number;
  /** Text kept on either side of the cue and content when clipping. @defaultValue 300 */
  context?: number;
}

const PARAGRAPH = '\n\n';

const fits = (text: string, s: MarkSpan | null | undefined): s is MarkSpan =>
  !!s && Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start < s.end && s.end <= text.length && (s.text == null || text.slice(s.start, s.end) === s.text);

/** Start of the paragraph holding `at`, and the end of the one holding `end - 1`. */
function paragraphs(text: string, at: number, end: number): [number, number] {
  const before = at >= PARAGRAPH.length ? text.lastIndexOf(PARAGRAPH, at - PARAGRAPH.length) : -1;
  const after = text.indexOf(PARAGRAPH, end);
  return [before < 0 ? 0 : before + PARAGRAPH.length, after < 0 ? text.length : after];
}

/** The paragraph(s) around the cue and content, with the speaker's when that keeps it within `max`. */
export function claimPassage(text: string, spans: Partial<Record<Mark, MarkSpan | null>>, opts: PassageOptions = {}): Passage {
  const max = opts.max ?? 1200;
  const context = opts.context ?? 300;
  const placed = MARKS.map((m) => [m, spans[m]] as const).filter((e): e is readonly [Mark, MarkSpan] => fits(text, e[1]));
  const core = placed.filter(([m]) => m !== 'speaker').map(([, s]) => s);
  if (!placed.some(([m]) => m === 'content') || !core.length) return { segments: [], clippedStart: false, clippedEnd: false, exact: false };
  const coreStart = Math.min(...core.map((s) => s.start));
  const coreEnd = Math.max(...core.map((s) => s.end));
  let [start, end] = paragraphs(text, coreStart, coreEnd);
  const speaker = placed.find(([m]) => m === 'speaker')?.[1];
  if (speaker) {
    const [s, e] = paragraphs(text, Math.min(start, speaker.start), Math.max(end, speaker.end));
    if (e - s <= max) [start, end] = [s, e];
  }
  if (end - start > max) {
    // a long paragraph: keep `context` around the claim, cut at white space
    const from = Math.max(start, coreStart - context);
    const to = Math.min(end, coreEnd + context);
    const space = from > start ? text.indexOf(' ', from) : -1;
    const back = to < end ? text.lastIndexOf(' ', to) : -1;
    start = space >= 0 && space < coreStart ? space + 1 : from;
    end = back >= coreEnd ? back : to;
  }
  const shown = placed.filter(([, s]) => s.start >= start && s.end <= end);
  const cuts = [...new Set([start, end, ...shown.flatMap(([, s]) => [s.start, s.end])])].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i] as number;
    const b = cuts[i + 1] as number;
    segments.push({ text: text.slice(a, b), marks: shown.filter(([, s]) => s.start <= a && s.end >= b).map(([m]) => m) });
  }
  return { segments, clippedStart: start > 0, clippedEnd: end < text.length, exact: true };
}
