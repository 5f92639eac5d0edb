/** Pieces the account forms share: labelled fields, one announced error, a busy submit button. */
import { h, uid } from '../dom';
import { isMessageKey, t, type MessageKey } from '../i18n';

export interface Field {
  readonly element: HTMLElement;
  readonly input: HTMLInputElement;
}

/** A labelled input; `hint` (e.g. the password rule) is tied to it with aria-describedby. */
export function field(
  label: MessageKey,
  attrs: Readonly<Record<string, string | number | boolean | undefined>>,
  hint?: HTMLElement,
): Field {
  const id = uid(String(attrs['name'] ?? 'field'));
  if (hint !== undefined) {
    hint.id = uid('hint');
  }
  const input = h('input', { attrs: { ...attrs, id, 'aria-describedby': hint?.id } });
  const element = h('div', { className: 'field' }, h('label', { text: label, attrs: { for: id } }), input, hint);
  return { element, input };
}

/**
 * The form's error line: `role="alert"`, so that a screen reader says it as soon as it is shown.
 * `show` marks the inputs at fault (aria-invalid, described by the error) and moves focus to the first.
 */
export class FormError {
  readonly element = h('div', { className: 'error', attrs: { role: 'alert', id: uid('form-error') } });
  #marked: HTMLInputElement[] = [];

  clear(): void {
    this.element.replaceChildren();
    for (const input of this.#marked) {
      input.removeAttribute('aria-invalid');
      const described = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id !== '' && id !== this.element.id);
      if (described.length > 0) {
        input.setAttribute('aria-describedby', described.join(' '));
      } else {
        input.removeAttribute('aria-describedby');
      }
    }
    this.#marked = [];
  }

  show(message: string | Node, ...inputs: HTMLInputElement[]): void {
    this.clear();
    this.element.replaceChildren(typeof message === 'string' ? h('p', {}, message) : message);
    for (const input of inputs) {
      input.setAttribute('aria-invalid', 'true');
      const described = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id !== '');
      input.setAttribute('aria-describedby', [...described, this.element.id].join(' '));
    }
    this.#marked = inputs;
    inputs[0]?.focus();
  }
}

/**
 * Runs `request` with `button` disabled and saying `busy` (and the form aria-busy), so that a
 * second press cannot send it twice; restores the button's own label after, whatever happened.
 */
export async function whileBusy<T>(form: HTMLFormElement, button: HTMLButtonElement, busy: MessageKey, request: () => Promise<T>): Promise<T> {
  const idle = button.dataset['i18n'];
  button.disabled = true;
  button.dataset['i18n'] = busy;
  button.textContent = t(busy);
  form.setAttribute('aria-busy', 'true');
  try {
    return await request();
  } finally {
    button.disabled = false;
    form.removeAttribute('aria-busy');
    if (isMessageKey(idle)) {
      button.dataset['i18n'] = idle;
      button.textContent = t(idle);
    }
  }
}

/** The form is being sent: a second submit (Enter pressed twice) is ignored. */
function isBusy(form: HTMLFormElement): boolean {
  return form.getAttribute('aria-busy') === 'true';
}

/**
 * Every form's submit handler: the page does not reload, and a submit while the form is being
 * sent ({@link whileBusy}, Enter pressed twice) is ignored; otherwise `send` runs.
 */
export function onSubmit(send: () => void): (event: Event) => void {
  return (event) => {
    event.preventDefault();
    if (!isBusy(event.currentTarget as HTMLFormElement)) {
      send();
    }
  };
}
