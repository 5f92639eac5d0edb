/**
 * The live preview: every top-level block is rendered and sanitised once and kept while its
 * source is unchanged, so a keystroke (or a remote operation) in a 100,000-character document
 * re-renders one block, not the whole document, and only the changed blocks' DOM is replaced.
 */
import { Parser, type Links, type Token } from 'marked';
import type { Blocks } from './blocks';
import type { Sanitizer } from './sanitize';

export class BlockRenderer {
  readonly #sanitize: Sanitizer;
  #cache = new Map<string, string>();
  #linksKey = '';

  constructor(sanitize: Sanitizer) {
    this.#sanitize = sanitize;
  }

  /** Sanitised HTML of each block that renders to something, in order. */
  render(blocks: Blocks): string[] {
    const linksKey = JSON.stringify(blocks.links);
    if (linksKey !== this.#linksKey) {
      // a changed reference definition can change any block that uses it
      this.#cache.clear();
      this.#linksKey = linksKey;
    }
    const next = new Map<string, string>();
    const out: string[] = [];
    for (const token of blocks.tokens) {
      if (token.type === 'space' || token.type === 'def') {
        continue;
      }
      let html = next.get(token.raw) ?? this.#cache.get(token.raw);
      if (html === undefined) {
        html = this.#sanitize(renderToken(token, blocks.links));
      }
      next.set(token.raw, html);
      if (html.trim().length > 0) {
        out.push(html);
      }
    }
    this.#cache = next;
    return out;
  }
}

function renderToken(token: Token, links: Links): string {
  const list = Object.assign([token], { links });
  return Parser.parse(list, { gfm: true });
}

/** The HTML each rendered block element was made from. */
const sources = new WeakMap<Element, string>();

/**
 * Makes `container`'s children one element per block holding `blocks`' HTML, touching only the
 * blocks between the unchanged head and the unchanged tail.
 */
export function patchBlocks(container: HTMLElement, blocks: readonly string[]): void {
  const current = Array.from(container.children);
  const old = current.map((element) => sources.get(element) ?? '');
  let head = 0;
  while (head < old.length && head < blocks.length && old[head] === blocks[head]) {
    head++;
  }
  let tail = 0;
  while (
    tail < old.length - head &&
    tail < blocks.length - head &&
    old[old.length - 1 - tail] === blocks[blocks.length - 1 - tail]
  ) {
    tail++;
  }
  for (let i = head; i < old.length - tail; i++) {
    current[i]?.remove();
  }
  const before = current[old.length - tail] ?? null;
  const doc = container.ownerDocument;
  for (let i = head; i < blocks.length - tail; i++) {
    const element = doc.createElement('div');
    element.className = 'preview__block';
    const html = blocks[i] ?? '';
    sources.set(element, html);
    element.innerHTML = html;
    container.insertBefore(element, before);
  }
}
