// Browser benchmark (run by `scripts/e2e --bench`): prints its figures as JSON.
//  (a) opening a 100,000-character document: navigation → editor ready (text in .cm-content),
//      median of RUNS runs, each in a fresh browser context (empty cache and storage);
//  (b) typing locally while 20 remote typists (protocol clients, ~2 ops/s each at random
//      positions) edit the same document: frame times (requestAnimationFrame deltas) and long
//      animation frames, with those whose scripts ran from a WebSocket message (applying remote
//      operations) counted apart.
// The text is automerge-paper's final text (Martin Kleppmann's automerge-perf, via Joseph Gentle's
// editing-traces; CC BY 4.0).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM, editorText } from './lib/browser.mjs';
import { CahierServer, REPO, until } from './lib/server.mjs';
import { Typist, seed } from './lib/typist.mjs';

const RUNS = Number(process.env.CAHIER_BENCH_RUNS ?? 7);
const TYPISTS = Number(process.env.CAHIER_BENCH_TYPISTS ?? 20);
const TYPING_SECONDS = Number(process.env.CAHIER_BENCH_SECONDS ?? 15);
const TRACE = process.env.CAHIER_TRACE ?? join(REPO, '..', 'shared', 'data', 'editing-traces', 'automerge-paper.json.gz');

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const round = (x) => Math.round(x * 10) / 10;

/** Records, in the page, when the editor becomes ready (the app sets data-ready on its host). */
function watchReady() {
  const mark = () => {
    const host = document.querySelector('[data-testid=editor][data-ready=true]');
    if (host && host.querySelector('.cm-line') && window.__readyAt === undefined) {
      window.__readyAt = performance.now();
    }
  };
  new MutationObserver(mark).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });
}

async function openingTimes(browser, server, doc, firstLine) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'fr-FR' });
    await context.addCookies(await server.cookies());
    await context.addInitScript(watchReady);
    const page = await context.newPage();
    await page.goto(`${server.url}/d/${doc}`);
    await page.waitForFunction(() => window.__readyAt !== undefined, null, { timeout: 30000 });
    const visible = await page.locator('.cm-content').textContent();
    if (!visible.includes(firstLine)) {
      throw new Error('the editor is ready but does not show the text');
    }
    times.push(await page.evaluate(() => window.__readyAt)); // ms since navigation start
    await context.close();
  }
  return times;
}

/** In the page: frame deltas and long animation frames, until __stopFrames() is called. */
function recordFrames() {
  window.__frames = [];
  window.__loaf = [];
  let last = performance.now();
  let running = true;
  const tick = (now) => {
    window.__frames.push(now - last);
    last = now;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame((now) => {
    last = now;
    requestAnimationFrame(tick);
  });
  if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.__loaf.push({
          duration: entry.duration,
          blocking: entry.blockingDuration,
          renderMs: entry.renderStart ? entry.startTime + entry.duration - entry.renderStart : 0,
          styleLayoutMs: entry.styleAndLayoutStart ? entry.startTime + entry.duration - entry.styleAndLayoutStart : 0,
          invokers: entry.scripts.map((s) => `${s.invokerType}:${s.invoker}`),
          scripts: entry.scripts.map((s) => ({
            invoker: s.invoker,
            fn: s.sourceFunctionName,
            ms: Math.round(s.duration),
            forcedLayoutMs: Math.round(s.forcedStyleAndLayoutDuration),
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: false });
  }
  window.__stopFrames = () => {
    running = false;
  };
}

/** A guest editor of the document's workspace, as each remote typist is someone of their own. */
async function typistCookie(server, doc) {
  const { workspaceId } = await server.api('GET', `/api/documents/${doc}`);
  const { token } = await server.invite(workspaceId, 'editor');
  const response = await fetch(`${server.url}/api/invitations/${token}/redeem`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: `Typist ${Math.random().toString(36).slice(2, 6)}`, discipline: 'researcher' }),
  });
  if (!response.ok) {
    throw new Error(`a typist could not join: ${response.status} ${await response.text()}`);
  }
  const cookie = (response.headers.getSetCookie?.() ?? []).find((c) => c.startsWith('cahier_session='));
  return cookie.split(';')[0];
}

async function typingUnderLoad(browser, server, doc) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'fr-FR' });
  await context.addCookies(await server.cookies());
  const page = await context.newPage();
  await page.goto(`${server.url}/d/${doc}`);
  await page.waitForSelector('[data-testid=editor][data-ready=true] .cm-line');
  await page.locator('[data-testid=connection-status][data-status=connected]').waitFor();

  const typists = [];
  for (let i = 0; i < TYPISTS; i++) {
    typists.push(await new Typist({ url: server.url, doc, cookie: await typistCookie(server, doc), rate: 2 }).start());
  }
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+Home');
  await page.evaluate(recordFrames);
  const remoteBefore = await page.evaluate(() => performance.now());
  const deadline = Date.now() + TYPING_SECONDS * 1000;
  let typed = 0;
  while (Date.now() < deadline) {
    await page.keyboard.type('x');
    typed++;
    await new Promise((r) => setTimeout(r, 80)); // ~10 keys per second, a fast typist
  }
  const { frames, loaf, elapsed } = await page.evaluate((t0) => {
    window.__stopFrames();
    return { frames: window.__frames, loaf: window.__loaf, elapsed: performance.now() - t0 };
  }, remoteBefore);
  for (const typist of typists) typist.stop();

  const expected = await until('the page converges with the server', async () => {
    const text = await server.text(doc);
    return (await editorText(page)) === text ? text : false;
  }, 60000, 200);
  await context.close();

  const remoteSent = typists.reduce((n, t) => n + t.sent, 0);
  const fromSocket = loaf.filter((f) => f.invokers.some((i) => /message|WebSocket/i.test(i)));
  return {
    typists: TYPISTS,
    seconds: round(elapsed / 1000),
    localKeystrokes: typed,
    remoteOpsSent: remoteSent,
    remoteOpsPerSecond: round(remoteSent / (elapsed / 1000)),
    typistErrors: typists.flatMap((t) => t.errors).slice(0, 5),
    finalLength: expected.length,
    frames: frames.length,
    frameMs: { median: round(median(frames)), p99: round(quantile(frames, 0.99)), max: round(Math.max(...frames)) },
    framesOver50ms: frames.filter((f) => f > 50).length,
    longAnimationFrames: {
      count: loaf.length,
      maxMs: round(Math.max(0, ...loaf.map((f) => f.duration))),
      fromWebSocketMessages: fromSocket.length,
      fromWebSocketMaxMs: round(Math.max(0, ...fromSocket.map((f) => f.duration))),
      invokers: [...new Set(loaf.flatMap((f) => f.invokers))].slice(0, 10),
      longest: [...loaf]
        .sort((a, b) => b.duration - a.duration)
        .slice(0, 3)
        .map((f) => ({ ms: Math.round(f.duration), renderMs: Math.round(f.renderMs), styleLayoutMs: Math.round(f.styleLayoutMs), scripts: f.scripts })),
    },
  };
}

const server = await new CahierServer({ name: 'bench' }).start();
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
try {
  await server.checkDocumentRoute();
  const text = JSON.parse(gunzipSync(readFileSync(TRACE)).toString('utf8')).endContent;
  const doc = (await server.createDocument('automerge-paper', 'note')).id;
  await seed(server.url, doc, text, `cahier_session=${(await server.facilitator()).secret}`);
  const open = await openingTimes(browser, server, doc, text.split('\n')[0]);
  const typing = await typingUnderLoad(browser, server, doc);
  console.log(
    JSON.stringify(
      {
        document: { source: 'automerge-paper final text (CC BY 4.0)', characters: text.length },
        open: { runs: open.length, medianMs: round(median(open)), minMs: round(Math.min(...open)), maxMs: round(Math.max(...open)), targetMs: 1000 },
        typingWithRemoteTypists: { ...typing, targetMaxFrameMs: 50 },
      },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
  await server.stop();
}
