/**
 * The compare view `/g/{id}/compare`: terms × disciplines with the definitions and the gap notes,
 * filterable by status (`?status=contested` keeps the choice in the address, so a filtered table
 * can be shared or printed), with a print stylesheet that drops the page's chrome. It watches the
 * glossary, so a definition changed anywhere shows here at once.
 */
import { ApiError, ENTRY_STATUSES, type FullGlossary } from '../api';
import { h, onLanguageChange, uid } from '../dom';
import { statusBadge } from '../glossary/card';
import { compareTable, isStatusFilter, type StatusFilter } from '../glossary/compare-table';
import { perspectiveHeading } from '../glossary/card';
import { format, t, type MessageKey } from '../i18n';
import { comparePath, glossaryPath } from '../router';
import { GlossaryWatch, socketUrl } from '../sync/glossary-watch';
import { readerIn, type AppContext, type Screen } from './context';
import { errorText } from './home';

const FILTER_KEYS: Record<StatusFilter, MessageKey> = {
  all: 'filterAll',
  contested: 'filterContested',
  emerging: 'filterEmerging',
  shared: 'filterShared',
};

export function compareScreen(ctx: AppContext, id: string, onNotFound: () => void): Screen {
  const heading = h('h1', { attrs: { tabindex: -1, 'data-testid': 'compare-title' } }, t('loading'));
  const filterId = uid('status-filter');
  const filter = h(
    'select',
    { attrs: { id: filterId, 'data-testid': 'status-filter' } },
    ...(['all', ...ENTRY_STATUSES] as StatusFilter[]).map((s) => h('option', { text: FILTER_KEYS[s], attrs: { value: s } })),
  );
  const initial = new URLSearchParams(location.search).get('status');
  filter.value = isStatusFilter(initial) ? initial : 'all';
  const back = h('a', { text: 'backToGlossary', attrs: { href: glossaryPath(id), 'data-link': true } });
  const print = h('button', { text: 'print', attrs: { type: 'button' }, on: { click: () => window.print() } });
  const error = h('p', { className: 'error', attrs: { role: 'alert', 'data-testid': 'compare-error' } });
  const count = h('p', { className: 'muted', attrs: { role: 'status', 'data-testid': 'compare-count' } });
  const tableHost = h('div', { className: 'compare-wrap', attrs: { 'aria-busy': 'true' } }, h('p', { className: 'muted', text: 'loading' }));
  const element = h(
    'div',
    { className: 'compare-screen' },
    heading,
    h(
      'div',
      { className: 'glossary__actions no-print' },
      back,
      h('label', { text: 'compareFilterLabel', attrs: { for: filterId } }),
      filter,
      print,
    ),
    error,
    count,
    tableHost,
  );

  let glossary: FullGlossary | undefined;
  let destroyed = false;
  let reader: string | undefined;

  const render = (): void => {
    if (glossary === undefined) {
      return;
    }
    heading.textContent = format('compareHeading', { name: glossary.name });
    document.title = `${heading.textContent} — Cahier`;
    const chosen = filter.value as StatusFilter;
    const table = compareTable(glossary.entries, chosen, reader);
    count.textContent = format('compareShown', { shown: table.rows.length, total: glossary.entries.length });
    if (table.rows.length === 0) {
      tableHost.replaceChildren(h('p', { className: 'muted', text: 'compareEmpty' }));
      return;
    }
    tableHost.replaceChildren(
      h(
        'table',
        { className: 'compare', attrs: { 'data-testid': 'compare-table' } },
        h('caption', { text: 'compareCaption' }),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { className: 'compare__term-col', text: 'termLabel', attrs: { scope: 'col' } }),
            h('th', { className: 'compare__status-col', text: 'statusLabel', attrs: { scope: 'col' } }),
            ...table.columns.map((c) =>
              h('th', { className: c === reader ? 'compare__reader' : '', attrs: { scope: 'col', 'data-perspective': c } }, perspectiveHeading(c, c === reader)),
            ),
            h('th', { text: 'gapNoteLabel', attrs: { scope: 'col' } }),
          ),
        ),
        h(
          'tbody',
          {},
          ...table.rows.map((row) =>
            h(
              'tr',
              { attrs: { 'data-entry': row.entry.id, 'data-status': row.entry.status } },
              h(
                'th',
                { attrs: { scope: 'row' } },
                row.entry.term,
                row.entry.aliases.length > 0 ? h('div', { className: 'muted' }, row.entry.aliases.map((a) => a.label).join(' · ')) : null,
              ),
              h('td', {}, statusBadge(row.entry.status)),
              ...row.cells.map((text, i) =>
                h(
                  'td',
                  { className: table.columns[i] === reader ? 'compare__reader' : '' },
                  text === undefined ? h('span', { className: 'muted' }, '—') : text,
                ),
              ),
              h('td', {}, row.entry.gapNote),
            ),
          ),
        ),
      ),
    );
  };

  filter.addEventListener('change', () => {
    const value = filter.value;
    history.replaceState(null, '', value === 'all' ? comparePath(id) : `${comparePath(id)}?status=${encodeURIComponent(value)}`);
    render();
  });
  const stopLanguage = onLanguageChange(render);

  let watch: GlossaryWatch | undefined;
  let seq = 0;
  /** Read the glossary again (it changed): the table follows, the filter stays. */
  const refresh = (): void => {
    const mine = ++seq;
    ctx.api.getGlossary(id).then(
      (loaded) => {
        if (!destroyed && mine === seq) {
          glossary = loaded;
          error.textContent = '';
          render();
        }
      },
      (failure: unknown) => {
        if (!destroyed && mine === seq) {
          error.textContent = errorText(failure);
        }
      },
    );
  };

  ctx.api.getGlossary(id).then(
    async (loaded) => {
      reader = await readerIn(ctx, loaded.workspaceId);
      if (destroyed) {
        return;
      }
      glossary = loaded;
      tableHost.setAttribute('aria-busy', 'false');
      render();
      watch = new GlossaryWatch(
        { glossaryId: id, wsUrl: socketUrl(location) },
        {
          // Rounds and proposals do not show here; whatever else changed, read again.
          changed: (message) => {
            if (message.change !== 'round' && message.change !== 'proposal') {
              refresh();
            }
          },
          resumed: refresh,
          status: (state) => {
            element.dataset['live'] = state;
          },
        },
      );
      watch.start();
    },
    (failure: unknown) => {
      if (destroyed) {
        return;
      }
      if (failure instanceof ApiError && failure.status === 404) {
        onNotFound();
        return;
      }
      heading.textContent = t('appName');
      tableHost.setAttribute('aria-busy', 'false');
      tableHost.replaceChildren(h('button', { text: 'retry', attrs: { type: 'button' }, on: { click: () => ctx.navigate(`${location.pathname}${location.search}`) } }));
      error.textContent = errorText(failure);
    },
  );

  return {
    element,
    heading,
    destroy: () => {
      destroyed = true;
      watch?.close();
      stopLanguage();
    },
  };
}
