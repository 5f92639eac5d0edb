// The home and workspace screens' flows, the not-found screen, the language switch and keyboard use.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './lib/browser.mjs';
import { CahierServer, FACILITATOR } from './lib/server.mjs';

let server;
let context;
let page;

before(async () => {
  server = await new CahierServer({ name: 'screens' }).start();
  await server.checkDocumentRoute();
  await server.checkPageRoute('/w/aaaaaaaaaaaaaaaa');
  await server.setUp(FACILITATOR);
  // A first visit: nobody signed in, the browser prefers French.
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

test('a first visit says how to get in; a facilitator signs in and creates a workspace, then a document of a kind', async () => {
  await page.goto(server.url);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  const welcome = page.locator('[data-testid=welcome]');
  await welcome.getByRole('heading', { name: 'Bienvenue' }).waitFor();
  await welcome.getByText('Pour rejoindre un atelier, ouvrez le lien d’invitation que l’on vous a donné.').waitFor();
  // A workspace's pages are for its members: nobody is asked to sign in or to use their link.
  await page.goto(`${server.url}/d/zzzzzzzzzzzzzzzz`);
  await page.getByRole('heading', { name: 'Connexion nécessaire' }).waitFor();
  assert.equal(await page.locator('.cm-content').count(), 0);

  await page.goto(server.url);
  await welcome.getByRole('link', { name: 'Se connecter' }).click();
  await page.waitForURL(`${server.url}/signin`);
  await page.getByLabel('Adresse e-mail').fill(FACILITATOR.email);
  await page.getByLabel('Mot de passe').fill(FACILITATOR.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Espaces de travail' }).waitFor();

  await page.getByLabel('Nom du nouvel espace').fill('Atelier Rennes');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/w\/[a-z0-9]{16}$/);
  await page.getByRole('heading', { name: 'Atelier Rennes', exact: true }).waitFor();
  await page.locator('[data-testid=workspace-role]', { hasText: 'Votre rôle : animateur·rice' }).waitFor();
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

  // Back to the workspace: the document is listed there; home lists it among the recent ones.
  await page.locator('[data-testid=workspace-link]').click();
  await page.locator('[data-testid=documents]').getByRole('link', { name: 'Mobilité rurale' }).waitFor();
  await page.getByRole('link', { name: 'Cahier' }).click();
  await page.locator('[data-testid=workspaces]').getByRole('link', { name: 'Atelier Rennes' }).waitFor();
  assert.match(await page.locator('[data-testid=workspaces] li').first().textContent(), /Atelier Rennes\s*animateur·rice/);
  await page.locator('[data-testid=recent]').getByRole('link', { name: 'Mobilité rurale' }).waitFor();
  await page.reload();
  await page.locator('[data-testid=recent]').getByRole('link', { name: 'Mobilité rurale' }).waitFor();
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

test('on a phone (375 px) no screen is wider than the screen, and a document shows its text first', async () => {
  const doc = await server.createDocument('Téléphone', 'paper');
  const workspace = (await server.api('GET', `/api/documents/${doc.id}`)).workspaceId;
  await page.setViewportSize({ width: 375, height: 740 });
  try {
    for (const path of ['/', `/w/${workspace}`, `/d/${doc.id}`, '/nope']) {
      await page.goto(`${server.url}${path}`);
      await page.locator('main h1').first().waitFor();
      if (path.startsWith('/d/')) {
        await page.waitForSelector('[data-testid=editor][data-ready=true]');
      }
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('main *')]
          .filter((el) => el.getBoundingClientRect().right > 375.5 && ![...el.children].some((c) => c.getBoundingClientRect().right > 375.5))
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)} px)`),
      );
      assert.ok(width <= 375, `${path} is ${width} px wide on a 375 px screen: ${wide.join(', ')}`);
    }
    const editorTop = await page.goto(`${server.url}/d/${doc.id}`).then(async () => {
      await page.waitForSelector('[data-testid=editor][data-ready=true]');
      return page.locator('[data-testid=editor]').evaluate((el) => el.getBoundingClientRect().top);
    });
    const outlineTop = await page.locator('.doc__side').evaluate((el) => el.getBoundingClientRect().top);
    assert.ok(editorTop < outlineTop, `the text (${editorTop}) comes before the outline (${outlineTop})`);
  } finally {
    await page.setViewportSize({ width: 1280, height: 720 });
  }
});
