/** Characters as a resident counts them (grapheme clusters), as the server does. */
export function visibleLength(text: string): number {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text)).length;
}

export type Token =
  | { kind: 'text'; value: string }
  | { kind: 'hashtag'; value: string; tag: string }
  | { kind: 'mention'; value: string; username: string }
  | { kind: 'link'; value: string; href: string };

const PATTERN = /(https?:\/\/[^\s<>"]+)|(#[\p{L}\p{N}_]{2,50})|(@[A-Za-z0-9_]{3,30})/gu;

/**
 * Splits a post's text into plain text, hashtags, mentions and links. Only http(s) links become links:
 * nothing the author types can produce a `javascript:` URL or markup, since React renders text as text.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const match of text.matchAll(PATTERN)) {
    const index = match.index;
    const previous = index > 0 ? text.charAt(index - 1) : '';
    const [whole, link, tag, mention] = match;
    // "mail@example.fr" is not a mention; "a#b" is not a hashtag.
    if ((tag || mention) && /[\p{L}\p{N}_]/u.test(previous)) continue;
    if (index > last) tokens.push({ kind: 'text', value: text.slice(last, index) });
    if (link) {
      const trimmed = link.replace(/[.,;:!?)]+$/, '');
      tokens.push({ kind: 'link', value: trimmed, href: trimmed });
      last = index + trimmed.length;
      continue;
    }
    if (tag) tokens.push({ kind: 'hashtag', value: whole, tag: tag.slice(1) });
    else if (mention) tokens.push({ kind: 'mention', value: whole, username: mention.slice(1) });
    last = index + whole.length;
  }
  if (last < text.length) tokens.push({ kind: 'text', value: text.slice(last) });
  return tokens;
}
