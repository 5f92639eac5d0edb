/**
 * The one place where rendered Markdown becomes safe to put in the page. Documents are written by
 * anyone holding the link, so their HTML is hostile until DOMPurify has cleaned it: no script, no
 * event-handler attribute, no `javascript:` (or other non-allowlisted) URL, no scripts inside SVG,
 * no forms or styles that could dress up as the application's own controls.
 */
import DOMPurify, { type Config, type WindowLike } from 'dompurify';

const CONFIG: Config = {
  USE_PROFILES: { html: true, svg: true, svgFilters: true, mathMl: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'dialog', 'base', 'link', 'meta'],
  FORBID_ATTR: ['style', 'formaction', 'action', 'xlink:href'],
  ALLOW_DATA_ATTR: false,
};

export type Sanitizer = (html: string) => string;

/** A sanitiser bound to `window` (the page's, or a test's jsdom). */
export function createSanitizer(window: WindowLike): Sanitizer {
  const purify = DOMPurify(window);
  purify.addHook('afterSanitizeAttributes', (node) => {
    // Links open beside the editor and give the target page no handle on this one.
    if (node.nodeName === 'A' && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  });
  return (html) => purify.sanitize(html, CONFIG) as string;
}
