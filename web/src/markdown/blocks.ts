/**
 * The Markdown text cut into top-level blocks (marked's lexer), shared by the preview and the
 * outline so that one lexing pass per change serves both.
 *
 * Lexing a 100,000-character document takes 10–20 ms, too much to repeat several times a second
 * while 20 people type. So the text is first cut into chunks at places where no Markdown block can
 * continue (see `splitChunks`), each chunk is lexed on its own and kept while its text is
 * unchanged: an edit re-lexes one chunk. Reference-link definitions are gathered from all chunks.
 */
import { Lexer, type Links, type Token } from 'marked';

export interface Blocks {
  readonly tokens: readonly Token[];
  /** Reference-link definitions, which any block may use. */
  readonly links: Links;
}

interface Lexed {
  readonly tokens: readonly Token[];
  readonly links: Links;
}

/** Lexes one chunk, resolving reference links against `definitions` (from every chunk). */
function lexChunk(chunk: string, definitions: Links): Lexed {
  // GitHub-flavoured Markdown, as the templates are written.
  const lexer = new Lexer({ gfm: true });
  Object.assign(lexer.tokens.links, definitions);
  const tokens = lexer.lex(chunk);
  return { tokens, links: tokens.links };
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_ITEM = /^([-+*]|\d{1,9}[.)])(\s|$)/;
const RAW_HTML_OPEN = /^ {0,3}<(pre|script|style|textarea)(\s|>|$)/i;

/**
 * Cuts `text` into consecutive chunks (their concatenation is `text`) that lex the same alone as
 * together. A chunk starts at an unindented line after a blank line: a blank line followed by an
 * unindented line closes every paragraph, list item and block quote, except where the line is
 * another item of the same list (not cut, so lists keep their looseness and numbering), or inside a
 * fenced code block, an HTML comment or a raw HTML block (pre, script, style, textarea), which run
 * across blank lines.
 */
export function splitChunks(text: string): string[] {
  const chunks: string[] = [];
  let chunkStart = 0;
  let lineStart = 0;
  let previousBlank = false;
  let fence: string | null = null;
  let closing: RegExp | null = null; // end of an HTML comment or raw block
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline + 1;
    const line = text.slice(lineStart, newline < 0 ? text.length : newline);
    const blank = line.trim().length === 0;
    if (fence === null && closing === null) {
      if (previousBlank && !blank && !/^\s/.test(line) && !LIST_ITEM.test(line) && lineStart > chunkStart) {
        chunks.push(text.slice(chunkStart, lineStart));
        chunkStart = lineStart;
      }
      const fenceMatch = FENCE.exec(line);
      if (fenceMatch?.[1] !== undefined) {
        fence = fenceMatch[1];
      } else if (line.includes('<!--') && !line.slice(line.indexOf('<!--') + 4).includes('-->')) {
        closing = /-->/;
      } else {
        const raw = RAW_HTML_OPEN.exec(line);
        if (raw?.[1] !== undefined && !new RegExp(`</${raw[1]}>`, 'i').test(line)) {
          closing = new RegExp(`</${raw[1]}>`, 'i');
        }
      }
    } else if (fence !== null) {
      const close = FENCE.exec(line);
      if (close?.[1] !== undefined && close[1][0] === fence[0] && close[1].length >= fence.length && line.trim() === close[1]) {
        fence = null;
      }
    } else if (closing?.test(line) === true) {
      closing = null;
    }
    previousBlank = blank;
    lineStart = lineEnd;
  }
  if (chunkStart < text.length) {
    chunks.push(text.slice(chunkStart));
  }
  return chunks;
}

/** Lexes whole documents again and again, re-lexing only the chunks that changed. */
export class IncrementalLexer {
  /** Each chunk lexed alone: its tokens and its own reference definitions. */
  #alone = new Map<string, Lexed>();
  /** Each chunk lexed against every chunk's definitions (valid while they are `#linksKey`). */
  #resolved = new Map<string, Lexed>();
  #linksKey = '{}';

  lex(text: string): Blocks {
    const chunks = splitChunks(text);
    const alone = new Map<string, Lexed>();
    const links: Links = {};
    for (const chunk of chunks) {
      const lexed = alone.get(chunk) ?? this.#alone.get(chunk) ?? lexChunk(chunk, {});
      alone.set(chunk, lexed);
      for (const [label, link] of Object.entries(lexed.links)) {
        // as in CommonMark, the first definition of a label wins
        if (!(label in links)) {
          links[label] = link;
        }
      }
    }
    this.#alone = alone;
    const linksKey = JSON.stringify(links);
    if (linksKey !== this.#linksKey) {
      this.#resolved.clear(); // a definition changed: any chunk may use it
      this.#linksKey = linksKey;
    }
    const tokens: Token[] = [];
    const resolved = new Map<string, Lexed>();
    const noDefinitions = linksKey === '{}';
    for (const chunk of chunks) {
      const lexed = noDefinitions
        ? (alone.get(chunk) as Lexed)
        : (resolved.get(chunk) ?? this.#resolved.get(chunk) ?? lexChunk(chunk, links));
      resolved.set(chunk, lexed);
      tokens.push(...lexed.tokens);
    }
    this.#resolved = resolved;
    return { tokens, links };
  }
}

/** The blocks of `text` (no cache). */
export function lexBlocks(text: string): Blocks {
  return new IncrementalLexer().lex(text);
}
