/**
 * Markdown to text: link and image targets removed (their text kept), reference definitions,
 * code-fence lines and inline HTML tags dropped, heading and quote markers removed, character
 * references decoded. Emphasis and list punctuation stays (normalisation ignores punctuation).
 * Offsets map back to the Markdown source.
 */
import { decodeHtmlEntities } from './html.js';
import { ReducedTextBuilder, type ReducedText } from './source-map.js';

const MARKDOWN =
  /(^[ \t]{0,3}(?:```|~~~)[^\n]*$)|(^[ \t]{0,3}\[[^\]\n]+\]:[^\n]*$)|(!?)\[([^\]\n]*)\]\(([^)\n]*)\)|(<\/?[a-zA-Z][^>\n]*>)|(^[ \t]{0,3}#{1,6}[ \t]+)|(^[ \t]{0,3}>[ \t]?)|(&#?[a-zA-Z0-9]{1,31};)/gm;

/**
 * Reduce Markdown to its text, with offsets back into the Markdown.
 * @example markdownToText('# Title\nSee [the docs](https://x.org).').text // 'Title\nSee the docs.'
 */
export function markdownToText(markdown: string): ReducedText {
  const out = new ReducedTextBuilder();
  let pos = 0;
  MARKDOWN.lastIndex = 0;
  for (let match = MARKDOWN.exec(markdown); match !== null; match = MARKDOWN.exec(markdown)) {
    const at = match.index;
    if (match[0].length === 0) {
      MARKDOWN.lastIndex++;
      continue;
    }
    out.copy(markdown, pos, at);
    pos = at + match[0].length;
    if (match[4] !== undefined) {
      // link or image: keep the bracketed text in place, drop the target
      const textStart = at + match[3].length + 1;
      out.copy(markdown, textStart, textStart + match[4].length);
    } else if (match[9] !== undefined) {
      const decoded = decodeHtmlEntities(match[9]);
      if (decoded === match[9]) out.copy(markdown, at, pos);
      else out.emit(decoded, at, pos);
    }
    // fences, reference definitions, tags, heading and quote markers: dropped
  }
  out.copy(markdown, pos, markdown.length);
  return out.build();
}
