/** A workspace's disciplines, and (facilitators) adding one of its own, such as `urban-planner`. */
import type { Workspace } from '../api';
import { cleanDisciplineName, disciplineLabel } from '../disciplines';
import { h, onLanguageChange, uid } from '../dom';
import { format, t } from '../i18n';
import type { AppContext } from './context';
import { field, FormError, onSubmit, whileBusy } from './forms';
import { errorText } from './home';

export interface WorkspaceDisciplines {
  readonly element: HTMLElement;
  destroy(): void;
}

/** `added`: the workspace as the server now has it. */
export function workspaceDisciplines(ctx: AppContext, initial: Workspace, added: (workspace: Workspace) => void): WorkspaceDisciplines {
  let workspace = initial;
  const heading = h('h2', { text: 'disciplinesHeading', attrs: { id: uid('disciplines-heading') } });
  const list = h('ul', { className: 'list', attrs: { 'data-testid': 'disciplines' } });
  const status = h('p', { className: 'muted', attrs: { role: 'status', 'aria-live': 'polite' } });
  const hint = h('p', { className: 'muted hint', text: 'disciplineAddHint' });
  const name = field('disciplineAddLabel', { name: 'discipline', maxlength: 40, spellcheck: 'false', autocapitalize: 'none' }, hint);
  const error = new FormError();
  const submit = h('button', { text: 'disciplineAdd', attrs: { type: 'submit' } });
  const form: HTMLFormElement = h(
    'form',
    {
      className: 'stack-form',
      attrs: { 'data-testid': 'new-discipline', novalidate: true, 'aria-labelledby': heading.id },
      on: {
        submit: onSubmit(() => {
          error.clear();
          const chosen = cleanDisciplineName(name.input.value);
          if (chosen === undefined) {
            error.show(t('disciplineInvalid'), name.input);
            return;
          }
          whileBusy(form, submit, 'saving', () => ctx.api.addDiscipline(workspace.id, chosen)).then(
            (next) => {
              workspace = next;
              name.input.value = '';
              status.textContent = format('disciplineAdded', { discipline: chosen });
              render();
              added(next);
            },
            (failure: unknown) => error.show(errorText(failure), name.input),
          );
        }),
      },
    },
    name.element,
    error.element,
    submit,
  );
  const element = h('section', { className: 'card', attrs: { 'aria-labelledby': heading.id } }, heading, list, form, status);
  const render = (): void => {
    list.replaceChildren(...workspace.disciplines.map((code) => h('li', { attrs: { 'data-discipline': code } }, disciplineLabel(code))));
  };
  render();
  return { element, destroy: onLanguageChange(render) };
}
