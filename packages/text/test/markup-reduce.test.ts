import { describe, expect, it } from 'vitest';
import { compareTextDocuments, createTextDocument, htmlToText, markdownToText, sourceEnd, sourceStart } from '../src/index.js';

describe('htmlToText', () => {
  it('drops tags, scripts, styles and comments and decodes references', () => {
    const html = '<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head><body><p>Caf&eacute; &amp; <b>bar</b>&#x21;</p><script>var x = "<p>no</p>";</script><!-- hidden --><div>Next&nbsp;line</div></body></html>';
    const reduced = htmlToText(html);
    expect(reduced.text.replace(/\s+/g, ' ').trim()).toBe('Café & bar! Next\u00a0line'.replace(/\s+/g, ' '));
    expect(reduced.text).not.toContain('var x');
    expect(reduced.text).not.toContain('hidden');
  });

  it('maps reduced offsets back to the HTML source', () => {
    const html = '<p>Hello &amp; <i>world</i></p>';
    const { text, runs } = htmlToText(html);
    const w = text.indexOf('world');
    expect(html.slice(sourceStart(runs, w), sourceEnd(runs, w + 5))).toBe('world');
    const amp = text.indexOf('&');
    expect(html.slice(sourceStart(runs, amp), sourceEnd(runs, amp + 1))).toBe('&amp;');
  });

  it('matches an HTML copy of a text with offsets in the HTML', () => {
    const plain = 'The Linux system is a very powerful computing platform for a networked computer. However, learning how to use all its capabilities is not easy.';
    const html = `<!DOCTYPE html><html><body><nav>Home</nav><p>${plain.replace('powerful', '<b>powerful</b>')}</p></body></html>`;
    const result = compareTextDocuments(createTextDocument(html), createTextDocument(plain));
    expect(result.similarity).toBeGreaterThan(0.9);
    const d = result.details[0];
    expect(html.slice(Number(d.InputFragment.Start), Number(d.InputFragment.Start) + 9)).toBe('The Linux');
  });
});

describe('markdownToText', () => {
  it('keeps link text, drops targets, fences and heading markers', () => {
    const md = '# Title\n\nSee [the docs](https://example.org/x) and ![logo](a.png).\n\n```sh\nls -l\n```\n[ref]: https://example.org\n';
    const { text, runs } = markdownToText(md);
    expect(text).toContain('Title');
    expect(text).toContain('See the docs and logo.');
    expect(text).not.toContain('example.org');
    expect(text).not.toContain('```');
    expect(text).toContain('ls -l');
    const at = text.indexOf('the docs');
    expect(md.slice(sourceStart(runs, at), sourceEnd(runs, at + 8))).toBe('the docs');
  });
});
