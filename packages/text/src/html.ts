/**
 * HTML to text: tags removed (block tags become a line break), `script`, `style`, `head`,
 * `template`, `noscript` and `svg` dropped with their content, comments removed, character
 * references decoded. Offsets map back to the HTML source ({@link ReducedText}). A linear scan;
 * malformed markup degrades to text, it never throws.
 */
import { ReducedTextBuilder, type ReducedText } from './source-map.js';

const INLINE_TAGS: ReadonlySet<string> = /*#__PURE__*/ new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'dfn', 'em', 'font', 'i', 'kbd', 'mark', 'q', 'rp', 'rt', 'ruby',
  's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr', 'tt', 'strike', 'big', 'nobr',
]);
const SKIP_CONTENT: ReadonlySet<string> = /*#__PURE__*/ new Set(['script', 'style', 'head', 'template', 'noscript', 'svg', 'math', 'iframe', 'object']);

/** Named character references decoded (the common ones; others stay as written). */
const NAMED_ENTITIES: Readonly<Record<string, string>> = /*#__PURE__*/ Object.freeze({
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', trade: '™', hellip: '…',
  mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', middot: '·', bull: '•',
  times: '×', divide: '÷', deg: '°', para: '¶', sect: '§', shy: '\u00ad', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009',
  zwsp: '\u200b', euro: '€', pound: '£', yen: '¥', cent: '¢', eacute: 'é', egrave: 'è', ecirc: 'ê', aacute: 'á', agrave: 'à',
  acirc: 'â', auml: 'ä', ouml: 'ö', uuml: 'ü', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', szlig: 'ß', ccedil: 'ç', ntilde: 'ñ', oacute: 'ó',
  iacute: 'í', uacute: 'ú',
});

const TAG_OR_REFERENCE = /[<&]/g;
const TAG_NAME = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/y;
const REFERENCE = /&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});?/y;

function decodeReference(body: string): string | null {
  if (body.charCodeAt(0) === 0x23) {
    const hex = body[1] === 'x' || body[1] === 'X';
    const code = parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
    if (!(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(code);
  }
  return NAMED_ENTITIES[body] ?? null;
}

/** Decode the character references of a text fragment (no tags). */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});?/g, (match, body: string) => decodeReference(body) ?? match);
}

/** Where the tag starting at `at` ends (after its `>`), skipping quoted attribute values. */
function tagEnd(html: string, at: number): number {
  let quote = 0;
  for (let i = at; i < html.length; i++) {
    const c = html.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e) return i + 1;
  }
  return html.length;
}

/**
 * Reduce HTML to its text, with offsets back into the HTML.
 * @example htmlToText('<p>Caf&eacute; <b>au</b> lait</p>').text // '\nCafé au lait\n'
 */
export function htmlToText(html: string): ReducedText {
  const out = new ReducedTextBuilder();
  let pos = 0;
  let lastWasBreak = true;
  TAG_OR_REFERENCE.lastIndex = 0;
  while (pos < html.length) {
    TAG_OR_REFERENCE.lastIndex = pos;
    const found = TAG_OR_REFERENCE.exec(html);
    const at = found ? found.index : html.length;
    if (at > pos) {
      out.copy(html, pos, at);
      lastWasBreak = false;
    }
    if (!found) break;
    if (html.charCodeAt(at) === 0x26) {
      REFERENCE.lastIndex = at;
      const reference = REFERENCE.exec(html);
      const decoded = reference ? decodeReference(reference[1]) : null;
      if (reference && decoded !== null) {
        out.emit(decoded, at, at + reference[0].length);
        pos = at + reference[0].length;
      } else {
        out.copy(html, at, at + 1);
        pos = at + 1;
      }
      lastWasBreak = false;
      continue;
    }
    if (html.startsWith('<!--', at)) {
      const close = html.indexOf('-->', at + 4);
      pos = close < 0 ? html.length : close + 3;
      continue;
    }
    if (html.startsWith('<!', at) || html.startsWith('<?', at)) {
      pos = tagEnd(html, at);
      continue;
    }
    TAG_NAME.lastIndex = at;
    const tag = TAG_NAME.exec(html);
    if (!tag) {
      out.copy(html, at, at + 1);
      pos = at + 1;
      lastWasBreak = false;
      continue;
    }
    const name = tag[2].toLowerCase();
    let end = tagEnd(html, at);
    if (tag[1] === '' && SKIP_CONTENT.has(name) && html.charCodeAt(end - 2) !== 0x2f) {
      const closing = new RegExp(`</${name}\\s*>`, 'gi');
      closing.lastIndex = end;
      const close = closing.exec(html);
      end = close ? close.index + close[0].length : html.length;
    }
    if (!INLINE_TAGS.has(name) && !lastWasBreak) {
      out.emit('\n', at, end);
      lastWasBreak = true;
    }
    pos = end;
  }
  return out.build();
}

/** True when a text looks like an HTML document (doctype, `<html>`, or several block tags at the start). */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 4096).trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<?xml') && head.includes('<html')) return true;
  const tags = head.match(/<\/?(p|div|body|br|h[1-6]|li|table|span|a|head|meta|title)\b[^>]*>/g);
  return tags !== null && tags.length >= 3 && head.startsWith('<');
}
