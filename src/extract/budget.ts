// The NLP budget: how much of the main text the sentence, entity, date and claim stages read. The longest
// main text of the dev sets is 68,538 characters (news pages; Readability pages 48,644, TimeBank 11,092),
// so 200,000 is about three times any article: what lies beyond is a dump, a feed or a book, whose later
// part would only cost time. The article stage still reads the whole page, and `text` stays whole.

export const MAX_NLP_CHARS = 200_000;

/**
 * Where the NLP stages stop reading `text`: its length when it fits the budget, else the last paragraph
 * break in the budget's second half, or the last space there, or the budget itself (never between the
 * halves of a surrogate pair), so that the stages see whole paragraphs, sentences or words where they can.
 */
export function nlpEnd(text: string, budget = MAX_NLP_CHARS): number {
  if (text.length <= budget) return text.length;
  const paragraph = text.lastIndexOf('\n', budget - 1);
  if (paragraph >= budget / 2) return paragraph;
  for (let i = budget; i > budget / 2; i--) if (/\s/.test(text[i - 1] as string)) return i - 1;
  return /[\udc00-\udfff]/.test(text[budget] as string) ? budget - 1 : budget;
}
