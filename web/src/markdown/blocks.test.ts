// @vitest-environment jsdom
import { Lexer, Parser } from 'marked';
import { describe, expect, it } from 'vitest';
import { IncrementalLexer, splitChunks } from './blocks';
import { BlockRenderer } from './preview';

/** The whole document rendered in one piece, as marked does it. */
function whole(text: string): string {
  return Parser.parse(Lexer.lex(text, { gfm: true }), { gfm: true });
}

/** The same text rendered chunk by chunk, block by block. */
function chunked(text: string): string {
  return new BlockRenderer((html) => html).render(new IncrementalLexer().lex(text)).join('');
}

const normalise = (html: string): string => html.replace(/\s+/g, ' ').replace(/> </g, '><').trim();

const SAMPLES: Record<string, string> = {
  paragraphs: 'un\n\ndeux\ntrois\n\n\nquatre\n',
  headings: '# A\n\ntexte\n\n## B\n\nTitre\n=====\n\nfin',
  'fenced code with blank lines': '```md\n# pas un titre\n\npas un paragraphe\n\n```\n\naprès\n\n~~~\n\nx\n~~~~\n\nfin',
  'loose list and numbering': '1. un\n\n2. deux\n\n   suite de deux\n\n3. trois\n\n- a\n\n- b\n\npara',
  'list item continued after a blank line': '- item\n\n  continued\n\n      code in item\n\nafter',
  'block quotes': '> a\n> b\n\n> c\n\nlazy\n> d\ne',
  'html comment and raw blocks': '<!-- note\n\n# caché\n\n-->\n\n<pre>\n\nx\n\n</pre>\n\n<div>\nbloc\n</div>\n\nfin',
  'reference links defined later': 'voir [a] et [b][]\n\n[a]: https://a.example\n\n[b]: https://b.example "B"\n\n[a]: https://ignored.example',
  'tables and indented code': '| a | b |\n| - | - |\n| 1 | 2 |\n\n    code\n\n    still code\n\ntext',
};

describe('chunked lexing', () => {
  it.each(Object.entries(SAMPLES))('renders %s exactly as the whole document', (_name, text) => {
    expect(normalise(chunked(text))).toBe(normalise(whole(text)));
  });

  it('cuts into chunks whose concatenation is the text', () => {
    for (const text of Object.values(SAMPLES)) {
      expect(splitChunks(text).join('')).toBe(text);
    }
    expect(splitChunks('a\n\nb\n\nc')).toEqual(['a\n\n', 'b\n\n', 'c']);
    expect(splitChunks('```\na\n\nb\n```\n\nc')).toEqual(['```\na\n\nb\n```\n\n', 'c']);
  });

  it('re-lexes only the chunk that changed', () => {
    const lexer = new IncrementalLexer();
    const first = lexer.lex('un\n\ndeux\n\ntrois\n');
    const second = lexer.lex('un\n\nDEUX\n\ntrois\n');
    expect(second.tokens[0]).toBe(first.tokens[0]);
    expect(second.tokens[second.tokens.length - 1]).toBe(first.tokens[first.tokens.length - 1]);
    expect(second.tokens.some((token) => token.raw.includes('DEUX'))).toBe(true);
  });
});
