import { expect } from 'chai';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CLI } from '../support/proc-node.js';
import { replayTimeline } from '../support/replay-json.js';
import type { Timeline } from '../../src/ui/timeline.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../artifacts/', import.meta.url);
const FIXTURE = fileURLToPath(new URL('../fixtures/partition-and-return.jsonl', import.meta.url));

/** `p2p-chat replay FILE --ui`: the page over a recording, scrubbed in a real browser (issue 16). */
describe('the replay page in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser | null = null;
  let page: Page;
  let child: ChildProcessWithoutNullStreams | undefined;
  let url = '';
  let timeline: Timeline;
  let stdout = '';
  const requested: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.warn(`\n  !!! REPLAY PAGE SPECS SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium; .ci/run does it). !!!\n`);
      this.skip();
    }
    timeline = await replayTimeline(readFileSync(FIXTURE, 'utf8'));
    const replaying = spawn(process.execPath, [CLI, 'replay', FIXTURE, '--ui']);
    child = replaying;
    replaying.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    url = await new Promise<string>((resolve, reject) => {
      let err = '';
      replaying.stderr.setEncoding('utf8').on('data', (c: string) => {
        err += c;
        const m = /replay page at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(err);
        if (m?.[1]) resolve(m[1]);
      });
      replaying.once('exit', () => reject(new Error(`replay exited: ${err}`)));
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(url);
    await page.waitForSelector('#timeline:not([hidden])');
  });

  after(async () => {
    await browser?.close();
    // Skipped (no Chromium): no replay was started.
    if (child !== undefined && child.exitCode === null) {
      child.kill('SIGINT');
      const running = child;
      await new Promise((resolve) => running.once('exit', resolve));
    }
  });

  const shows = (t: number) =>
    page.waitForFunction((at) => (document.querySelector('#slider') as HTMLElement).dataset['shown'] === String(at), t);
  /** Clicks the marker of `t` (a jump to its exact moment) and waits until the page shows the model of that moment. */
  const jump = async (t: number) => {
    await page.click(`#marks span[data-at="${t}"]`);
    await shows(t);
  };

  it('printed what the node showed, then served a timeline with a marker for each peer change, chat and error', async () => {
    expect(stdout).to.match(/bob/);
    expect(await page.locator('#marks span').count()).to.equal(timeline.markers().length);
    expect(await page.locator('#marks span.peer').count()).to.be.at.least(3);
    expect(await page.locator('#send').isHidden()).to.equal(true);
  });

  it('scrubbed to each peer change, every machine is in the state the replay has at that time, its chart lit so', async () => {
    const marks = timeline.markers().filter((m) => m.kind === 'peer');
    for (const m of marks) {
      await jump(m.at);
      const expected = timeline.frameAt(m.at);
      for (const [id, p] of Object.entries(expected.peers)) {
        if (!p.view) continue;
        expect(await page.locator(`#peers tr[data-peer-id="${id}"]`).getAttribute('data-state'), `${m.text}: ${p.view.name}`).to.equal(
          p.view.state,
        );
      }
      const [name] = m.text.split(' ');
      const id = Object.entries(expected.peers).find(([, p]) => p.view?.name === name)?.[0] ?? '';
      await page.selectOption('#actor', `peer:${id}`);
      await shows(m.at);
      await page.waitForSelector(`#chart[data-machine="peer"]`);
      const lit = await page.$$eval('#chart g.state.active', (gs) => gs.map((g) => g.getAttribute('data-path')).sort());
      expect(lit, m.text).to.deep.equal([...(expected.actors[`peer:${id}`]?.active ?? [])].sort());
    }
  });

  it('at the moment a peer went stale, the arrow it took into stale is drawn as taken', async () => {
    const stale = timeline.markers().find((m) => m.text.endsWith(' stale'));
    expect(stale).to.not.equal(undefined);
    await jump(stale?.at ?? 0);
    const taken = await page.$$eval('#chart path.arrow.taken', (ps) => ps.map((p) => p.getAttribute('data-events')));
    expect(taken.join(' ')).to.match(/LINK_DOWN|xstate\.after\.staleAfter/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('replay-page.png', ARTIFACTS).pathname, fullPage: true });
  });

  it('plays from the start to the end', async () => {
    await page.$eval('#slider', (s) => {
      (s as HTMLInputElement).value = '0';
      s.dispatchEvent(new Event('input'));
    });
    await shows(timeline.start);
    await page.selectOption('#speed', '100');
    await page.click('#play');
    await shows(timeline.end);
    await page.waitForFunction(() => document.querySelector('#play')?.textContent?.includes('play'));
  });

  it('asks nothing of anyone but the replay on 127.0.0.1', () => {
    expect(requested.length).to.be.greaterThan(3);
    expect(requested.every((u) => u.startsWith(new URL(url).origin + '/'))).to.equal(true, requested.join(' '));
  });
});
