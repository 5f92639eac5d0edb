// Drives the distribution's Chromium through playwright-core (no browser download).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ARTIFACTS, until } from './server.mjs';

export const CHROMIUM = process.env.CAHIER_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

mkdirSync(ARTIFACTS, { recursive: true });

/**
 * A fresh browser profile (its own user-data-dir), as one person's browser, signed in as nobody:
 * `joinAsGuest` or `signInAsFacilitator` give it a session. `name` is who this person is shown as
 * once they join.
 */
export async function openBrowser({ name, discipline = 'designer', locale = 'fr-FR', width = 1400, height = 800 }) {
  const dir = mkdtempSync(join(tmpdir(), 'cahier-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    locale,
    viewport: { width, height },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => console.error(`[${name}] page error: ${error.message}`));
  return {
    name,
    discipline,
    context,
    page,
    async close() {
      await context.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Makes `browser` a guest member of `workspaceId` with `role`, the way an invitation link does
 * (POST /api/invitations/{token}/redeem with the browser's name and discipline): the guest session
 * cookie lands in the browser's context. (access.test.mjs does the same through the join screen.)
 */
export async function joinAsGuest(browser, server, workspaceId, role = 'editor') {
  const invitation = await server.invite(workspaceId, role);
  const response = await browser.context.request.post(`${server.url}/api/invitations/${invitation.token}/redeem`, {
    data: { name: browser.name, discipline: browser.discipline },
  });
  if (!response.ok()) {
    throw new Error(`${browser.name} could not redeem the invitation: ${response.status()} ${await response.text()}`);
  }
  return response.json();
}

/** Puts the server helpers' facilitator session into `browser`, as if they had signed in there. */
export async function signInAsFacilitator(browser, server) {
  await browser.context.addCookies(await server.cookies());
}

/**
 * The editor's text. CodeMirror draws only the lines near the viewport, so the DOM is not the
 * whole text: this asks the view, found the way `EditorView.findFromDOM` finds it (the content
 * element's tile, in the pinned @codemirror/view).
 */
export function editorText(page) {
  return page.evaluate(() => {
    const content = document.querySelector('.cm-content');
    if (content === null) {
      return null;
    }
    const view = content.cmTile?.root?.view;
    if (view === undefined) {
      throw new Error('cannot reach the EditorView from .cm-content: @codemirror/view changed, update editorText');
    }
    return view.state.doc.toString();
  });
}

export async function openDocument(browser, baseUrl, id) {
  await browser.page.goto(`${baseUrl}/d/${id}`);
  await browser.page.waitForSelector('[data-testid=editor][data-ready=true] .cm-content', { timeout: 20000 });
}

export async function connectionStatus(page) {
  return page.locator('[data-testid=connection-status]').evaluate((el) => ({ status: el.dataset.status, text: el.textContent }));
}

/** Waits until every page shows exactly the server's text and is connected with nothing pending. */
export async function converged(server, id, browsers, timeoutMs = 30000) {
  let last = {};
  try {
    return await until(
      'convergence',
      async () => {
        const expected = await server.text(id);
        last = { server: expected };
        for (const browser of browsers) {
          const status = await connectionStatus(browser.page);
          const text = await editorText(browser.page);
          last[browser.name] = { status, text };
          if (text !== expected || status.status !== 'connected') {
            return false;
          }
        }
        return { text: expected };
      },
      timeoutMs,
      100,
    ).then((done) => done.text);
  } catch (e) {
    throw new Error(`${e.message}\nlast seen: ${JSON.stringify(last, null, 1)}`);
  }
}

/** Focuses the editor with the caret at the end (or start) of the text. */
export async function caretAt(page, where) {
  await page.locator('.cm-content').click();
  await page.keyboard.press(where === 'start' ? 'Control+Home' : 'Control+End');
}
