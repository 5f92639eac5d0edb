// Shared-vocabulary glossaries in the browser: terms highlighted as people type, the card with
// every perspective, live updates from another person, "add to glossary", the glossary screen
// (conflicts, history, import) and the compare view.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { caretAt, editorText, openBrowser, openDocument } from './lib/browser.mjs';
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
  await server.api('PUT', `/api/glossaries/${glossary.id}/documents/${doc.id}`);
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
  await openDocument(bruno, server.url, doc.id);
  const loadedBefore = await alice.page.evaluate(() => performance.getEntriesByType('navigation').length);
  // Bruno (a jurist) rewrites his definition and settles the status, from his own browser.
  await bruno.page.evaluate(async ({ entry }) => {
    const query = new URLSearchParams({ name: 'Bruno', discipline: 'jurist' });
    const put = await fetch(`/api/entries/${entry.id}/definitions/jurist?${query}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ baseVersion: 1, text: 'Droit de tester une compétence nouvelle, par dérogation.' }),
    });
    if (!put.ok) throw new Error(`PUT ${put.status}`);
    const patch = await fetch(`/api/entries/${entry.id}?${query}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ version: entry.version, status: 'shared' }),
    });
    if (!patch.ok) throw new Error(`PATCH ${patch.status}`);
  }, { entry: experimentation });
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
  // Bruno's editor, on the same document, highlights it too (the server told it).
  await bruno.page.locator('.cahier-term[data-status=emerging]', { hasText: 'locale' }).waitFor();
  const entries = (await server.api('GET', `/api/glossaries/${glossary.id}`)).entries;
  const created = entries.find((e) => e.term === 'locale');
  assert.deepEqual(created.definitions.map((d) => [d.perspective, d.text]), [['designer', 'À l’échelle d’un territoire vécu.']]);
});
