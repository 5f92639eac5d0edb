// Two people type into the same document at the same time.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { caretAt, converged, editorText, joinAsGuest, openBrowser, openDocument } from './lib/browser.mjs';
import { ARTIFACTS, CahierServer, until } from './lib/server.mjs';

let server;
let alice;
let bruno;

before(async () => {
  server = await new CahierServer({ name: 'collab' }).start();
  await server.checkDocumentRoute();
  alice = await openBrowser({ name: 'Alice', discipline: 'jurist' });
  bruno = await openBrowser({ name: 'Bruno', discipline: 'designer', locale: 'en-GB' });
});

after(async () => {
  await alice?.close();
  await bruno?.close();
  await server?.stop();
});

test('two people typing at once end with the server’s text and see each other’s caret', async () => {
  const doc = await server.createDocument('Co-écriture', 'paper');
  // Both joined the workspace from an invitation link, as guest editors with their discipline.
  await joinAsGuest(alice, server, doc.workspaceId);
  await joinAsGuest(bruno, server, doc.workspaceId);
  await openDocument(alice, server.url, doc.id);
  await openDocument(bruno, server.url, doc.id);
  await converged(server, doc.id, [alice, bruno]);
  assert.equal(await alice.page.locator('[data-testid=connection-status]').textContent(), 'Connecté');
  assert.equal(await bruno.page.locator('[data-testid=connection-status]').textContent(), 'Connected');

  await caretAt(alice.page, 'end');
  await caretAt(bruno.page, 'start');
  const fromAlice = '\nAlice écrit ici, en même temps que Bruno.';
  const fromBruno = 'Bruno types here at the same time. ';
  await Promise.all([
    alice.page.keyboard.type(fromAlice, { delay: 15 }),
    bruno.page.keyboard.type(fromBruno, { delay: 15 }),
  ]);

  const final = await converged(server, doc.id, [alice, bruno]);
  assert.ok(final.includes(fromAlice), 'Alice’s text is in the server’s text');
  assert.ok(final.startsWith(fromBruno), 'Bruno’s text is at the start of the server’s text');

  // Each sees the other's caret, labelled with their name, and the participants list.
  const bruneOnAlice = alice.page.locator('.cahier-remote-caret', { hasText: 'Bruno' });
  const aliceOnBruno = bruno.page.locator('.cahier-remote-caret', { hasText: 'Alice' });
  await bruneOnAlice.waitFor({ timeout: 10000 });
  await aliceOnBruno.waitFor({ timeout: 10000 });
  assert.equal(await alice.page.locator('.cahier-remote-caret').count(), 1);
  assert.ok((await bruneOnAlice.getAttribute('data-client'))?.length > 0);
  assert.match(await alice.page.locator('[data-testid=participants]').textContent(), /Bruno\s*designer · éditeur·rice/);
  assert.match(await bruno.page.locator('[data-testid=participants]').textContent(), /Alice\s*jurist · editor/);

  // Bruno's caret on Alice's screen sits right after what Bruno typed.
  const caretOffset = await alice.page.evaluate(() => {
    const caret = document.querySelector('.cahier-remote-caret');
    const line = caret.closest('.cm-line');
    let text = '';
    for (const node of line.childNodes) {
      if (node === caret || node.contains?.(caret)) break;
      if (!(node instanceof Element && node.classList.contains('cm-widgetBuffer'))) text += node.textContent;
    }
    return text;
  });
  assert.equal(caretOffset, fromBruno);

  // The preview and the outline follow the text.
  await until('preview shows Bruno’s words', async () =>
    (await alice.page.locator('[data-testid=preview]').textContent()).includes('Bruno types here'),
  );
  assert.ok((await alice.page.locator('[data-testid=outline] button').count()) > 0, 'the template has headings');

  await alice.page.locator('[data-testid=editor]').screenshot({ path: join(ARTIFACTS, 'two-carets.png') });
  console.log(`screenshot: ${join(ARTIFACTS, 'two-carets.png')}`);

  // Undo only undoes one's own typing.
  await alice.page.locator('.cm-content').focus();
  const before = await editorText(alice.page);
  for (let i = 0; i < 200 && (await editorText(alice.page)).includes('Alice'); i++) {
    await alice.page.keyboard.press('Control+z');
  }
  const undone = await converged(server, doc.id, [alice, bruno]);
  assert.ok(!undone.includes('Alice écrit'), 'Alice’s typing is undone');
  assert.ok(undone.startsWith(fromBruno), 'Bruno’s typing stays');
  await alice.page.keyboard.press('Control+Shift+z');
  await until('redo', async () => (await editorText(alice.page)) !== undone);
  assert.notEqual(before, undone);
});
