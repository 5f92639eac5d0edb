/**
 * Parts of a screen rebuilt while someone works in them (a live update arrived): the control that
 * had focus — marked with `data-focus-key` — gets it back, with its caret, so that typing goes on.
 */
export function rebuildKeepingFocus(container: HTMLElement, rebuild: () => void): void {
  const active = document.activeElement;
  const key = active instanceof HTMLElement && container.contains(active) ? active.dataset['focusKey'] : undefined;
  const caret =
    active instanceof HTMLTextAreaElement || (active instanceof HTMLInputElement && active.type === 'text')
      ? { start: active.selectionStart, end: active.selectionEnd }
      : undefined;
  rebuild();
  if (key === undefined) {
    return;
  }
  const next = container.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`);
  if (next === null) {
    return;
  }
  next.focus();
  if (caret !== undefined && (next instanceof HTMLTextAreaElement || next instanceof HTMLInputElement)) {
    next.setSelectionRange(caret.start, caret.end);
  }
}
