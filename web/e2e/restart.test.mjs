// The server is restarted (stopped, then started again on the same port and data directory) while
// two people type: both reconnect by themselves and nothing typed is lost.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { caretAt, connectionStatus, converged, joinAsGuest, openBrowser, openDocument } from './lib/browser.mjs';
import { CahierServer, until } from './lib/server.mjs';

let server;
let alice;
let bruno;

before(async () => {
  server = await new CahierServer({ name: 'restart' }).start();
  await server.checkDocumentRoute();
  alice = await openBrowser({ name: 'Alice', discipline: 'economist' });
  bruno = await openBrowser({ name: 'Bruno', discipline: 'inhabitant' });
});

after(async () => {
  await alice?.close();
  await bruno?.close();
  await server?.stop();
});

/** Types `text` one key at a time until done, whatever the connection does meanwhile. */
async function typeSlowly(page, text) {
  for (const ch of text) {
    await page.keyboard.type(ch);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('both reconnect after a server restart and converge with everything typed', async () => {
  const doc = await server.createDocument('Redémarrage', 'note');
  await joinAsGuest(alice, server, doc.workspaceId);
  await joinAsGuest(bruno, server, doc.workspaceId);
  await openDocument(alice, server.url, doc.id);
  await openDocument(bruno, server.url, doc.id);
  await converged(server, doc.id, [alice, bruno]);
  await caretAt(alice.page, 'end');
  await caretAt(bruno.page, 'start');

  const fromAlice = 'Alice tape avant, pendant et après le redémarrage du serveur, sans attendre qu’il revienne. '.repeat(2);
  const fromBruno = 'Bruno aussi, de son côté, sans s’arrêter une seconde ni regarder l’état de la connexion. '.repeat(2);
  let typingDone = false;
  const typing = Promise.all([typeSlowly(alice.page, fromAlice), typeSlowly(bruno.page, fromBruno)]).then(() => {
    typingDone = true;
  });

  // Restart once both have typed something, while they go on typing.
  await until('some typing reached the server', async () => (await server.text(doc.id)).length > 10);
  await server.stop();
  await until('both see the connection lost', async () => {
    const statuses = await Promise.all([alice, bruno].map((b) => connectionStatus(b.page)));
    return statuses.every((s) => s.status !== 'connected');
  });
  assert.equal(typingDone, false, 'they were still typing while the server was down');
  await server.start(); // same port, same data directory
  await typing;

  const final = await converged(server, doc.id, [alice, bruno], 45000);
  assert.ok(final.includes(fromAlice), `Alice’s whole text in ${JSON.stringify(final)}`);
  assert.ok(final.includes(fromBruno), `Bruno’s whole text in ${JSON.stringify(final)}`);
  assert.equal(final.length, fromAlice.length + fromBruno.length, 'nothing typed twice');
});
