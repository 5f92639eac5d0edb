/** The outline of a document: its top-level headings, with where each one starts. */
import type { Token } from 'marked';
import { lexBlocks, type Blocks } from './blocks';

export interface OutlineEntry {
  /** 1 for `#`, 6 for `######` (setext headings are 1 and 2). */
  readonly level: number;
  /** The heading as plain text (emphasis, code and links reduced to their words). */
  readonly text: string;
  /** UTF-16 offset of the heading's first character in the text. */
  readonly from: number;
}

export function extractOutline(text: string, blocks: Blocks = lexBlocks(text)): OutlineEntry[] {
  const outline: OutlineEntry[] = [];
  // Every top-level token's raw source appears in the text in order; looking each one up from
  // where the previous ended gives positions without relying on raw lengths adding up exactly.
  let cursor = 0;
  for (const token of blocks.tokens) {
    if (token.raw.length === 0) {
      continue;
    }
    const at = text.indexOf(token.raw, cursor);
    if (at < 0) {
      continue;
    }
    cursor = at + token.raw.length;
    if (token.type === 'heading') {
      const heading = token as Token & { depth: number; tokens?: Token[]; text: string };
      const label = (heading.tokens ? plainText(heading.tokens) : heading.text).replace(/\s+/g, ' ').trim();
      if (label.length > 0) {
        outline.push({ level: heading.depth, text: label, from: at + leadingBlank(token.raw) });
      }
    }
  }
  return outline;
}

/** Blank lines a heading token's raw text may start with. */
function leadingBlank(raw: string): number {
  return raw.length - raw.replace(/^\s*\n/, '').length;
}

function plainText(tokens: readonly Token[]): string {
  let out = '';
  for (const token of tokens) {
    if (token.type === 'html') {
      continue;
    }
    const nested = (token as { tokens?: Token[] }).tokens;
    if (nested !== undefined && nested.length > 0) {
      out += plainText(nested);
    } else if ('text' in token && typeof token.text === 'string') {
      out += decodeEntities(token.text);
    }
  }
  return out;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}
