// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { h } from '../dom';
import { onSubmit, whileBusy } from './forms';

describe('onSubmit', () => {
  it('keeps the page, and ignores a second submit while the first is being sent', async () => {
    let sends = 0;
    let release: () => void = () => {};
    const submit = h('button', { attrs: { type: 'submit' } }, 'Save');
    const form: HTMLFormElement = h(
      'form',
      {
        on: {
          submit: onSubmit(() => {
            sends++;
            void whileBusy(form, submit, 'saving', () => new Promise<void>((done) => (release = done)));
          }),
        },
      },
      submit,
    );
    document.body.append(form);
    const first = new Event('submit', { cancelable: true });
    form.dispatchEvent(first);
    expect(first.defaultPrevented).toBe(true);
    form.dispatchEvent(new Event('submit', { cancelable: true })); // Enter pressed again while saving
    expect(sends).toBe(1);
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    form.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(sends).toBe(2);
    form.remove();
  });
});
