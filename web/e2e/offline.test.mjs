// One person loses the network, keeps typing, reloads the page while still cut off, then gets the
// network back: nothing typed is lost and everyone converges.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { caretAt, connectionStatus, converged, editorText, joinAsGuest, openBrowser, openDocument } from './lib/browser.mjs';
import { CuttableProxy } from './lib/proxy.mjs';
import { CahierServer, until } from './lib/server.mjs';

let server;
let proxy;
let alice;
let bruno;

before(async () => {
  server = await new CahierServer({ name: 'offline' }).start();
  await server.checkDocumentRoute();
  proxy = await new CuttableProxy(server.port).listen();
  alice = await openBrowser({ name: 'Alice', discipline: 'researcher' });
  bruno = await openBrowser({ name: 'Bruno', discipline: 'public-agent' });
});

after(async () => {
  await alice?.close();
  await bruno?.close();
  await proxy?.close();
  await server?.stop();
});

test('edits made offline, across a reload, reach everyone once the network is back', async () => {
  const doc = await server.createDocument('Hors ligne', 'experiment-spec');
  // Guest sessions are cookies of 127.0.0.1, which the browser sends whatever the port: Bruno's
  // reaches the server through the proxy too.
  await joinAsGuest(alice, server, doc.workspaceId);
  await joinAsGuest(bruno, server, doc.workspaceId);
  await openDocument(alice, server.url, doc.id);
  // Bruno reaches the server only through the proxy: page, API and WebSocket alike.
  await openDocument(bruno, proxy.url, doc.id);
  await converged(server, doc.id, [alice, bruno]);
  // The application shell is kept by the service worker once it controls the page.
  await bruno.page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 15000 });

  proxy.disconnect();
  await until('Bruno sees he is offline', async () => (await connectionStatus(bruno.page)).status !== 'connected');

  await caretAt(bruno.page, 'end');
  await caretAt(alice.page, 'start');
  const offline1 = '\nBruno, hors ligne, avant le rechargement.';
  const online1 = 'Alice reste en ligne. ';
  await Promise.all([
    bruno.page.keyboard.type(offline1, { delay: 10 }),
    alice.page.keyboard.type(online1, { delay: 10 }),
  ]);
  await until(
    'Bruno sees his changes pending',
    async () => /^Hors ligne — \d+ modifications? en attente$/.test((await connectionStatus(bruno.page)).text),
    15000,
  );
  const pending = Number(/(\d+)/.exec((await connectionStatus(bruno.page)).text)[1]);
  assert.ok(pending >= 1, `pending ${pending}`);

  // Reload while still cut off: the page comes from the service worker, the text and the unsent
  // changes from local storage.
  await bruno.page.reload();
  await bruno.page.waitForSelector('[data-testid=editor][data-ready=true] .cm-content', { timeout: 20000 });
  assert.ok((await editorText(bruno.page)).includes(offline1), 'the offline text survives the reload');
  assert.equal(await bruno.page.locator('[data-testid=document-title]').textContent(), 'Hors ligne');
  await until(
    'Bruno still has changes pending after the reload',
    async () => /^Hors ligne — [1-9]\d* modifications? en attente$/.test((await connectionStatus(bruno.page)).text),
    15000,
  );

  await caretAt(bruno.page, 'end');
  const offline2 = '\nEt après le rechargement.';
  await bruno.page.keyboard.type(offline2, { delay: 10 });
  assert.ok(!(await server.text(doc.id)).includes('Bruno'), 'nothing of Bruno’s reached the server yet');

  proxy.reconnect();
  const final = await converged(server, doc.id, [alice, bruno], 45000);
  assert.ok(final.startsWith(online1), 'Alice’s online text is kept');
  assert.ok(final.includes(offline1 + offline2), 'both of Bruno’s offline passages arrived, in order, once');
  assert.equal(final.split('hors ligne, avant').length, 2, 'applied exactly once');
  // The page reloaded during the outage finds out that the server is back: who is signed in, the
  // server's health, the glossaries.
  const b = bruno.page;
  await b.locator('#server-status[data-status=up]').waitFor({ timeout: 15000 });
  await until('Bruno’s page knows who he is again', async () => (await b.locator('header').textContent()).includes('Bruno'), 15000);
  await until('the glossary panel loaded again', async () => (await b.locator('[data-testid=glossary-error]').textContent()) === '', 15000);
});
