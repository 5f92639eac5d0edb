import { describe, expect, it } from 'vitest';
import { extractOutline } from './outline';

describe('extractOutline', () => {
  it('lists ATX and setext headings with their level and start offset', () => {
    const text = '# Titre\n\nIntro.\n\n## Contexte\n\nTexte\n\nSous-partie\n-----------\n\n### Détail\n';
    const outline = extractOutline(text);
    expect(outline).toEqual([
      { level: 1, text: 'Titre', from: 0 },
      { level: 2, text: 'Contexte', from: text.indexOf('## Contexte') },
      { level: 2, text: 'Sous-partie', from: text.indexOf('Sous-partie') },
      { level: 3, text: 'Détail', from: text.indexOf('### Détail') },
    ]);
  });

  it('ignores lines that only look like headings inside fenced code', () => {
    const text = '# Vrai\n\n```sh\n# commentaire\n```\n\n## Aussi vrai\n';
    expect(extractOutline(text).map((entry) => entry.text)).toEqual(['Vrai', 'Aussi vrai']);
  });

  it('reduces inline markup to words', () => {
    const text = '# Le **paradigme** `actuel` & [la suite](https://example.org) <em>x</em>\n';
    expect(extractOutline(text)[0]?.text).toBe('Le paradigme actuel & la suite x');
  });

  it('gives the offset of the same heading text met twice', () => {
    const text = '## Note\n\nun\n\n## Note\n\ndeux\n';
    expect(extractOutline(text).map((entry) => entry.from)).toEqual([0, text.lastIndexOf('## Note')]);
  });

  it('counts offsets in UTF-16 code units after astral characters', () => {
    const text = '😀😀 intro\n\n# Après\n';
    expect(extractOutline(text)).toEqual([{ level: 1, text: 'Après', from: text.indexOf('# Après') }]);
  });

  it('is empty for a text without headings, and skips empty headings', () => {
    expect(extractOutline('juste un paragraphe\n')).toEqual([]);
    expect(extractOutline('#\n\ntext')).toEqual([]);
  });
});
