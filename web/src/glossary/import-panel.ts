/**
 * CSV import on the glossary screen: the file is first checked by the server without writing
 * anything (dry run), every row shown with its errors; "import" is offered only when no row is
 * bad, and the import itself is all or nothing.
 */
import { ApiError, type Api, type ImportReport } from '../api';
import { h, uid } from '../dom';
import { format, t } from '../i18n';
import { errorText } from '../screens/home';
import { onSubmit } from '../screens/forms';

export function importPanel(api: Api, glossaryId: string, imported: (count: number) => void): HTMLElement {
  const headingId = uid('import-heading');
  const file = h('input', { attrs: { id: uid('csv'), type: 'file', accept: '.csv,text/csv', 'data-testid': 'import-file' } });
  const preview = h('button', { text: 'importPreview', attrs: { type: 'submit', 'data-testid': 'import-preview' } });
  const confirm = h('button', { className: 'primary', text: 'importConfirm', attrs: { type: 'button', hidden: true, 'data-testid': 'import-confirm' } });
  const status = h('p', { attrs: { role: 'status', 'data-testid': 'import-status' } });
  const error = h('p', { className: 'error', attrs: { role: 'alert' } });
  const report = h('div', { attrs: { 'data-testid': 'import-report' } });
  let csv: string | undefined;

  const showReport = (result: ImportReport): void => {
    status.textContent = format('importSummary', { valid: result.valid, invalid: result.invalid });
    report.replaceChildren(
      h(
        'table',
        { className: 'import-report' },
        h('thead', {}, h('tr', {}, h('th', { text: 'importLine', attrs: { scope: 'col' } }), h('th', { text: 'termLabel', attrs: { scope: 'col' } }), h('th', { text: 'importErrors', attrs: { scope: 'col' } }))),
        h(
          'tbody',
          {},
          ...result.rows.map((row) =>
            h(
              'tr',
              { attrs: { 'data-ok': String(row.ok), 'data-line': row.line } },
              h('td', {}, String(row.line)),
              h('td', {}, row.term ?? ''),
              h('td', {}, row.ok ? t('importOk') : (row.errors ?? []).join(' ; ')),
            ),
          ),
        ),
      ),
    );
    confirm.hidden = result.invalid > 0 || result.valid === 0;
    if (result.invalid > 0) {
      error.textContent = t('importBlocked');
    }
  };

  /** A refused import carries its report in the problem (400 with rows). */
  const reportOf = (failure: unknown): ImportReport | undefined => {
    if (failure instanceof ApiError && failure.status === 400 && Array.isArray(failure.problem['rows'])) {
      return failure.problem as unknown as ImportReport;
    }
    return undefined;
  };

  const form = h(
    'form',
    {
      className: 'stack-form',
      attrs: { 'aria-labelledby': headingId, 'data-testid': 'import-form' },
      on: {
        submit: onSubmit(() => {
          error.textContent = '';
          status.textContent = '';
          report.replaceChildren();
          confirm.hidden = true;
          const chosen = file.files?.[0];
          if (chosen === undefined) {
            error.textContent = t('importNoFile');
            file.focus();
            return;
          }
          chosen.text().then((text) => {
            csv = text;
            return api.importCsv(glossaryId, text, true).then(showReport, (failure: unknown) => {
              const refused = reportOf(failure);
              if (refused !== undefined) {
                showReport(refused);
              } else {
                error.textContent = errorText(failure);
              }
            });
          });
        }),
      },
    },
    h('h3', { text: 'importHeading', attrs: { id: headingId } }),
    h('p', { className: 'muted hint', text: 'importHint' }),
    h('div', { className: 'field' }, h('label', { text: 'importFileLabel', attrs: { for: file.id } }), file),
    h('div', { className: 'glossary__actions' }, preview, confirm),
    error,
    status,
    report,
  );
  file.addEventListener('change', () => {
    confirm.hidden = true;
    report.replaceChildren();
    status.textContent = '';
  });
  confirm.addEventListener('click', () => {
    if (csv === undefined) {
      return;
    }
    confirm.disabled = true;
    api.importCsv(glossaryId, csv, false).then(
      (result) => {
        confirm.disabled = false;
        confirm.hidden = true;
        report.replaceChildren();
        status.textContent = format('importDone', { count: result.imported });
        imported(result.imported);
      },
      (failure: unknown) => {
        confirm.disabled = false;
        const refused = reportOf(failure);
        if (refused !== undefined) {
          showReport(refused);
        } else {
          error.textContent = errorText(failure);
        }
      },
    );
  });
  return form;
}
