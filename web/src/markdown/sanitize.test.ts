// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { lexBlocks } from './blocks';
import { BlockRenderer, patchBlocks } from './preview';
import { createSanitizer } from './sanitize';

const sanitize = createSanitizer(window);

function preview(markdown: string): HTMLElement {
  const container = document.createElement('div');
  patchBlocks(container, new BlockRenderer(sanitize).render(lexBlocks(markdown)));
  return container;
}

/** Every attribute name and value in the tree. */
function attributes(root: Element): [string, string][] {
  return [...root.querySelectorAll('*')].flatMap((element) =>
    [...element.attributes].map((attribute): [string, string] => [attribute.name, attribute.value]),
  );
}

describe('sanitised preview', () => {
  it('keeps ordinary Markdown', () => {
    const root = preview('# Titre\n\nDu *texte* et un [lien](https://example.org).\n\n- a\n- b\n');
    expect(root.querySelector('h1')?.textContent).toBe('Titre');
    expect(root.querySelector('em')?.textContent).toBe('texte');
    expect(root.querySelectorAll('li')).toHaveLength(2);
    const link = root.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://example.org');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(link?.getAttribute('target')).toBe('_blank');
  });

  it('removes script elements', () => {
    const root = preview('avant\n\n<script>window.__xss = true</script>\n\naprès <script>alert(1)</script>');
    expect(root.querySelector('script')).toBeNull();
    expect(root.innerHTML).not.toContain('__xss');
  });

  it('removes every event-handler attribute', () => {
    const root = preview(
      '<img src=x onerror="window.__xss=true">\n\n<p onclick="x()">p</p>\n\n<details open ontoggle=alert(1)>d</details>\n\n<a href="#" onmouseover="x()">a</a>',
    );
    expect(root.querySelector('img')).not.toBeNull();
    for (const [name] of attributes(root)) {
      expect(name.toLowerCase().startsWith('on'), name).toBe(false);
    }
  });

  it('drops javascript:, vbscript: and data:text/html URLs from links, in Markdown and HTML', () => {
    const root = preview(
      '[x](javascript:window.__xss=true) [y](JaVaScRiPt:alert(1)) [z](&#106;avascript:alert(1))\n\n' +
        '<a href="javascript:alert(1)">h</a> <a href=" javascript:alert(1)">s</a> <a href="vbscript:x">v</a> <a href="data:text/html,<script>alert(1)</script>">d</a>\n\n' +
        '<iframe src="javascript:alert(1)"></iframe>',
    );
    for (const [name, value] of attributes(root)) {
      expect(value.replace(/\s/g, '').toLowerCase(), name).not.toMatch(/^(javascript|vbscript|data:text\/html)/);
    }
    expect(root.querySelector('iframe')).toBeNull();
  });

  it('neutralises scripts and handlers inside SVG and MathML', () => {
    const root = preview(
      '<svg onload="window.__xss=true"><circle r="4"/></svg>\n\n' +
        '<svg><script>window.__xss=true</script><a xlink:href="javascript:alert(1)"><text>t</text></a>' +
        '<animate attributeName="href" to="javascript:alert(1)"/><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>\n\n' +
        '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
    );
    expect(root.querySelector('svg')).not.toBeNull();
    expect(root.querySelector('script')).toBeNull();
    expect(root.querySelector('foreignObject, foreignobject, animate')).toBeNull();
    for (const [name, value] of attributes(root)) {
      expect(name.toLowerCase().startsWith('on'), name).toBe(false);
      expect(value.toLowerCase(), name).not.toContain('javascript:');
    }
  });

  it('refuses forms, styles and inline style attributes that could imitate the application', () => {
    const root = preview(
      '<form action="https://evil.example"><input name=p><button>OK</button></form>\n\n<style>body{display:none}</style>\n\n<p style="position:fixed">x</p>',
    );
    expect(root.querySelector('form, input, button, style, [style]')).toBeNull();
  });
});

describe('patchBlocks', () => {
  it('replaces only the blocks that changed', () => {
    const renderer = new BlockRenderer(sanitize);
    const container = document.createElement('div');
    patchBlocks(container, renderer.render(lexBlocks('# Un\n\npremier\n\ndeuxième\n\n# Deux\n')));
    const [first, second, third, fourth] = [...container.children];
    patchBlocks(container, renderer.render(lexBlocks('# Un\n\npremier\n\ndeuxième modifié\n\n# Deux\n')));
    const after = [...container.children];
    expect(after).toHaveLength(4);
    expect(after[0]).toBe(first);
    expect(after[1]).toBe(second);
    expect(after[2]).not.toBe(third);
    expect(after[2]?.textContent).toContain('deuxième modifié');
    expect(after[3]).toBe(fourth);
  });

  it('inserts and removes blocks in the middle', () => {
    const renderer = new BlockRenderer(sanitize);
    const container = document.createElement('div');
    patchBlocks(container, renderer.render(lexBlocks('a\n\nc\n')));
    patchBlocks(container, renderer.render(lexBlocks('a\n\nb\n\nc\n')));
    expect([...container.children].map((element) => element.textContent?.trim())).toEqual(['a', 'b', 'c']);
    patchBlocks(container, renderer.render(lexBlocks('c\n')));
    expect([...container.children].map((element) => element.textContent?.trim())).toEqual(['c']);
  });

  it('uses reference-link definitions from anywhere in the document, and follows their changes', () => {
    const renderer = new BlockRenderer(sanitize);
    const container = document.createElement('div');
    patchBlocks(container, renderer.render(lexBlocks('voir [la note][n]\n\n[n]: https://a.example\n')));
    expect(container.querySelector('a')?.getAttribute('href')).toBe('https://a.example');
    patchBlocks(container, renderer.render(lexBlocks('voir [la note][n]\n\n[n]: https://b.example\n')));
    expect(container.querySelector('a')?.getAttribute('href')).toBe('https://b.example');
  });
});
