/**
 * The few DOM helpers the screens share. Translated text is marked on the element
 * (`data-i18n`, `data-i18n-attrs`) so that switching language re-translates the page in place,
 * without rebuilding screens (which would tear down a live editor).
 */
import { isMessageKey, t, type MessageKey } from './i18n';

type Child = Node | string | null | undefined | false;

export interface Props {
  className?: string;
  /** Catalogue key of the element's text. */
  text?: MessageKey;
  /** Attributes whose values come from the catalogue (e.g. `aria-label`). */
  i18nAttrs?: Readonly<Record<string, MessageKey>>;
  attrs?: Readonly<Record<string, string | number | boolean | undefined>>;
  on?: { readonly [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className !== undefined) {
    element.className = props.className;
  }
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === true) {
      element.setAttribute(name, '');
    } else if (value !== undefined && value !== false) {
      element.setAttribute(name, String(value));
    }
  }
  if (props.text !== undefined) {
    element.dataset['i18n'] = props.text;
    element.textContent = t(props.text);
  }
  if (props.i18nAttrs !== undefined) {
    element.dataset['i18nAttrs'] = Object.entries(props.i18nAttrs)
      .map(([name, key]) => `${name}=${key}`)
      .join(';');
    translateAttributes(element);
  }
  for (const [event, handler] of Object.entries(props.on ?? {})) {
    element.addEventListener(event, handler as EventListener);
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child);
    }
  }
  return element;
}

function translateAttributes(element: HTMLElement): void {
  for (const pair of (element.dataset['i18nAttrs'] ?? '').split(';')) {
    const [name, key] = pair.split('=');
    if (name && isMessageKey(key)) {
      element.setAttribute(name, t(key));
    }
  }
}

/** Re-translates every marked element under `root`. */
export function translateTree(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = element.dataset['i18n'];
    if (isMessageKey(key)) {
      element.textContent = t(key);
    }
  }
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n-attrs]')) {
    translateAttributes(element);
  }
}

const languageListeners = new Set<() => void>();

/** Runs `listener` after every language switch, until the returned function is called. */
export function onLanguageChange(listener: () => void): () => void {
  languageListeners.add(listener);
  return () => languageListeners.delete(listener);
}

export function notifyLanguageChange(): void {
  for (const listener of [...languageListeners]) {
    listener();
  }
}

let idCounter = 0;
/** A document-unique id for label/aria wiring. */
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
