// Vocabulary rounds and proposals in the browser (issue #7), against the real server: a
// facilitator opens a round on two terms; an annotator and an editor of different disciplines
// answer blind, each seeing who has answered but not what; the reveal shows every answer grouped
// by discipline to everyone at once; the facilitator settles a term (one answer kept, another
// merged) and the glossary has both perspectives. Then an annotator proposes a definition, an
// editor accepts it live, and an observer is offered no control that changes anything.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { joinAsGuest, openBrowser, signInAsFacilitator } from './lib/browser.mjs';
import { join } from 'node:path';
import { ARTIFACTS, CahierServer, until } from './lib/server.mjs';

let server;
let facilitator;
/** Annotator, designer (French). */
let alice;
/** Editor, jurist (English). */
let bruno;
/** Observer, inhabitant (French). */
let noe;
let workspace;
let glossary;
let commun;

const ALICE_COMMUN = 'Ce que l’on prend soin de partager, à plusieurs.';
const BRUNO_COMMUN = 'Bien dont l’usage est régi par une communauté, hors propriété exclusive.';
const ALICE_TIERS = 'Un lieu où l’on fabrique ensemble.';
const BRUNO_TIERS = 'Espace à statut hybride, souvent associatif.';
const MERGED = 'Bien régi par une communauté d’usage, qui en prend soin.';

before(async () => {
  server = await new CahierServer({ name: 'rounds' }).start();
  await server.checkPageRoute('/g/aaaaaaaaaaaaaaaa');
  await server.facilitator();
  workspace = await server.api('POST', '/api/workspaces', { name: 'Atelier des communs' });
  glossary = await server.api('POST', `/api/workspaces/${workspace.id}/glossaries`, { name: 'Lexique des communs' });
  commun = await server.api('POST', `/api/glossaries/${glossary.id}/entries`, {
    term: 'commun',
    status: 'contested',
    definitions: { economist: 'Ressource gérée par une communauté selon ses règles.' },
  });
  facilitator = await openBrowser({ name: 'Camille', locale: 'en-GB' });
  await signInAsFacilitator(facilitator, server);
  alice = await openBrowser({ name: 'Alice', discipline: 'designer', locale: 'fr-FR' });
  bruno = await openBrowser({ name: 'Bruno', discipline: 'jurist', locale: 'en-GB' });
  noe = await openBrowser({ name: 'Noé', discipline: 'inhabitant', locale: 'fr-FR' });
  await joinAsGuest(alice, server, workspace.id, 'annotator');
  await joinAsGuest(bruno, server, workspace.id, 'editor');
  await joinAsGuest(noe, server, workspace.id, 'observer');
});

after(async () => {
  for (const browser of [facilitator, alice, bruno, noe]) {
    await browser?.close();
  }
  await server?.stop();
});

/** Opens the glossary screen and waits until it watches the glossary live. */
async function openGlossary(browser) {
  await browser.page.goto(`${server.url}/g/${glossary.id}`);
  await browser.page.locator('.glossary[data-live=watching]').waitFor({ timeout: 20000 });
  await browser.page.locator('[data-testid=rounds]').waitFor();
}

function navigations(page) {
  return page.evaluate(() => performance.getEntriesByType('navigation').length);
}

/** The round term block of `term` on `page`. */
function roundTerm(page, term) {
  return page.locator(`[data-testid=round-term][data-term="${term}"]`);
}

test('a vocabulary round: blind answers, a live reveal grouped by discipline, a term settled into the glossary', async () => {
  const everyone = [facilitator, alice, bruno, noe];
  for (const browser of everyone) {
    await openGlossary(browser);
  }
  const loaded = await Promise.all(everyone.map((b) => navigations(b.page)));

  // Only the facilitator can open a round.
  assert.equal(await alice.page.locator('[data-testid=open-round]').count(), 0);
  assert.equal(await bruno.page.locator('[data-testid=open-round]').count(), 0);
  const f = facilitator.page;
  await f.getByText('Open a vocabulary round').click();
  const opening = f.getByRole('form', { name: 'Open a vocabulary round' });
  await opening.getByLabel('commun', { exact: true }).check();
  await opening.getByLabel('Other terms (one per line)').fill('tiers-lieu');
  await opening.getByLabel('Prompt (optional)').fill('Définissez chaque terme depuis votre discipline.');
  await opening.getByRole('button', { name: 'Open the round' }).click();

  // The round reaches everyone at once, waiting for the reveal.
  for (const browser of everyone) {
    await roundTerm(browser.page, 'tiers-lieu').waitFor();
  }
  assert.equal(await alice.page.locator('[data-testid=round-state]').first().textContent(), 'En attente de la révélation');
  assert.equal(await bruno.page.locator('[data-testid=round-state]').first().textContent(), 'Waiting for the reveal');
  // The observer follows without an answer box; the facilitator (no discipline) has none either.
  assert.equal(await noe.page.locator('[data-testid=round-answer]').count(), 0);

  // Alice answers both terms.
  await roundTerm(alice.page, 'commun').getByLabel('Votre définition de « commun » (designer)').fill(ALICE_COMMUN);
  await roundTerm(alice.page, 'commun').getByRole('button', { name: 'Envoyer ma réponse' }).click();
  await roundTerm(alice.page, 'commun').locator('[data-testid=round-answered] li[data-discipline=designer]').waitFor();
  await roundTerm(alice.page, 'tiers-lieu').locator('[data-testid=round-answer]').fill(ALICE_TIERS);
  await roundTerm(alice.page, 'tiers-lieu').locator('[data-testid=round-answer-send]').click();

  // Bruno sees that Alice answered (name, discipline), never what she wrote.
  const aliceListed = roundTerm(bruno.page, 'commun').locator('[data-testid=round-answered] li[data-discipline=designer]');
  await aliceListed.waitFor();
  assert.equal(await aliceListed.textContent(), 'Alice (designer)');
  await roundTerm(bruno.page, 'tiers-lieu').locator('[data-testid=round-answered] li[data-discipline=designer]').waitFor();
  for (const text of [ALICE_COMMUN, ALICE_TIERS]) {
    assert.equal(await bruno.page.getByText(text).count(), 0, 'Alice’s words stay hidden until the reveal');
    assert.equal(await noe.page.getByText(text).count(), 0);
    assert.equal(await f.getByText(text).count(), 0);
  }

  // Bruno answers; Alice sees him listed, as a jurist, without his text.
  await roundTerm(bruno.page, 'commun').getByLabel('Your definition of “commun” (jurist)').fill(BRUNO_COMMUN);
  await roundTerm(bruno.page, 'commun').getByRole('button', { name: 'Send my answer' }).click();
  await roundTerm(bruno.page, 'tiers-lieu').locator('[data-testid=round-answer]').fill(BRUNO_TIERS);
  await roundTerm(bruno.page, 'tiers-lieu').locator('[data-testid=round-answer-send]').click();
  const brunoListed = roundTerm(alice.page, 'commun').locator('[data-testid=round-answered] li[data-discipline=jurist]');
  await brunoListed.waitFor();
  assert.equal(await brunoListed.textContent(), 'Bruno (juriste)');
  await roundTerm(alice.page, 'tiers-lieu').locator('[data-testid=round-answered] li[data-discipline=jurist]').waitFor();
  assert.equal(await alice.page.getByText(BRUNO_COMMUN).count(), 0);
  assert.equal(await alice.page.getByText(BRUNO_TIERS).count(), 0);
  // Her own answer is still in her box.
  assert.equal(await roundTerm(alice.page, 'commun').locator('[data-testid=round-answer]').inputValue(), ALICE_COMMUN);
  await roundTerm(f, 'tiers-lieu').locator('[data-testid=round-answered] li[data-discipline=jurist]').waitFor();

  // The reveal: every page shows the answers, grouped by discipline, without a reload.
  await f.getByRole('button', { name: 'Reveal the answers' }).click();
  for (const browser of everyone) {
    const term = roundTerm(browser.page, 'commun');
    await term.locator('[data-testid=round-group][data-discipline=jurist] [data-testid=round-answer-text]', { hasText: BRUNO_COMMUN }).waitFor();
    await term.locator('[data-testid=round-group][data-discipline=designer] [data-testid=round-answer-text]', { hasText: ALICE_COMMUN }).waitFor();
    await roundTerm(browser.page, 'tiers-lieu').locator('[data-testid=round-group][data-discipline=designer]', { hasText: ALICE_TIERS }).waitFor();
  }
  assert.equal(await alice.page.locator('[data-testid=round-state]').first().textContent(), 'Révélé');
  assert.equal(await alice.page.locator('[data-testid=round-answer]').count(), 0, 'no more answers after the reveal');
  // Each reader's own discipline comes first.
  assert.equal(await roundTerm(bruno.page, 'commun').locator('[data-testid=round-group]').first().getAttribute('data-discipline'), 'jurist');
  assert.equal(await roundTerm(alice.page, 'commun').locator('[data-testid=round-group]').first().getAttribute('data-discipline'), 'designer');
  // Only the facilitator settles.
  assert.equal(await bruno.page.locator('[data-testid=round-settle]').count(), 0);
  await roundTerm(f, 'commun').screenshot({ path: join(ARTIFACTS, 'round-revealed.png') });

  // Settle "commun": Alice's words for the designers, a merge for the jurists.
  const settling = roundTerm(f, 'commun');
  await settling.getByLabel('Keep Alice’s answer').check();
  await settling.locator('[data-testid=round-group][data-discipline=jurist]').getByLabel('Merge:').check();
  await settling.getByLabel('Merged text — jurist, “commun”').fill(MERGED);
  await settling.getByRole('button', { name: 'Settle “commun”' }).click();
  await settling.locator('[data-testid=round-term-settled]').waitFor();

  // The glossary now has both perspectives, on every page, live.
  for (const browser of everyone) {
    const entry = browser.page.locator(`article[data-entry="${commun.id}"]`);
    await entry.locator('[data-perspective=designer] [data-testid=definition-text]', { hasText: ALICE_COMMUN }).waitFor();
    await entry.locator('[data-perspective=jurist] [data-testid=definition-text]', { hasText: MERGED }).waitFor();
  }
  const settled = await server.api('GET', `/api/entries/${commun.id}`);
  const byPerspective = Object.fromEntries(settled.definitions.map((d) => [d.perspective, d]));
  assert.equal(byPerspective.designer.text, ALICE_COMMUN);
  assert.equal(byPerspective.designer.author.name, 'Alice', 'a kept answer is attributed to who wrote it');
  assert.equal(byPerspective.jurist.text, MERGED);
  assert.equal(byPerspective.economist.text, 'Ressource gérée par une communauté selon ses règles.');

  await f.getByRole('button', { name: 'Close the round' }).click();
  for (const browser of everyone) {
    await browser.page.locator('[data-testid=round][data-state=closed]').waitFor({ state: 'attached' });
  }
  assert.equal(await alice.page.locator('[data-testid=round][data-state=closed] [data-testid=round-state]').textContent(), 'Clos');
  assert.deepEqual(await Promise.all(everyone.map((b) => navigations(b.page))), loaded, 'nobody reloaded');
});

test('an annotator proposes a definition, an editor accepts it live; an observer has no control that changes anything', async () => {
  for (const browser of [alice, bruno, noe]) {
    await openGlossary(browser);
  }
  const entryOf = (page) => page.locator(`article[data-entry="${commun.id}"]`);
  // The annotator proposes, she does not save.
  assert.equal(await entryOf(alice.page).locator('[data-testid=definition-edit]').count(), 0);
  assert.equal(await alice.page.locator('[data-testid=entry-edit]').count(), 0);
  const economist = entryOf(alice.page).locator('[data-perspective=economist]');
  await economist.getByRole('button', { name: 'Proposer une définition « économiste » de « commun »' }).click();
  const proposedText = 'Ressource partagée dont les règles d’usage sont fixées par ses usagers.';
  await economist.locator('[data-testid=proposal-input]').fill(proposedText);
  await economist.getByLabel('Note pour qui décidera (facultative)').fill('Plus proche d’Ostrom.');
  await economist.getByRole('button', { name: 'Envoyer la proposition' }).click();
  await alice.page.locator('[data-testid=glossary-status]', { hasText: 'Proposition envoyée' }).waitFor();
  assert.equal(
    await economist.locator('[data-testid=definition-text]').textContent(),
    'Ressource gérée par une communauté selon ses règles.',
    'nothing changes before an editor accepts',
  );

  // The editor sees it arrive, beside the current definition, and accepts it.
  const proposal = bruno.page.locator('[data-testid=proposal][data-state=open]');
  await proposal.waitFor();
  assert.equal(await proposal.locator('[data-testid=proposal-text]').textContent(), proposedText);
  assert.equal(await proposal.locator('[data-testid=proposal-current]').textContent(), 'Ressource gérée par une communauté selon ses règles.');
  assert.match(await proposal.textContent(), /Alice/);
  assert.match(await proposal.textContent(), /Plus proche d’Ostrom\./);
  // Everyone sees the proposal; only editors decide.
  await alice.page.locator('[data-testid=proposal][data-state=open]').waitFor();
  assert.equal(await alice.page.locator('[data-testid=proposal-accept]').count(), 0);
  await proposal.getByLabel('Decision note (optional)').fill('Merci !');
  await proposal.getByRole('button', { name: 'Accept the proposal on “commun”' }).click();

  // The proposer's and the observer's pages follow at once.
  for (const browser of [alice, noe, bruno]) {
    await entryOf(browser.page).locator('[data-perspective=economist] [data-testid=definition-text]', { hasText: proposedText }).waitFor();
    await until('the proposal leaving the open list', async () => (await browser.page.locator('[data-testid=proposal][data-state=open]').count()) === 0);
  }
  const economistNow = (await server.api('GET', `/api/entries/${commun.id}`)).definitions.find((d) => d.perspective === 'economist');
  assert.equal(economistNow.author.name, 'Alice', 'attributed to the proposer');
  // The decided ones are a choice away.
  await alice.page.getByLabel('Afficher', { exact: true }).selectOption('accepted');
  await alice.page.locator('[data-testid=proposal][data-state=accepted] [data-testid=proposal-decision]', { hasText: 'Bruno' }).waitFor();

  // An annotator proposes a new term from the glossary screen.
  const form = alice.page.locator('[data-testid=propose-term]');
  await form.getByLabel('Terme').fill('communs numériques');
  await form.getByLabel('Définition proposée').fill('Ressources en ligne produites et gérées ensemble.');
  await form.getByRole('button', { name: 'Envoyer la proposition' }).click();
  await bruno.page.locator('[data-testid=proposal][data-kind=term]', { hasText: 'communs numériques' }).waitFor();

  // The observer reads everything and can change nothing.
  const controls = await noe.page.evaluate(() =>
    [
      'definition-edit',
      'definition-propose',
      'entry-edit',
      'new-entry',
      'propose-term',
      'import-form',
      'attach-document',
      'proposal-accept',
      'proposal-decline',
      'round-answer',
      'open-round',
      'round-reveal',
      'round-settle',
    ].filter((id) => document.querySelector(`[data-testid=${id}]`) !== null),
  );
  assert.deepEqual(controls, []);
  await noe.page.locator('[data-testid=proposal][data-kind=term]', { hasText: 'communs numériques' }).waitFor();
});

test('a facilitator adds an account by email; in the editor, that annotator proposes a term and an observer is offered none', async () => {
  const dana = { email: 'dana@example.org', name: 'Dana Économiste', password: 'a long enough password' };
  await server.createAccount(dana);
  const doc = await server.api('POST', `/api/workspaces/${workspace.id}/documents`, { title: 'Charte des communs', kind: 'note' });
  await server.api('PUT', `/api/glossaries/${glossary.id}/documents/${doc.id}`);

  // The facilitator adds Dana from the members panel; an unknown address is said so.
  const f = facilitator.page;
  await f.goto(`${server.url}/w/${workspace.id}`);
  const add = f.locator('[data-testid=member-add-form]');
  await add.getByLabel('Email address of the account').fill('nobody@example.org');
  await add.getByRole('button', { name: 'Add' }).click();
  await add.getByText('No account has this address: invite this person with a link.').waitFor();
  await add.getByLabel('Email address of the account').fill(dana.email);
  await add.getByLabel('Role').selectOption('annotator');
  await add.getByLabel('Discipline').selectOption('economist');
  await add.getByRole('button', { name: 'Add' }).click();
  await f.locator('[data-testid=members-status]', { hasText: `${dana.name} was added to the workspace.` }).waitFor();
  await f.locator('[data-testid=member]', { hasText: dana.name }).waitFor();

  // The facilitator writes a line the others will read.
  await f.goto(`${server.url}/d/${doc.id}`);
  await f.waitForSelector('[data-testid=editor][data-ready=true] .cm-content');
  await f.locator('.cm-content').click();
  await f.keyboard.type('Le tiers-lieu accueille les biens communs du quartier.');
  await until('the text on the server', async () => (await server.text(doc.id)).includes('quartier'));

  const danaBrowser = await openBrowser({ name: dana.name, locale: 'fr-FR' });
  try {
    const signedIn = await danaBrowser.context.request.post(`${server.url}/api/session`, { data: { email: dana.email, password: dana.password } });
    assert.equal(signedIn.status(), 200);
    const page = danaBrowser.page;
    await page.goto(`${server.url}/d/${doc.id}`);
    await page.waitForSelector('[data-testid=editor][data-ready=true] .cm-content');
    const button = page.locator('[data-testid=add-to-glossary]');
    await page.locator('[data-testid=add-to-glossary]', { hasText: 'Proposer au glossaire' }).waitFor();
    await page.evaluate(() => {
      const view = document.querySelector('.cm-content').cmTile.root.view;
      const from = view.state.doc.toString().indexOf('biens communs');
      view.dispatch({ selection: { anchor: from, head: from + 'biens communs'.length } });
      view.focus();
    });
    await button.click();
    const dialog = page.locator('[data-testid=add-term-dialog]');
    await dialog.waitFor();
    assert.equal(await dialog.locator('[data-testid=entry-term]').inputValue(), 'biens communs');
    assert.equal(await dialog.getByLabel('Discipline de la définition').inputValue(), 'economist', 'her own discipline first');
    await dialog.getByLabel('Définition proposée').fill('Ressources dont l’usage est partagé et réglé ensemble.');
    await dialog.getByRole('button', { name: 'Envoyer la proposition' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-testid=glossary-announce]', { hasText: 'Terme « biens communs » proposé' }).waitFor({ state: 'attached' });
    // The editor has it in the glossary's proposals, without reloading.
    await openGlossary(bruno);
    await bruno.page.locator('[data-testid=proposal][data-kind=term]', { hasText: 'biens communs' }).waitFor();
    assert.match(await bruno.page.locator('[data-testid=proposal][data-kind=term]', { hasText: 'biens communs' }).textContent(), /Dana Économiste/);
  } finally {
    await danaBrowser.close();
  }

  // The observer reads the document's glossary, and is offered neither "add" nor "attach".
  await noe.page.goto(`${server.url}/d/${doc.id}`);
  await noe.page.waitForSelector('[data-testid=editor][data-ready=true] .cm-content');
  await noe.page.locator('[data-testid=glossary-panel] [data-testid=glossary-term]', { hasText: 'commun' }).first().waitFor();
  await until('the observer’s toolbar without "add to glossary"', async () => await noe.page.locator('[data-testid=add-to-glossary]').isHidden());
  assert.equal(await noe.page.locator('[data-testid=glossary-attach-select]').isVisible(), false);
});
