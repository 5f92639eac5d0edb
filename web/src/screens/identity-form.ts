/** The form asking the guest's display name and discipline (shown once, then on request). */
import { h, uid } from '../dom';
import { DISCIPLINES, cleanName, disciplineKey, isDiscipline, type Identity } from '../identity';

export function identityForm(current: Identity | undefined, onSave: (identity: Identity) => void): HTMLElement {
  const nameId = uid('identity-name');
  const disciplineId = uid('identity-discipline');
  const name = h('input', {
    attrs: { id: nameId, name: 'name', required: true, maxlength: 80, autocomplete: 'nickname', value: current?.name },
  });
  const discipline = h(
    'select',
    { attrs: { id: disciplineId, name: 'discipline' } },
    ...DISCIPLINES.map((value) =>
      h('option', { text: disciplineKey(value), attrs: { value, selected: current?.discipline === value } }),
    ),
  );
  const heading = h('h2', { text: 'identityHeading', attrs: { id: uid('identity-heading') } });
  const form = h(
    'form',
    {
      className: 'card identity-form',
      attrs: { 'aria-labelledby': heading.id, 'data-testid': 'identity-form' },
      on: {
        submit: (event) => {
          event.preventDefault();
          const clean = cleanName(name.value);
          if (clean === undefined) {
            name.setAttribute('aria-invalid', 'true');
            name.focus();
            return;
          }
          if (isDiscipline(discipline.value)) {
            onSave({ name: clean, discipline: discipline.value });
          }
        },
      },
    },
    heading,
    h('p', { text: 'identityIntro' }),
    h('div', { className: 'field' }, h('label', { text: 'nameLabel', attrs: { for: nameId } }), name),
    h('div', { className: 'field' }, h('label', { text: 'disciplineLabel', attrs: { for: disciplineId } }), discipline),
    h('button', { className: 'primary', text: 'identitySave', attrs: { type: 'submit' } }),
  );
  return form;
}
