// A document full of script-injection attempts renders in the preview without running any of them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { converged, joinAsGuest, openBrowser, openDocument } from './lib/browser.mjs';
import { CahierServer, until } from './lib/server.mjs';

let server;
let author;
let reader;

before(async () => {
  server = await new CahierServer({ name: 'xss' }).start();
  await server.checkDocumentRoute();
  author = await openBrowser({ name: 'Mallory', discipline: 'researcher' });
  reader = await openBrowser({ name: 'Alice', discipline: 'jurist' });
});

after(async () => {
  await author?.close();
  await reader?.close();
  await server?.stop();
});

const HIT = "window.__xss=true;window.__xssHit&&window.__xssHit('";
const PAYLOADS = [
  '# Charge utile',
  `<script>${HIT}script')</script>`,
  `<img src=x onerror="${HIT}img-onerror')">`,
  `<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onload="${HIT}img-onload')">`,
  `[lien](javascript:${HIT}md-link'\\))`,
  `[lien2](JaVaScRiPt:alert(1))`,
  `<a href="javascript:${HIT}a-href')" id="bad-link">cliquer</a>`,
  `<svg onload="${HIT}svg-onload')"><circle r="3"/></svg>`,
  `<svg><script>${HIT}svg-script')</script></svg>`,
  `<svg><a xlink:href="javascript:${HIT}svg-link')"><text y="10">svg</text></a><animate onbegin="${HIT}animate')" attributeName="x" dur="1s"/></svg>`,
  `<iframe src="javascript:${HIT}iframe')"></iframe>`,
  `<iframe srcdoc="<script>parent.__xssHit('srcdoc')</script>"></iframe>`,
  `<details open ontoggle="${HIT}ontoggle')"><summary>s</summary></details>`,
  `<object data="javascript:${HIT}object')"></object><embed src="javascript:${HIT}embed')">`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${HIT}mxss')"></style></mglyph></table></mtext></math>`,
  `<form action="javascript:${HIT}form')"><button id="bad-button">ok</button></form>`,
  `<div style="background:url(javascript:${HIT}css'))">style</div>`,
  'FIN-DES-CHARGES',
].join('\n\n');

test('script-injection payloads render inert in the preview', async () => {
  const hits = [];
  const dialogs = [];
  for (const browser of [author, reader]) {
    await browser.context.exposeBinding('__xssHit', (_source, what) => hits.push(`${browser.name}: ${what}`));
    browser.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }

  const doc = await server.createDocument('Injection', 'note');
  await joinAsGuest(author, server, doc.workspaceId);
  await joinAsGuest(reader, server, doc.workspaceId, 'observer');
  await openDocument(author, server.url, doc.id);
  await author.page.locator('.cm-content').click();
  await author.page.keyboard.insertText(PAYLOADS);
  await converged(server, doc.id, [author]);
  await openDocument(reader, server.url, doc.id);
  await converged(server, doc.id, [author, reader]);

  for (const browser of [author, reader]) {
    const preview = browser.page.locator('[data-testid=preview]');
    await until('the preview shows the whole document', async () => (await preview.textContent()).includes('FIN-DES-CHARGES'));
    // Give every image a chance to load or fail, so that an onerror/onload would have fired.
    await browser.page.waitForFunction(
      () => [...document.querySelectorAll('[data-testid=preview] img')].every((img) => img.complete),
      null,
      { timeout: 10000 },
    );
    assert.ok((await preview.locator('img').count()) >= 2, 'the images themselves are kept');
    assert.ok((await preview.locator('svg').count()) >= 1, 'inline SVG is kept');
    // Links that were javascript: have no href left; nothing in the preview carries a handler.
    const dangerous = await browser.page.evaluate(() => {
      const found = [];
      for (const element of document.querySelectorAll('[data-testid=preview] *')) {
        for (const attribute of element.attributes) {
          const value = attribute.value.replace(/\s/g, '').toLowerCase();
          if (attribute.name.toLowerCase().startsWith('on') || value.includes('javascript:') || attribute.name === 'srcdoc') {
            found.push(`${element.tagName} ${attribute.name}=${attribute.value}`);
          }
        }
        if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'FORM', 'BUTTON', 'STYLE'].includes(element.tagName.toUpperCase())) {
          found.push(element.tagName);
        }
      }
      return found;
    });
    assert.deepEqual(dangerous, [], `${browser.name}: dangerous markup left in the preview`);
    // Clicking what is left of the links runs nothing either.
    for (const link of await preview.locator('a').all()) {
      await link.click({ modifiers: [], force: true, noWaitAfter: true }).catch(() => {});
    }
    await preview.locator('summary').click();
  }

  // A round trip through each page after the clicks, so any script they queued has had its turn.
  for (const browser of [author, reader]) {
    assert.equal(await browser.page.evaluate(() => window.__xss === true), false, `${browser.name}: window.__xss set`);
  }
  assert.deepEqual(hits, [], 'no payload called the exposed binding');
  assert.deepEqual(dialogs, [], 'no payload opened a dialog');
});
