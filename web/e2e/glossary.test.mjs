// Shared-vocabulary glossaries in the browser: terms highlighted as people type, the card with
// every perspective, live updates from another person, "add to glossary", the glossary screen
// (conflicts, history, import) and the compare view.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { caretAt, editorText, joinAsGuest, openBrowser, openDocument } from './lib/browser.mjs';
import { CahierServer, until } from './lib/server.mjs';

let server;
let alice;
let bruno;
let doc;
let glossary;
let experimentation;
let usager;

const TYPED = "\n\nL'expérimentation locale réunit des usagers et une designer.";

before(async () => {
  server = await new CahierServer({ name: 'glossary' }).start();
  await server.checkDocumentRoute();
  await server.checkPageRoute('/g/aaaaaaaaaaaaaaaa');
  alice = await openBrowser({ name: 'Alice', discipline: 'designer' });
  bruno = await openBrowser({ name: 'Bruno', discipline: 'jurist', locale: 'en-GB' });

  doc = await server.createDocument('Vocabulaire', 'note');
  glossary = await server.api('POST', `/api/workspaces/${doc.workspaceId}/glossaries`, { name: 'Vocabulaire partagé' });
  experimentation = await server.api('POST', `/api/glossaries/${glossary.id}/entries`, {
    term: 'expérimentation',
    aliases: [{ label: 'experimentation', lang: 'en' }],
    status: 'contested',
    gapNote: 'Un statut juridique pour les uns, un test auprès d’usagers pour les autres.',
    definitions: {
      jurist: 'Dérogation temporaire pour tester une compétence.',
      designer: 'Mise à l’épreuve d’un prototype auprès des usagers.',
      economist: 'Évaluation d’un dispositif contre un groupe témoin.',
    },
  });
  usager = await server.api('POST', `/api/glossaries/${glossary.id}/entries`, {
    term: 'usager',
    status: 'shared',
    gapNote: '',
    definitions: { 'public-agent': 'Personne qui utilise un service public.' },
  });
  await server.api('POST', `/api/glossaries/${glossary.id}/entries`, {
    term: 'commun',
    status: 'contested',
    gapNote: 'Ressource gérée ensemble, ou simple bien public ?',
    definitions: { economist: 'Ressource gérée par une communauté selon ses règles.', inhabitant: 'Ce qui appartient à tout le monde.' },
  });
  await server.api('PUT', `/api/glossaries/${glossary.id}/documents/${doc.id}`);
  // Each reads and writes the glossary from their own discipline: the one they joined with.
  await joinAsGuest(alice, server, doc.workspaceId);
  await joinAsGuest(bruno, server, doc.workspaceId);
});

after(async () => {
  await alice?.close();
  await bruno?.close();
  await server?.stop();
});

/** The marks drawn for an entry, as their texts. */
function marks(page, entryId) {
  return page.locator(`.cahier-term[data-entry="${entryId}"]`).allTextContents();
}

/** Selects the first occurrence of `words` in the editor, through the view (as a mouse drag would). */
async function select(page, words) {
  await page.evaluate((wanted) => {
    const view = document.querySelector('.cm-content').cmTile.root.view;
    const from = view.state.doc.toString().indexOf(wanted);
    view.dispatch({ selection: { anchor: from, head: from + wanted.length } });
    view.focus();
  }, words);
}

test('an attached glossary highlights its terms as people type, elided and plural forms included', async () => {
  await openDocument(alice, server.url, doc.id);
  await caretAt(alice.page, 'end');
  await alice.page.keyboard.type(TYPED, { delay: 5 });
  await until('the typed text on the server', async () => (await server.text(doc.id)).endsWith(TYPED));

  await until('two highlighted terms', async () => (await marks(alice.page, experimentation.id)).length === 1 && (await marks(alice.page, usager.id)).length === 1);
  assert.deepEqual(await marks(alice.page, experimentation.id), ['expérimentation']);
  assert.deepEqual(await marks(alice.page, usager.id), ['usagers']);
  assert.equal(await alice.page.locator(`.cahier-term[data-entry="${experimentation.id}"]`).getAttribute('data-status'), 'contested');
  assert.equal(await alice.page.locator(`.cahier-term[data-entry="${usager.id}"]`).getAttribute('data-status'), 'shared');
  // "designer" is in no glossary: not highlighted.
  assert.equal(await alice.page.locator('.cahier-term').count(), 2);

  // The side panel counts them, and typing one more updates the count.
  const panelTerm = alice.page.locator(`[data-testid=glossary-term][data-entry="${experimentation.id}"]`);
  await until('count 1', async () => (await panelTerm.getAttribute('data-count')) === '1');
  await alice.page.keyboard.type(' Deux expérimentations.', { delay: 5 });
  await until('count 2', async () => (await panelTerm.getAttribute('data-count')) === '2');
  assert.deepEqual(await marks(alice.page, experimentation.id), ['expérimentation', 'expérimentations']);

  // Enter on the panel's term jumps to the next occurrence and selects it.
  await panelTerm.focus();
  await alice.page.keyboard.press('Enter');
  const selected = await alice.page.evaluate(() => {
    const view = document.querySelector('.cm-content').cmTile.root.view;
    const { from, to } = view.state.selection.main;
    return view.state.sliceDoc(from, to);
  });
  assert.match(selected, /^expérimentations?$/);
});

test('hovering an occurrence shows every perspective, the reader’s first, with the status and the gap', async () => {
  await alice.page.mouse.move(0, 0);
  await alice.page.locator(`.cahier-term[data-entry="${experimentation.id}"]`).first().hover();
  const card = alice.page.locator('[data-testid=term-card]');
  await card.waitFor();
  assert.equal(await card.getAttribute('role'), 'tooltip');
  const perspectives = await card.locator('.term-card__perspective').evaluateAll((els) => els.map((el) => el.dataset.perspective));
  assert.deepEqual(perspectives, ['designer', 'jurist', 'economist']);
  const text = await card.textContent();
  assert.match(text, /designer \(vous\)/);
  assert.match(text, /Dérogation temporaire pour tester une compétence\./);
  assert.match(text, /Mise à l’épreuve d’un prototype auprès des usagers\./);
  assert.match(text, /Évaluation d’un dispositif contre un groupe témoin\./);
  assert.match(text, /contesté/);
  assert.equal(await card.locator('[data-testid=term-card-gap]').textContent(), 'Un statut juridique pour les uns, un test auprès d’usagers pour les autres.');
  await alice.page.mouse.move(0, 0);
  await card.waitFor({ state: 'detached' });

  // From the keyboard: caret on a term, F2 opens the card, Escape closes it.
  await select(alice.page, 'usagers');
  await alice.page.keyboard.press('ArrowLeft');
  await alice.page.keyboard.press('F2');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-entry'), usager.id);
  assert.match(await card.textContent(), /agent public/);
  assert.match(await card.textContent(), /designer \(vous\)\s*Pas encore de définition\./);
  await alice.page.keyboard.press('Escape');
  await card.waitFor({ state: 'detached' });
});

test('a definition and a status changed in a second browser update the first without a reload', async () => {
  const loadedBefore = await alice.page.evaluate(() => performance.getEntriesByType('navigation').length);
  // Bruno (a jurist) rewrites his definition on the glossary screen, in his own browser.
  await bruno.page.goto(`${server.url}/g/${glossary.id}`);
  const entry = bruno.page.locator(`article[data-entry="${experimentation.id}"]`);
  await entry.waitFor();
  // His own perspective comes first on every entry.
  assert.equal(await entry.locator('[data-testid=perspective]').first().getAttribute('data-perspective'), 'jurist');
  const jurist = entry.locator('[data-perspective=jurist]');
  await jurist.locator('[data-testid=definition-edit]').click();
  await jurist.locator('[data-testid=definition-input]').fill('Droit de tester une compétence nouvelle, par dérogation.');
  await jurist.getByRole('button', { name: 'Save' }).click();
  await jurist.locator('[data-testid=definition-text]', { hasText: 'Droit de tester' }).waitFor();
  // ...and settles the status.
  await entry.locator('[data-testid=entry-edit]').click();
  const form = bruno.page.locator(`form[data-entry="${experimentation.id}"]`);
  await form.locator('[data-testid=entry-status]').selectOption('shared');
  await form.getByRole('button', { name: 'Save' }).click();
  await bruno.page.locator(`article[data-entry="${experimentation.id}"] .term-status[data-status=shared]`).waitFor();
  await until('the new status on Alice’s highlights', async () =>
    (await alice.page.locator(`.cahier-term[data-entry="${experimentation.id}"]`).evaluateAll((els) => els.map((el) => el.dataset.status))).join() === 'shared,shared');
  await until('the new definition on Alice’s card', async () => {
    await alice.page.mouse.move(0, 0);
    await alice.page.locator(`.cahier-term[data-entry="${experimentation.id}"]`).first().hover();
    const card = alice.page.locator('[data-testid=term-card]');
    await card.waitFor({ timeout: 2000 });
    return /Droit de tester une compétence nouvelle, par dérogation\./.test(await card.textContent());
  });
  assert.equal(await alice.page.evaluate(() => performance.getEntriesByType('navigation').length), loadedBefore);
  assert.ok((await editorText(alice.page)).endsWith('Deux expérimentations.'));
});

test('a discipline the workspace added can give its definition on the glossary screen', async () => {
  await server.api('POST', `/api/workspaces/${doc.workspaceId}/disciplines`, { name: 'urbaniste' });
  await bruno.page.goto(`${server.url}/g/${glossary.id}`);
  const entry = bruno.page.locator(`article[data-entry="${experimentation.id}"]`);
  await entry.waitFor();
  const offered = await entry.locator('[data-testid=add-perspective-select] option').evaluateAll((els) => els.map((el) => el.value));
  assert.ok(offered.includes('urbaniste'), `offered: ${offered.join(', ')}`);
  // A first definition with no words is not saved: there is nothing to stand beside the others.
  await entry.locator('[data-testid=add-perspective-select]').selectOption('urbaniste');
  await entry.getByRole('button', { name: 'Add', exact: true }).click();
  const urbaniste = entry.locator('[data-perspective=urbaniste]');
  await urbaniste.getByRole('button', { name: 'Save' }).click();
  await urbaniste.getByText('Write the definition before saving it.').waitFor();
  const saved = (await server.api('GET', `/api/entries/${experimentation.id}`)).definitions.map((d) => d.perspective);
  assert.ok(!saved.includes('urbaniste'), `saved: ${saved.join(', ')}`);
});

test('selecting words offers "add to glossary", and the new term is highlighted at once', async () => {
  await alice.page.mouse.move(0, 0);
  await select(alice.page, 'locale');
  const add = alice.page.locator('[data-testid=add-to-glossary]');
  assert.equal(await add.getAttribute('aria-disabled'), 'false');
  await add.click();
  const dialog = alice.page.locator('[data-testid=add-term-dialog]');
  await dialog.waitFor();
  assert.equal(await dialog.locator('[data-testid=entry-term]').inputValue(), 'locale');
  await dialog.locator('[data-testid=add-term-definition]').fill('À l’échelle d’un territoire vécu.');
  await dialog.locator('[data-testid=entry-status]').selectOption('emerging');
  await dialog.getByRole('button', { name: 'Ajouter au glossaire' }).click();
  await dialog.waitFor({ state: 'detached' });
  const mark = alice.page.locator('.cahier-term[data-status=emerging]');
  await mark.waitFor();
  assert.equal(await mark.textContent(), 'locale');
  // Someone else's editor, on the same document, highlights it too (the server told it).
  await openDocument(bruno, server.url, doc.id);
  await bruno.page.locator('.cahier-term[data-status=emerging]', { hasText: 'locale' }).waitFor();
  const entries = (await server.api('GET', `/api/glossaries/${glossary.id}`)).entries;
  const created = entries.find((e) => e.term === 'locale');
  assert.deepEqual(created.definitions.map((d) => [d.perspective, d.text]), [['designer', 'À l’échelle d’un territoire vécu.']]);
});

test('two people saving the same definition: the second sees the first’s text beside theirs and loses nothing', async () => {
  await alice.page.goto(`${server.url}/g/${glossary.id}`);
  await bruno.page.goto(`${server.url}/g/${glossary.id}`);
  const designerOf = (page) => page.locator(`article[data-entry="${experimentation.id}"] [data-perspective=economist]`);
  // Both start from the economist's definition of "expérimentation" at version 1.
  await designerOf(alice.page).locator('[data-testid=definition-edit]').click();
  await designerOf(bruno.page).locator('[data-testid=definition-edit]').click();
  await designerOf(bruno.page).locator('[data-testid=definition-input]').fill('Personne pour qui l’on conçoit.');
  assert.equal(await designerOf(alice.page).locator('[data-testid=definition-input]').inputValue(), 'Évaluation d’un dispositif contre un groupe témoin.');
  await designerOf(bruno.page).getByRole('button', { name: 'Save' }).click();
  await designerOf(bruno.page).locator('[data-testid=definition-text]').waitFor();

  const mine = 'Celui ou celle qui vit le service au quotidien.';
  await designerOf(alice.page).locator('[data-testid=definition-input]').fill(mine);
  await designerOf(alice.page).getByRole('button', { name: 'Enregistrer' }).click();
  const conflict = designerOf(alice.page).locator('[data-testid=definition-conflict]');
  await conflict.getByText('Quelqu’un a enregistré entre-temps').waitFor();
  assert.equal(await conflict.locator('[data-testid=definition-theirs]').textContent(), 'Personne pour qui l’on conçoit.');
  assert.equal(await designerOf(alice.page).locator('[data-testid=definition-input]').inputValue(), mine);
  await conflict.getByRole('button', { name: 'Garder les deux textes' }).click();
  await designerOf(alice.page).getByRole('button', { name: 'Enregistrer' }).click();
  await designerOf(alice.page).locator('[data-testid=definition-text]').waitFor();
  const saved = (await server.api('GET', `/api/entries/${experimentation.id}`)).definitions.find((d) => d.perspective === 'economist');
  assert.equal(saved.version, 3);
  assert.equal(saved.text, `Personne pour qui l’on conçoit.\n\n${mine}`);

  // The history lists both versions, and the first one can be restored.
  await designerOf(alice.page).locator('[data-testid=definition-history]').click();
  const history = designerOf(alice.page).locator('[data-testid=history]');
  await history.locator('li[data-version="1"]').waitFor();
  assert.equal(await history.locator('li').count(), 3);
  await history.locator('li[data-version="1"] [data-testid=restore]').click();
  await until('the restored text', async () =>
    (await designerOf(alice.page).locator('[data-testid=definition-text]').textContent()) === 'Évaluation d’un dispositif contre un groupe témoin.');
  const restored = (await server.api('GET', `/api/entries/${experimentation.id}/definitions/economist/history`))[0];
  assert.deepEqual([restored.version, restored.restoredFrom], [4, 1]);
});

test('a CSV import is previewed with its bad rows, and imports nothing until every row is right', async () => {
  const page = alice.page;
  await page.goto(`${server.url}/g/${glossary.id}`);
  await page.locator('[data-testid=import-file]').waitFor();
  const bad = 'term,status,definition:jurist\ncitoyenneté,shared,Lien juridique à un État.\nusager,emerging,Doublon\n';
  await page.locator('[data-testid=import-file]').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.locator('[data-testid=import-preview]').click();
  const report = page.locator('[data-testid=import-report]');
  await report.locator('tr[data-ok=false]').waitFor();
  assert.equal(await report.locator('tr[data-ok=true]').count(), 1);
  assert.match(await report.locator('tr[data-ok=false]').textContent(), /usager/);
  assert.equal(await page.locator('[data-testid=import-confirm]').isHidden(), true);
  const before = (await server.api('GET', `/api/glossaries/${glossary.id}`)).entries.length;

  const good = 'term,status,definition:jurist\ncitoyenneté,shared,Lien juridique à un État.\n';
  await page.locator('[data-testid=import-file]').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.locator('[data-testid=import-preview]').click();
  await report.locator('tr[data-ok=true]').waitFor();
  assert.equal((await server.api('GET', `/api/glossaries/${glossary.id}`)).entries.length, before, 'the preview writes nothing');
  await page.locator('[data-testid=import-confirm]').click();
  await page.locator('[data-testid=import-status]', { hasText: '1 terme(s) importé(s).' }).waitFor();
  await page.locator('article[data-testid=entry]', { hasText: 'citoyenneté' }).waitFor();
  assert.equal((await server.api('GET', `/api/glossaries/${glossary.id}`)).entries.length, before + 1);

  // The export links download with the right format.
  const markdown = await page.locator('[data-testid=export-markdown]').getAttribute('href');
  const exported = await page.evaluate(async (href) => (await fetch(href)).text(), markdown);
  assert.match(exported, /citoyenneté/);
  assert.match(await page.locator('[data-testid=export-skos]').getAttribute('href'), /format=skos/);
});

test('the compare view shows terms × disciplines and filters the contested terms', async () => {
  const page = alice.page;
  await page.goto(`${server.url}/g/${glossary.id}`);
  await page.locator('[data-testid=compare-link]').click();
  await page.waitForURL(/\/compare$/);
  const table = page.locator('[data-testid=compare-table]');
  await table.waitFor();
  const columns = await table.locator('thead th[data-perspective]').evaluateAll((els) => els.map((el) => el.dataset.perspective));
  assert.equal(columns[0], 'designer', 'the reader’s discipline first');
  assert.ok(columns.includes('economist') && columns.includes('inhabitant') && columns.includes('jurist'));
  const all = await table.locator('tbody tr').count();
  assert.ok(all >= 4);
  assert.match(await table.locator('tbody tr', { hasText: 'commun' }).textContent(), /Ressource gérée ensemble, ou simple bien public \?/);

  await page.getByLabel('Afficher').selectOption('contested');
  await until('only contested terms', async () => (await table.locator('tbody tr').count()) < all);
  const statuses = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.status));
  assert.ok(statuses.length >= 1 && statuses.every((s) => s === 'contested'), JSON.stringify(statuses));
  assert.deepEqual(await table.locator('tbody th[scope=row]').allTextContents(), ['commun']);
  assert.match(page.url(), /\?status=contested$/);
  // The filter survives a reload (it is in the address), and print hides the page's chrome.
  await page.reload();
  await table.waitFor();
  assert.equal(await table.locator('tbody tr').count(), 1);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.topbar').isVisible(), false);
  assert.equal(await page.locator('[data-testid=status-filter]').isVisible(), false);
  assert.equal(await table.isVisible(), true);
  await page.emulateMedia({ media: 'screen' });
});

test('an unknown glossary shows "not found"', async () => {
  await alice.page.goto(`${server.url}/g/zzzzzzzzzzzzzzzz`);
  await alice.page.locator('[data-testid=not-found]', { hasText: 'Glossaire introuvable' }).waitFor();
});

test('the workspace page lists its glossaries and creates one; every control of the glossary screen is labelled', async () => {
  const page = alice.page;
  const workspace = (await server.api('GET', '/api/workspaces')).find((w) => w.id === doc.workspaceId);
  await page.goto(server.url);
  await page.locator('[data-testid=workspaces]').getByRole('link', { name: workspace.name }).click();
  await page.waitForURL(`${server.url}/w/${workspace.id}`);
  const list = page.locator('[data-testid=glossaries]');
  await list.getByRole('link', { name: 'Vocabulaire partagé' }).waitFor();
  await page.getByLabel('Nom du glossaire').fill('Lexique juridique');
  await page.getByRole('button', { name: 'Créer le glossaire' }).click();
  await page.waitForURL(/\/g\/[a-z0-9]{16}$/);
  await page.locator('[data-testid=glossary-title]', { hasText: 'Lexique juridique' }).waitFor();
  await page.locator('[data-testid=entries]', { hasText: 'Aucun terme pour l’instant.' }).waitFor();

  // Attach it to the document from the glossary screen: the document's panel shows it.
  await page.getByLabel('Document de l’espace').selectOption(doc.id);
  await page.locator('[data-testid=attach-document]').click();
  await page.locator('[data-testid=attached-documents] li[data-document]').waitFor();

  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('main input, main select, main textarea, main button')]
      .filter((el) => !(el.labels?.length > 0 || el.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.textContent.trim())))
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(unlabelled, []);
  // Focus is visible on the screen's controls.
  await page.locator('[data-testid=new-entry] [data-testid=entry-term]').focus();
  const outline = await page.locator('[data-testid=new-entry] [data-testid=entry-term]').evaluate((el) => getComputedStyle(el).outlineStyle);
  assert.notEqual(outline, 'none');

  // A term added leaves a blank form, focused, for the next; the same term again is refused.
  const term = page.locator('[data-testid=new-entry] [data-testid=entry-term]');
  await term.fill('dérogation');
  await page.getByRole('button', { name: 'Ajouter le terme' }).click();
  await page.locator('[data-testid=entries] article[data-entry]', { hasText: 'dérogation' }).waitFor();
  await until('a blank form for the next term', async () => (await term.inputValue()) === '' && (await term.evaluate((el) => el === document.activeElement)));
  await term.fill('Dérogation');
  await page.getByRole('button', { name: 'Ajouter le terme' }).click();
  await page.locator('[data-testid=new-entry]', { hasText: '« Dérogation » est déjà dans ce glossaire' }).waitFor();
  assert.equal(await page.locator('[data-testid=entries] article[data-entry]').count(), 1);

  await openDocument(alice, server.url, doc.id);
  await alice.page.locator('[data-testid=glossary-panel] h3', { hasText: 'Lexique juridique' }).waitFor();
});
