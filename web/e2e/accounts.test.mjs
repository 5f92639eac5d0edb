// Accounts in the browser (issue 6, step 1): the one-time set-up link printed at first start creates
// the first facilitator, who is signed in; sign-out, sign-in (a wrong password first), the way back
// to the page the user came from, the change-password dialog, and the sign-in form by keyboard only.
//
// Against the real server's accounts (POST/GET/DELETE /api/session, POST /api/setup, X-CSRF-Token).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { openBrowser } from './lib/browser.mjs';
import { CahierServer } from './lib/server.mjs';

const EMAIL = 'ada@example.org';
const NAME = 'Ada Lovelace';
const PASSWORD = 'analytical engine 1843';
const NEW_PASSWORD = 'difference engine 1822';

const server = await new CahierServer({ name: 'accounts', captureOutput: true }).start();

/** One browser for the whole file, as one facilitator's: the tests follow each other. */
let browser;
async function page() {
  browser ??= await openBrowser({ name: 'Invité', locale: 'en-US' });
  return browser.page;
}

after(async () => {
  await browser?.close();
  await server.stop();
});

/** What GET /api/session says from inside the page (with its cookie). */
function sessionSeenBy(p) {
  return p.evaluate(async () => {
    const response = await fetch('/api/session', { headers: { Accept: 'application/json' } });
    return { status: response.status, body: response.ok ? await response.json() : undefined };
  });
}

async function signOut(p) {
  await p.getByRole('button', { name: 'Sign out' }).click();
  await p.locator('[data-testid=signin-link]').waitFor();
  assert.equal(await p.locator('[data-testid=account]').count(), 0);
}

/** Whether the focused element shows a focus ring. */
function focused(p) {
  return p.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName,
      name: el.getAttribute('name'),
      type: el.getAttribute('type'),
      autocomplete: el.getAttribute('autocomplete'),
      label: el.labels?.[0]?.textContent ?? el.textContent,
      ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    };
  });
}

test('the first start prints a one-time link that creates the first facilitator, who is signed in', async () => {
  await server.checkPageRoute('/setup');
  const line = await server.waitForOutput(/\/setup#/);
  const token = /\/setup#(\S+)/.exec(line)?.[1];
  assert.ok(token, `no token after /setup# in: ${line}`);
  const p = await page();
  // The printed link names the public URL; the test's server listens on its own port.
  await p.goto(`${server.url}/setup#${token}`);
  await p.getByRole('heading', { name: 'First facilitator account' }).waitFor();
  const form = p.locator('[data-testid=setup-form]');
  await form.getByLabel('Display name').fill(NAME);
  await form.getByLabel('Email address').fill(EMAIL);
  assert.equal(await form.getByLabel('Email address').getAttribute('autocomplete'), 'email');
  const password = form.getByLabel('Password', { exact: true });
  assert.equal(await password.getAttribute('autocomplete'), 'new-password');
  assert.match(await p.locator(`#${await password.getAttribute('aria-describedby')}`).textContent(), /10 to 1024 characters/);

  // Checked in the page before anything is sent: the rule, then the repetition.
  await password.fill('too short');
  await form.getByLabel('Password, once more').fill('too short');
  await form.getByRole('button', { name: 'Create the account' }).click();
  await p.getByRole('alert').filter({ hasText: 'The password must have 10 to 1024 characters.' }).waitFor();
  assert.equal(await password.getAttribute('aria-invalid'), 'true');
  await password.fill(PASSWORD);
  await form.getByLabel('Password, once more').fill(`${PASSWORD}!`);
  await form.getByRole('button', { name: 'Create the account' }).click();
  await p.getByRole('alert').filter({ hasText: 'The two passwords differ.' }).waitFor();

  await form.getByLabel('Password, once more').fill(PASSWORD);
  await form.getByRole('button', { name: 'Create the account' }).click();
  await p.waitForURL(`${server.url}/`);
  await p.locator('[data-testid=account]', { hasText: NAME }).waitFor();
  const seen = await sessionSeenBy(p);
  assert.equal(seen.status, 200);
  assert.deepEqual({ ...seen.body.user, id: undefined }, { id: undefined, email: EMAIL, name: NAME, facilitator: true });

  // After a reload the page asks who is signed in again, and its changes carry the CSRF token:
  // creating a workspace (a cookie-authenticated POST) succeeds, and its page opens.
  await p.reload();
  await p.locator('[data-testid=account]', { hasText: NAME }).waitFor();
  await p.getByLabel('Name of the new workspace').fill('Atelier signé');
  await p.keyboard.press('Enter');
  await p.waitForURL(/\/w\/[a-z0-9]{16}$/);
  await p.getByRole('heading', { name: 'Atelier signé', exact: true }).waitFor();
});

test('the set-up link cannot be used twice', async () => {
  const p = await page();
  await signOut(p);
  const token = /\/setup#(\S+)/.exec(await server.waitForOutput(/\/setup#/))[1];
  await p.goto(`${server.url}/setup#${token}`);
  const form = p.locator('[data-testid=setup-form]');
  await form.getByLabel('Display name').fill('Intrus');
  await form.getByLabel('Email address').fill('intrus@example.org');
  await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await form.getByLabel('Password, once more').fill(PASSWORD);
  await form.getByRole('button', { name: 'Create the account' }).click();
  // 409 (an account exists) or 401 (the token was used): either way, refused and said so.
  await p.getByRole('alert').filter({ hasText: /already exists|invalid, expired or already used/ }).waitFor();
  assert.equal((await sessionSeenBy(p)).status, 401);
});

test('signing in after a wrong password leads back to the page the user came from', async () => {
  await server.checkPageRoute('/signin');
  // The document is the facilitator's (the account this browser set up), made through the API.
  await server.signIn(EMAIL, PASSWORD);
  const doc = await server.createDocument('Retour après connexion');
  const p = await page();
  await p.goto(`${server.url}/d/${doc.id}`);
  // Signed out, a workspace's document is not shown: sign in, or use an invitation link.
  await p.getByRole('heading', { name: 'Sign-in needed' }).waitFor();
  assert.equal(await p.locator('.cm-content').count(), 0);
  await p.locator('[data-testid=signin-link]').click();
  await p.waitForURL(`${server.url}/signin?next=%2Fd%2F${doc.id}`);

  const form = p.locator('[data-testid=signin-form]');
  await form.getByLabel('Email address').fill(EMAIL);
  await form.getByLabel('Password').fill('not the password');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await p.getByRole('alert').filter({ hasText: 'Wrong email address or password.' }).waitFor();
  assert.equal(await form.getByLabel('Password').getAttribute('aria-invalid'), 'true');
  assert.equal((await sessionSeenBy(p)).status, 401);

  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await p.waitForURL(`${server.url}/d/${doc.id}`);
  await p.locator('[data-testid=account]', { hasText: NAME }).waitFor();
  await p.waitForSelector('[data-testid=editor][data-ready=true]');
  // The document is written under the account's name.
  await p.locator('[data-testid=participants]', { hasText: `${NAME} (you)` }).waitFor();
});

test('the password is changed from a dialog, and the new one signs in', async () => {
  const p = await page();
  await p.goto(server.url);
  const opener = p.getByRole('button', { name: 'Change password' });
  await opener.focus();
  await p.keyboard.press('Enter');
  const dialog = p.getByRole('dialog', { name: 'Change password' });
  await dialog.waitFor();
  assert.equal((await focused(p)).autocomplete, 'current-password', 'focus moves into the dialog');

  await dialog.getByLabel('Current password').fill('not the password');
  await dialog.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await dialog.getByLabel('New password, once more').fill(NEW_PASSWORD);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'The current password is wrong.' }).waitFor();

  await dialog.getByLabel('Current password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.getByText('Password changed.').waitFor();
  await p.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await p.evaluate(() => document.activeElement?.dataset.testid), 'change-password', 'focus goes back to the header');

  await signOut(p);
  await p.goto(`${server.url}/signin`);
  const form = p.locator('[data-testid=signin-form]');
  await form.getByLabel('Email address').fill(EMAIL);
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await p.getByRole('alert').filter({ hasText: 'Wrong email address or password.' }).waitFor();
  await form.getByLabel('Password').fill(NEW_PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await p.waitForURL(`${server.url}/`);
  await p.locator('[data-testid=account]', { hasText: NAME }).waitFor();
});

test('the sign-in form works with the keyboard alone, labelled and with a visible focus', async () => {
  const p = await page();
  await signOut(p);
  await p.goto(`${server.url}/signin`);
  await p.getByRole('heading', { name: 'Sign in' }).waitFor();
  let field;
  for (let i = 0; i < 15; i++) {
    await p.keyboard.press('Tab');
    field = await focused(p);
    if (field.tag !== 'BODY') {
      assert.ok(field.ring, `visible focus on ${JSON.stringify(field)}`);
    }
    if (field.name === 'email') {
      break;
    }
  }
  assert.deepEqual(
    { name: field.name, type: field.type, autocomplete: field.autocomplete, label: field.label },
    { name: 'email', type: 'email', autocomplete: 'email', label: 'Email address' },
  );
  await p.keyboard.type(EMAIL);
  await p.keyboard.press('Tab');
  field = await focused(p);
  assert.deepEqual(
    { type: field.type, autocomplete: field.autocomplete, label: field.label, ring: field.ring },
    { type: 'password', autocomplete: 'current-password', label: 'Password', ring: true },
  );
  await p.keyboard.type(NEW_PASSWORD);
  await p.keyboard.press('Tab');
  field = await focused(p);
  assert.deepEqual({ tag: field.tag, label: field.label, ring: field.ring }, { tag: 'BUTTON', label: 'Sign in', ring: true });
  await p.keyboard.press('Enter');
  await p.waitForURL(`${server.url}/`);
  await p.locator('[data-testid=account]', { hasText: NAME }).waitFor();
  await signOut(p);
});
