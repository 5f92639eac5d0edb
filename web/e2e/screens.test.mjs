// The home screen's flows, the not-found screen, the language switch and keyboard use.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './lib/browser.mjs';
import { CahierServer } from './lib/server.mjs';

let server;
let context;
let page;

before(async () => {
  server = await new CahierServer({ name: 'screens' }).start();
  await server.checkDocumentRoute();
  // A first visit: no identity stored, the browser prefers French.
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'cahier-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    locale: 'fr-FR',
  });
  page = context.pages()[0] ?? (await context.newPage());
});

after(async () => {
  await context?.close();
  await server?.stop();
});

test('a first visit asks who is writing once, then creates a workspace and a document from a kind', async () => {
  await page.goto(server.url);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  const form = page.locator('[data-testid=identity-form]');
  await form.getByLabel('Nom affiché').fill('Camille');
  await form.getByLabel('Discipline').selectOption('public-agent');
  await form.getByRole('button', { name: 'Continuer' }).click();
  await page.getByText('Camille · agent public').waitFor();

  await page.getByLabel('Nom du nouvel espace').fill('Atelier Rennes');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Atelier Rennes' }).waitFor();
  await page.getByLabel('Titre').fill('Mobilité rurale');
  await page.getByLabel('Type').selectOption('experiment-spec');
  await page.getByRole('button', { name: 'Créer le document' }).click();

  await page.waitForURL(/\/d\/[a-z0-9]{16}$/);
  await page.waitForSelector('[data-testid=editor][data-ready=true]');
  assert.equal(await page.locator('[data-testid=document-title]').textContent(), 'Mobilité rurale');
  assert.equal(await page.locator('.cm-content').getAttribute('aria-label'), 'Texte du document (Markdown)');
  await page.locator('[data-testid=connection-status]', { hasText: 'Connecté' }).waitFor();
  const id = new URL(page.url()).pathname.split('/').pop();
  assert.match(await server.text(id), /^# Expérimentation/);

  // The outline jumps to a heading from the keyboard.
  const entry = page.locator('[data-testid=outline] button').nth(1);
  await entry.focus();
  await page.keyboard.press('Enter');
  const head = await page.evaluate(() => {
    const view = document.querySelector('.cm-content').cmTile.root.view;
    const pos = view.state.selection.main.head;
    return view.state.doc.lineAt(pos).text;
  });
  assert.equal(head, `## ${await entry.textContent()}`);
  assert.ok(await page.evaluate(() => document.activeElement.classList.contains('cm-content')), 'focus is in the editor');

  // Back home: the document is listed in its workspace and among the recent ones; no second identity question.
  await page.getByRole('link', { name: 'Cahier' }).click();
  await page.locator('[data-testid=documents]').getByRole('link', { name: 'Mobilité rurale' }).waitFor();
  await page.locator('[data-testid=recent]').getByRole('link', { name: 'Mobilité rurale' }).waitFor();
  assert.equal(await page.locator('[data-testid=identity-form]').count(), 0);
  await page.reload();
  await page.locator('[data-testid=recent]').getByRole('link', { name: 'Mobilité rurale' }).waitFor();
  assert.equal(await page.locator('[data-testid=identity-form]').count(), 0);
});

test('the language switch changes every text at once and is remembered', async () => {
  await page.goto(server.url);
  await page.getByLabel('Langue').selectOption('en');
  await page.getByRole('heading', { name: 'Workspaces' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.reload();
  await page.getByRole('heading', { name: 'Recently opened' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.getByLabel('Language').selectOption('fr');
  await page.getByRole('heading', { name: 'Espaces de travail' }).waitFor();
});

test('an unknown document shows a "document not found" screen', async () => {
  await page.goto(`${server.url}/d/zzzzzzzzzzzzzzzz`);
  await page.locator('[data-testid=not-found]', { hasText: 'Document introuvable' }).waitFor();
  assert.equal(await page.locator('.cm-content').count(), 0);
});

test('every control of the document screen is reachable with Tab and shows a focus ring', async () => {
  const doc = await server.createDocument('Clavier', 'paper');
  await page.goto(`${server.url}/d/${doc.id}`);
  await page.waitForSelector('[data-testid=editor][data-ready=true]');
  const reached = new Set();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return {
        what: el.dataset.testid ?? el.className ?? el.tagName,
        tag: el.tagName,
        ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
      };
    });
    if (focused.tag === 'BODY') {
      continue; // past the last control, focus leaves the page once before coming back
    }
    reached.add(focused.tag === 'DIV' ? focused.what.split(' ')[0] : focused.what || focused.tag);
    assert.ok(focused.ring || focused.tag === 'DIV', `visible focus on ${JSON.stringify(focused)}`);
  }
  for (const what of ['undo', 'redo', 'cm-content']) {
    assert.ok([...reached].some((r) => r.includes(what)), `${what} reached by Tab (reached: ${[...reached].join(', ')})`);
  }
});
