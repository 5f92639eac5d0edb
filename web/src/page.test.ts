import { describe, expect, it } from 'vitest';
import html from '../index.html?raw';
import { isMessageKey, messages } from './i18n';

/** Opening tags of the page, with their attributes as written. */
function tags(name: string): string[] {
  return html.match(new RegExp(`<${name}\\b[^>]*>`, 'gi')) ?? [];
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)?.[1];
}

const normalise = (text: string): string => text.replace(/\s+/g, ' ').trim();

describe('index.html', () => {
  it('only uses message keys from the catalogue, with the English text as fallback', () => {
    const translated = [...html.matchAll(/<(\w+)\b[^>]*\sdata-i18n="([^"]*)"[^>]*>([^<]*)<\/\1>/g)];
    expect(translated.length).toBeGreaterThanOrEqual(5);
    for (const [, , key, text] of translated) {
      expect(isMessageKey(key), `data-i18n="${key}"`).toBe(true);
      if (isMessageKey(key)) {
        expect(normalise(text ?? ''), key).toBe(messages.en[key]);
      }
    }
    // Every data-i18n attribute was matched above (none wraps nested markup).
    expect(tags('[a-z0-9]+').filter((tag) => attribute(tag, 'data-i18n') !== undefined)).toHaveLength(
      translated.length,
    );
  });

  it('has no inline script or style, for a strict Content-Security-Policy', () => {
    const scripts = tags('script');
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      expect(attribute(script, 'type'), script).toBe('module');
      expect(attribute(script, 'src'), script).toMatch(/\S/);
    }
    expect(html).not.toMatch(/<script\b[^>]*>[^<]*\S[^<]*<\/script>/i);
    expect(tags('style')).toEqual([]);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
  });

  it('declares a language and labels the language switch', () => {
    expect(attribute(tags('html')[0] ?? '', 'lang')).toMatch(/^(fr|en)$/);
    const select = tags('select')[0] ?? '';
    const id = attribute(select, 'id');
    expect(id).toBeTruthy();
    expect(tags('label').some((label) => attribute(label, 'for') === id)).toBe(true);
    const options = tags('option').map((option) => attribute(option, 'value'));
    expect(options.sort()).toEqual(['en', 'fr']);
  });

  it('announces the server status politely', () => {
    const status = tags('[a-z]+').find((tag) => attribute(tag, 'id') === 'server-status') ?? '';
    expect(attribute(status, 'aria-live')).toBe('polite');
    expect(html).toContain('id="server-status-text"');
  });
});
