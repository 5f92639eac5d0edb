/**
 * The Markdown text cut into top-level blocks (marked's lexer), shared by the preview and the
 * outline so that one lexing pass per change serves both.
 */
import { Lexer, type Links, type Token } from 'marked';

export interface Blocks {
  readonly tokens: readonly Token[];
  /** Reference-link definitions, which any block may use. */
  readonly links: Links;
}

/** GitHub-flavoured Markdown, as the templates are written. */
export function lexBlocks(text: string): Blocks {
  const tokens = Lexer.lex(text, { gfm: true });
  return { tokens, links: tokens.links };
}
