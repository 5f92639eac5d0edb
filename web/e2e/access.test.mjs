// Workspace access in the browser (accounts issue #6, step 2): a facilitator signs in, creates a
// workspace, a document and an invitation link through the pages; a guest opens the link in their
// own browser, gives a name and a discipline, joins and co-edits; an observer joins from another
// link and cannot type until the facilitator makes them an editor; the facilitator removes the
// guest, whose editor says the access is gone.
//
// Against the real server's access contract (roles, invitations, guest sessions, close 4003).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { caretAt, converged, editorText, openBrowser, openDocument } from './lib/browser.mjs';
import { CahierServer, FACILITATOR, until } from './lib/server.mjs';

let server;
/** The facilitator's browser (English), the guest editor's (French), the observer's (English). */
let facilitator;
let guest;
let observer;
let workspaceUrl;
let documentId;
let observerLink;

before(async () => {
  server = await new CahierServer({ name: 'access' }).start();
  await server.checkPageRoute(`/i/${'a'.repeat(43)}`);
  await server.checkPageRoute('/w/aaaaaaaaaaaaaaaa');
  await server.setUp(FACILITATOR);
  facilitator = await openBrowser({ name: FACILITATOR.name, locale: 'en-US' });
  guest = await openBrowser({ name: 'Lou', locale: 'fr-FR' });
  observer = await openBrowser({ name: 'Noé', locale: 'en-GB' });
});

after(async () => {
  await facilitator?.close();
  await guest?.close();
  await observer?.close();
  await server?.stop();
});

/** Creates an invitation from the workspace page's form and returns the link it shows once. */
async function createInvitation(page, { role, label, days, uses }) {
  const form = page.locator('[data-testid=new-invitation]');
  await form.getByLabel('Role', { exact: true }).selectOption(role);
  await form.getByLabel('Label (optional)').fill(label);
  await form.getByLabel('Valid for').fill(String(days));
  await form.getByLabel('Unit of time').selectOption('days');
  await form.getByLabel('Uses at most').fill(String(uses));
  await form.getByRole('button', { name: 'Create the link' }).click();
  const shown = page.locator('[data-testid=invitation-created]');
  await shown.getByText('Copy this link now: it will never be shown again.').waitFor();
  const link = await shown.locator('[data-testid=invitation-link]').inputValue();
  assert.match(new URL(link).pathname, /^\/i\/[A-Za-z0-9_-]{43}$/, link);
  await page.locator('[data-testid=invitation]', { hasText: label }).waitFor();
  return link;
}

/** The link names the server's public URL (localhost); the test reaches the server at 127.0.0.1. */
function here(link) {
  return `${server.url}${new URL(link).pathname}`;
}

test('a facilitator creates a workspace and an invitation; a guest joins from the link and co-edits', async () => {
  const p = facilitator.page;
  await p.goto(`${server.url}/signin`);
  await p.getByLabel('Email address').fill(FACILITATOR.email);
  await p.getByLabel('Password').fill(FACILITATOR.password);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByRole('heading', { name: 'Workspaces' }).waitFor();

  await p.getByLabel('Name of the new workspace').fill('Atelier Lorient');
  await p.getByRole('button', { name: 'Create the workspace' }).click();
  await p.waitForURL(/\/w\/[a-z0-9]{16}$/);
  workspaceUrl = p.url();
  await p.getByRole('heading', { name: 'Atelier Lorient', exact: true }).waitFor();
  await p.getByLabel('Title').fill('Charte de l’atelier');
  await p.getByLabel('Kind').selectOption('note');
  await p.getByRole('button', { name: 'Create the document' }).click();
  await p.waitForURL(/\/d\/[a-z0-9]{16}$/);
  documentId = new URL(p.url()).pathname.split('/').pop();
  await p.locator('[data-testid=workspace-link]').click();
  await p.waitForURL(workspaceUrl);

  await facilitator.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const link = await createInvitation(p, { role: 'editor', label: 'Atelier du jeudi', days: 2, uses: 5 });
  await p.locator('[data-testid=invitation-copy]').click();
  await p.locator('[data-testid=invitation-copied]', { hasText: 'Link copied.' }).waitFor();
  assert.equal(await p.evaluate(() => navigator.clipboard.readText()), link);
  const listed = p.locator('[data-testid=invitation]', { hasText: 'Atelier du jeudi' });
  assert.match(await listed.textContent(), /editor\s*active\s*0 \/ 5 uses/);

  // The guest, in a browser of their own: what the link invites to, then a name and a discipline.
  const g = guest.page;
  await g.goto(here(link));
  await g.getByRole('heading', { name: 'Rejoindre « Atelier Lorient »' }).waitFor();
  await g.getByText('Vous êtes invité·e comme éditeur·rice.').waitFor();
  const disciplines = await g.getByLabel('Discipline').locator('option').allTextContents();
  assert.deepEqual(disciplines, ['— choisir —', 'designer', 'juriste', 'économiste', 'agent public', 'chercheur·e', 'habitant·e']);
  await g.getByRole('button', { name: 'Rejoindre' }).click();
  await g.getByRole('alert').filter({ hasText: 'Saisissez un nom' }).waitFor();
  await g.getByLabel('Nom affiché').fill('Lou');
  await g.getByRole('button', { name: 'Rejoindre' }).click();
  await g.getByRole('alert').filter({ hasText: 'Choisissez une discipline.' }).waitFor();
  await g.getByLabel('Discipline').selectOption('jurist');
  await g.getByRole('button', { name: 'Rejoindre' }).click();
  await g.waitForURL(workspaceUrl);
  await g.locator('[data-testid=guest]', { hasText: 'Lou (invité·e)' }).waitFor();
  await g.locator('[data-testid=workspace-role]', { hasText: 'Votre rôle : éditeur·rice · Votre discipline : juriste' }).waitFor();
  // An editor creates documents but does not manage the workspace.
  assert.equal(await g.locator('[data-testid=new-document]').count(), 1);
  assert.equal(await g.locator('[data-testid=new-invitation]').count(), 0);
  assert.equal(await g.locator('[data-testid=member-role-select]').count(), 0);
  await g.locator('[data-testid=documents]').getByRole('link', { name: 'Charte de l’atelier' }).click();
  await g.waitForSelector('[data-testid=editor][data-ready=true] .cm-content');

  await openDocument(facilitator, server.url, documentId);
  await caretAt(p, 'end');
  await p.keyboard.type('# Charte', { delay: 5 });
  await converged(server, documentId, [facilitator, guest]);
  await caretAt(p, 'end');
  await caretAt(g, 'start');
  const fromFacilitator = '\nCamille ouvre l’atelier.';
  const fromGuest = 'Lou écrit en même temps. ';
  await Promise.all([p.keyboard.type(fromFacilitator, { delay: 10 }), g.keyboard.type(fromGuest, { delay: 10 })]);
  const text = await converged(server, documentId, [facilitator, guest]);
  assert.equal(text, `${fromGuest}# Charte${fromFacilitator}`);
  assert.match(await p.locator('[data-testid=participants]').textContent(), /Lou\s*jurist · editor/);
  assert.match(await g.locator('[data-testid=participants]').textContent(), /Camille Animatrice\s*sans discipline · animateur·rice/);
  assert.equal(await g.locator('[data-testid=read-only]').isVisible(), false);
});

test('an observer joins from a second link and cannot type', async () => {
  const p = facilitator.page;
  await p.goto(workspaceUrl);
  observerLink = await createInvitation(p, { role: 'observer', label: 'Observateurs', days: 1, uses: 10 });

  const o = observer.page;
  await o.goto(here(observerLink));
  await o.getByRole('heading', { name: 'Join “Atelier Lorient”' }).waitFor();
  await o.getByText('You are invited as observer.').waitFor();
  await o.getByLabel('Display name').fill('Noé');
  await o.getByLabel('Discipline').selectOption('inhabitant');
  await o.getByRole('button', { name: 'Join' }).click();
  await o.waitForURL(workspaceUrl);
  // An observer reads: no document to create, the members read-only, the journal readable.
  await o.locator('[data-testid=members] [data-testid=member]', { hasText: 'Lou' }).waitFor();
  assert.equal(await o.locator('[data-testid=new-document]').count(), 0);
  assert.equal(await o.locator('[data-testid=member-role-select]').count(), 0);
  await o.locator('[data-testid=journal-entry]', { hasText: 'Lou joined from an invitation, as editor (jurist).' }).waitFor();

  await o.locator('[data-testid=documents]').getByRole('link', { name: 'Charte de l’atelier' }).click();
  await o.waitForSelector('[data-testid=editor][data-ready=true] .cm-content');
  await o.locator('[data-testid=read-only]', { hasText: 'Read-only — you are an observer' }).waitFor();
  assert.equal(await o.locator('.cm-content').getAttribute('contenteditable'), 'false');
  assert.equal(await o.locator('.cm-content').getAttribute('tabindex'), '0', 'the text is reachable by keyboard');
  await openDocument(facilitator, server.url, documentId);
  await converged(server, documentId, [facilitator, guest, observer]);
  const before = await server.text(documentId);

  await o.locator('.cm-content').click();
  await o.keyboard.type('Noé tape ici', { delay: 5 });
  await o.keyboard.press('Enter');
  await o.keyboard.press('Backspace');
  // A change from someone who may edit arrives after the observer's keys: once it shows, any
  // edit the observer could have made would have shown too.
  await caretAt(facilitator.page, 'end');
  await facilitator.page.keyboard.type(' Fin.', { delay: 5 });
  const after = await converged(server, documentId, [facilitator, guest, observer]);
  assert.equal(after, `${before} Fin.`);
  assert.ok(!(await editorText(o)).includes('Noé tape'), 'the observer’s typing changed nothing');
  await facilitator.page.locator('[data-testid=participants]', { hasText: /Noé\s*inhabitant · observer/ }).waitFor();
});

test('a role changed in the members list applies at once to an open document', async () => {
  const p = facilitator.page;
  await p.goto(workspaceUrl);
  const noe = p.locator('[data-testid=member]', { hasText: 'Noé' });
  await noe.getByLabel('Role of Noé').selectOption('editor');
  await p.locator('[data-testid=members-status]', { hasText: 'Noé is now editor.' }).waitFor();
  // The server closed Noé's connection (4003); it came back with the new role, without a reload.
  const o = observer.page;
  await o.locator('[data-testid=read-only]').waitFor({ state: 'hidden' });
  await until('Noé’s editor accepts typing', async () => (await o.locator('.cm-content').getAttribute('contenteditable')) === 'true');
  await caretAt(o, 'end');
  await o.keyboard.type(' Noé.', { delay: 5 });
  await until('Noé’s text on the server', async () => (await server.text(documentId)).endsWith(' Fin. Noé.'));
  await p.locator('[data-testid=journal-entry]', { hasText: 'Camille Animatrice changed the role of Noé: observer → editor.' }).waitFor();
});

test('the facilitator removes the guest editor, whose editor says the access was removed', async () => {
  const p = facilitator.page;
  await p.goto(workspaceUrl);
  const lou = p.locator('[data-testid=member]', { hasText: 'Lou' });
  await lou.getByRole('button', { name: 'Remove Lou from the workspace' }).click();
  await lou.getByText('Remove Lou from the workspace? Their connections to the documents will be closed.').waitFor();
  await lou.getByRole('button', { name: 'Yes, remove' }).click();
  await p.locator('[data-testid=members-status]', { hasText: 'Lou was removed from the workspace.' }).waitFor();
  await lou.waitFor({ state: 'detached' });

  const g = guest.page;
  await g.locator('[data-testid=document-error]', { hasText: 'Votre accès à cet espace de travail a été retiré.' }).waitFor({ timeout: 15000 });
  assert.equal(await g.locator('.cm-content').getAttribute('contenteditable'), 'false');
  // The page stops there: no reconnection loop.
  await until('the guest’s page settles offline', async () => (await g.locator('[data-testid=connection-status]').getAttribute('data-status')) === 'offline');

  await p.locator('[data-testid=journal-entry]', { hasText: 'Camille Animatrice removed Lou from the workspace.' }).waitFor();
  await p.locator('[data-testid=invitation]', { hasText: 'Atelier du jeudi' }).filter({ hasText: '1 / 5 uses' }).waitFor();
});

test('a revoked link and an unknown one each say why they cannot be used', async () => {
  const p = facilitator.page;
  await p.goto(workspaceUrl);
  await p.getByRole('button', { name: 'Revoke the invitation “Observateurs”' }).click();
  await p.locator('[data-testid=invitation]', { hasText: 'Observateurs' }).filter({ hasText: 'revoked' }).waitFor();
  await p.locator('[data-testid=journal-entry]', { hasText: 'Camille Animatrice revoked an invitation.' }).waitFor();

  const o = observer.page;
  await o.goto(here(observerLink));
  await o.getByRole('heading', { name: 'Invitation link no longer valid' }).waitFor();
  await o.getByText(/The server says: .*revoked/).waitFor();
  await o.goto(`${server.url}/i/${'x'.repeat(43)}`);
  await o.getByRole('heading', { name: 'Unknown invitation link' }).waitFor();
});

test('an archived document opens read-only, for its facilitator too', async () => {
  const archivedDoc = await server.createDocument('Compte rendu archivé', 'paper');
  await server.api('PATCH', `/api/documents/${archivedDoc.id}`, { archived: true });
  const before = await server.text(archivedDoc.id);
  const p = facilitator.page;
  await openDocument(facilitator, server.url, archivedDoc.id);
  await p.locator('[data-testid=document-error]', { hasText: 'This document is archived: it is read-only.' }).waitFor();
  assert.equal(await p.locator('.cm-content').getAttribute('contenteditable'), 'false');
  await p.locator('.cm-content').click();
  await p.keyboard.type('Ajout refusé', { delay: 5 });
  await p.keyboard.press('Enter');
  assert.ok(!(await editorText(p)).includes('Ajout refusé'), 'the typing never reached the text');
  // nothing was sent, so nothing was refused: the banner still says why the text cannot change
  await p.locator('[data-testid=document-error]', { hasText: 'This document is archived: it is read-only.' }).waitFor();
  assert.equal(await server.text(archivedDoc.id), before);
});
