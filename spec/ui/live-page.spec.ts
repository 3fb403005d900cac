import http from 'node:http';
import { expect } from 'chai';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { fastLoopback, ProcNode } from '../helpers/proc-node.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../artifacts/', import.meta.url);

/** The live network page, driven in a real browser (Debian's Chromium via playwright-core). */
describe('the live network page in Chromium', function () {
  this.timeout(60_000);
  const discoveryPort = 30000 + (process.pid % 20000);
  const fast = fastLoopback(discoveryPort);
  let browser: Browser | null = null;
  let page: Page;
  let alice: ProcNode, bob: ProcNode, carol: ProcNode;
  let ids: Record<string, string> = {};
  let url = '';
  const requested: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.warn(`\n  !!! LIVE PAGE SPECS SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium; .ci/run does it). !!!\n`);
      this.skip();
    }
    alice = new ProcNode([...fast, '--name', 'alice', '--ui']);
    bob = new ProcNode([...fast, '--name', 'bob']);
    carol = new ProcNode([...fast, '--name', 'carol']);
    const ready = await Promise.all([alice.ready(), bob.ready(), carol.ready()]);
    ids = { alice: ready[0]['id'] as string, bob: ready[1]['id'] as string, carol: ready[2]['id'] as string };
    url = (await alice.waitForRaw(/live page at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/, 10_000, 'stderr'))[1] as string;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    page.on('request', (r) => requested.push(r.url()));
  });

  after(async () => {
    await browser?.close();
    await Promise.all([alice, bob, carol].filter(Boolean).map((n) => n.stop()));
  });

  const row = (who: string, state: string) => `tr[data-peer-id="${ids[who]}"][data-state="${state}"]`;

  it("draws this node's peers, connected, with their machines' states", async () => {
    await page.goto(url);
    await page.waitForSelector(row('bob', 'connected'), { timeout: 10_000 });
    await page.waitForSelector(row('carol', 'connected'), { timeout: 10_000 });
    expect(await page.locator(`svg g.peer[data-peer-id="${ids.bob}"]`).getAttribute('data-state')).to.equal('connected');
    expect(
      await page
        .locator(`${row('bob', 'connected')} td`)
        .nth(2)
        .textContent(),
    ).to.match(/^connected\./);
    expect(await page.locator('#status').textContent()).to.equal('live');
  });

  it('updates live, without reload: a chat appears and counters move', async () => {
    bob.send('hello page');
    await page.waitForSelector('#chat div:has-text("hello page")', { timeout: 5000 });
    await page.waitForFunction(
      (id) => document.querySelector(`tr[data-peer-id="${id}"] td:nth-child(5)`)?.textContent?.startsWith('1 /'),
      ids.bob,
      { timeout: 5000 },
    );
    await page.waitForFunction((id) => document.querySelector(`[data-stats-peer="${id}"]`)?.textContent?.includes('in 1 msgs'), ids.bob, {
      timeout: 5000,
    });
    expect(await page.locator('#stats').textContent()).to.match(/messages\/s; dropped: 0 rate limit/);
  });

  it('a killed peer turns stale, then gone, on the page; its transitions are listed', async () => {
    carol.signal('SIGKILL');
    await page.waitForSelector(`${row('carol', 'stale')}, ${row('carol', 'gone')}`, { timeout: 10_000 });
    await page.waitForSelector(row('carol', 'gone'), { timeout: 10_000 });
    expect(await page.locator(`svg g.peer[data-peer-id="${ids.carol}"]`).getAttribute('data-state')).to.equal('gone');
    const transitions = await page
      .locator(`${row('carol', 'gone')} td`)
      .nth(5)
      .textContent();
    expect(transitions).to.match(/→ stale\.(backoff|dialing|silent)/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('live-page.png', ARTIFACTS).pathname, fullPage: true });
  });

  it('is self-contained and served on 127.0.0.1 only', async () => {
    expect(requested.every((u) => u.startsWith(new URL(url).origin + '/'))).to.equal(true, requested.join(' '));
    const port = Number(new URL(url).port);
    const reachable = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.2');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    expect(reachable).to.equal(false);
  });

  it('answers only requests addressed to 127.0.0.1 or localhost: a rebound name gets 403 (security item 11)', async () => {
    const port = Number(new URL(url).port);
    const events = `/events${new URL(url).search}`;
    const get = (host: string, path = events, extra: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path, headers: { host, ...extra } }, (res) => {
          res.destroy();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
      });
    expect(await get('rebind.attacker.example')).to.equal(403);
    expect(await get(`rebind.attacker.example:${port}`)).to.equal(403);
    expect(await get(`localhost:${port}`)).to.equal(200);
  });

  it('asks every request for the token printed at start, and refuses other origins (security item 3)', async () => {
    const { port, search } = new URL(url);
    const get = (path: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
          res.destroy();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
      });
    expect(await get('/events')).to.equal(403);
    expect(await get('/')).to.equal(403);
    expect(await get('/events?token=guess')).to.equal(403);
    expect(await get(`/events${search}`, { origin: 'https://evil.example' })).to.equal(403);
    expect(await get(`/events${search}`, { origin: `http://127.0.0.1:${port}` })).to.equal(200);
    expect(await get(`/${search}`)).to.equal(200);
  });
});
