/** A workspace's glossaries, with a form to create one (for those who may edit). */
import type { Glossary, Workspace } from '../api';
import { h, uid } from '../dom';
import { format, t } from '../i18n';
import { canEdit } from '../roles';
import { glossaryPath } from '../router';
import type { AppContext } from './context';
import { errorText } from './home';
import { onSubmit } from './forms';

export interface WorkspaceGlossaries {
  readonly element: HTMLElement;
  /** The open workspace changed (undefined: none open). */
  show(workspace: Workspace | undefined): void;
}

export function workspaceGlossaries(ctx: AppContext): WorkspaceGlossaries {
  const heading = h('h2', { attrs: { id: uid('glossaries-heading') } });
  const list = h('ul', { className: 'list', attrs: { 'data-testid': 'glossaries' } });
  const status = h('p', { className: 'muted', attrs: { role: 'status' } });
  const name = h('input', { attrs: { id: uid('glossary-name'), name: 'glossary', required: true, maxlength: 200 } });
  const error = h('p', { className: 'error', attrs: { role: 'alert' } });
  let workspace: Workspace | undefined;
  let request = 0;

  const link = (g: Glossary): HTMLElement => h('li', {}, h('a', { attrs: { href: glossaryPath(g.id), 'data-link': true } }, g.name));

  const form = h(
    'form',
    {
      className: 'inline-form',
      attrs: { 'data-testid': 'new-glossary' },
      on: {
        submit: onSubmit(() => {
          const chosen = name.value.trim();
          if (workspace === undefined || chosen === '') {
            name.focus();
            return;
          }
          error.textContent = '';
          ctx.api.createGlossary(workspace.id, chosen).then(
            (created) => ctx.navigate(glossaryPath(created.id)),
            (failure: unknown) => {
              error.textContent = errorText(failure);
            },
          );
        }),
      },
    },
    h('label', { text: 'glossaryNameLabel', attrs: { for: name.id } }),
    name,
    h('button', { text: 'glossaryCreate', attrs: { type: 'submit' } }),
  );
  const element = h('section', { className: 'card', attrs: { 'aria-labelledby': heading.id, hidden: true } }, heading, status, list, form, error);

  return {
    element,
    show: (next) => {
      workspace = next;
      element.hidden = next === undefined;
      form.hidden = next === undefined || !canEdit(next.role);
      list.replaceChildren();
      if (next === undefined) {
        return;
      }
      heading.textContent = format('glossariesHeading', { workspace: next.name });
      const mine = ++request;
      status.textContent = t('loading');
      ctx.api.listGlossaries(next.id).then(
        (glossaries) => {
          if (mine === request) {
            status.textContent = glossaries.length === 0 ? t('glossariesEmpty') : '';
            list.replaceChildren(...glossaries.map(link));
          }
        },
        (failure: unknown) => {
          if (mine === request) {
            status.textContent = errorText(failure);
          }
        },
      );
    },
  };
}
