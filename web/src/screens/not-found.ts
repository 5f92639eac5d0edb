/** Shown for an unknown workspace, document or glossary id (or one of a workspace one is not in), or an unknown path. */
import { h } from '../dom';
import type { MessageKey } from '../i18n';
import type { Screen } from './context';

export function notFoundScreen(title: MessageKey): Screen {
  const heading = h('h1', { text: title, attrs: { tabindex: -1, 'data-testid': 'not-found' } });
  const element = h(
    'div',
    { className: 'card not-found' },
    heading,
    title === 'notFoundHeading' ? h('p', { text: 'notFoundText' }) : null,
    title === 'glossaryNotFound' ? h('p', { text: 'glossaryNotFoundText' }) : null,
    title === 'workspaceNotFound' ? h('p', { text: 'workspaceNotFoundText' }) : null,
    h('p', {}, h('a', { text: 'home', attrs: { href: '/', 'data-link': true } })),
  );
  return { element, heading, destroy: () => {} };
}
