import { expect } from 'chai';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { fastLoopback, ProcNode, type JsonEvent } from '../support/proc-node.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../artifacts/', import.meta.url);

/** The live page as a list of conversations (issue 23 item 8): alice on the page, bob with her in #team, carol not. */
describe('the live page as a list of conversations in Chromium (issue 23 item 8)', function () {
  this.timeout(60_000);
  const fast = fastLoopback(30000 + ((process.pid + 7919) % 20000));
  let browser: Browser | null = null;
  let page: Page;
  let alice: ProcNode, bob: ProcNode, carol: ProcNode;
  let ids: Record<string, string> = {};

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.warn(`\n  !!! CONVERSATIONS PAGE SPECS SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium). !!!\n`);
      this.skip();
    }
    alice = new ProcNode([...fast, '--name', 'alice', '--ui']);
    bob = new ProcNode([...fast, '--name', 'bob']);
    carol = new ProcNode([...fast, '--name', 'carol']);
    const ready = await Promise.all([alice.ready(), bob.ready(), carol.ready()]);
    ids = { alice: ready[0]['id'] as string, bob: ready[1]['id'] as string, carol: ready[2]['id'] as string };
    const url = (await alice.waitForRaw(/live page at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/, 10_000, 'stderr'))[1] as string;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(url);
    await page.waitForSelector(`tr[data-peer-id="${ids.bob}"][data-state="connected"]`, { timeout: 10_000 });
    await page.waitForSelector(`tr[data-peer-id="${ids.carol}"][data-state="connected"]`, { timeout: 10_000 });
  });

  after(async () => {
    await browser?.close();
    await Promise.all([alice, bob, carol].filter(Boolean).map((n) => n.stop()));
  });

  const entry = (key: string) => `#conversations li[data-conversation="${key}"]`;
  const said = (content: string) => (e: JsonEvent) => e.event === 'chat' && e['content'] === content && e['own'] !== true;

  /** Asks `/channels` until `node` sees `member` in `channel`: membership travels on its own frame. */
  async function untilMember(node: ProcNode, channel: string, member: string): Promise<void> {
    for (let tries = 0; tries < 200; tries++) {
      const from = node.events.length;
      node.send('/channels');
      const answer = await node.waitFor((e) => e.event === 'channels' && node.events.indexOf(e) >= from, 5000, '/channels');
      const listed = (answer['channels'] as { name: string; members: string[] }[]).find((c) => c.name === channel);
      if (listed?.members.includes(member)) return;
    }
    throw new Error(`${channel} never listed ${member}`);
  }

  it('lists #lan from the start, and shows it', async () => {
    await page.waitForSelector(`${entry('#lan')}.selected`, { timeout: 5000 });
    expect(await page.locator('#target').textContent()).to.match(/to everyone in #lan/);
  });

  it('joins #team from its own field: listed, shown and the box written to it', async () => {
    await page.fill('#channel-name', '#team');
    await page.click('#join');
    await page.waitForSelector(`${entry('#tearn')}.selected`, { timeout: 5000 });
    expect(await page.locator(entry('#tearn')).textContent()).to.equal('#team');
    expect(await page.locator('#target').textContent()).to.match(/to everyone in #team/);
    expect(
      await page.locator('#conversations li[data-conversation]').evaluateAll((l) => l.map((e) => e.getAttribute('data-conversation'))),
    ).to.deep.equal(['#lan', '#tearn']);
  });

  it('a #team message while #lan is shown counts 1 unread on #team until #team is clicked', async () => {
    bob.send('/join #team');
    await untilMember(bob, '#team', ids.alice ?? '');
    await page.click(entry('#lan'));
    bob.send('/msg #team hello team');
    await page.waitForSelector(`${entry('#tearn')}[data-unread="1"]`, { timeout: 5000 });
    expect(await page.locator(entry('#tearn')).textContent()).to.equal('#team1');
    expect(await page.locator('#chat').textContent()).to.not.include('hello team');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('conversations-page.png', ARTIFACTS).pathname });
    await page.click(entry('#tearn'));
    await page.waitForSelector('#chat .msg:has-text("hello team")', { timeout: 5000 });
    expect(await page.locator(entry('#tearn')).getAttribute('data-unread')).to.equal('0');
  });

  it("sends from the box to #team's members only: carol, not in it, gets nothing", async () => {
    await page.fill('#text', 'team only');
    await page.press('#text', 'Enter');
    const got = await bob.waitFor(said('team only'));
    expect(got['private']).to.equal(false);
    expect(got['channel']).to.equal('#team');
    await page.waitForSelector('#chat .msg.own[data-delivery="delivered"]:has-text("team only")', { timeout: 5000 });
    // Then one to #lan on the same links: carol hears it, and would have heard the #team one first.
    await page.click(entry('#lan'));
    await page.fill('#text', 'lan again');
    await page.press('#text', 'Enter');
    await carol.waitFor(said('lan again'));
    expect(carol.events.filter((e) => e['content'] === 'team only' || e['content'] === 'hello team')).to.deep.equal([]);
  });

  it("a private message counts unread on the peer's conversation, listed after the channels", async () => {
    bob.send('/msg alice just you');
    await page.waitForSelector(`${entry(`@${ids.bob}`)}[data-unread="1"]`, { timeout: 5000 });
    const keys = await page
      .locator('#conversations li[data-conversation]')
      .evaluateAll((l) => l.map((e) => e.getAttribute('data-conversation')));
    expect(keys).to.deep.equal(['#lan', '#tearn', `@${ids.bob}`]);
    await page.click(entry(`@${ids.bob}`));
    await page.waitForSelector('#chat .msg:has-text("just you")', { timeout: 5000 });
    expect(await page.locator('#target').textContent()).to.match(/private to bob/);
  });

  it('says what the node refused: #lan cannot be parted', async () => {
    await page.fill('#channel-name', '#lan');
    await page.click('#part');
    await page.waitForSelector('#notice:has-text("the LAN\'s own channel")', { timeout: 5000 });
    expect(await page.locator(entry('#lan')).count()).to.equal(1);
    await page.click(entry('#lan'));
    expect(await page.locator('#notice').textContent()).to.equal('');
  });

  it('parts #team from its field: gone from the list, and what #team says after never shows', async () => {
    await page.click(entry('#tearn'));
    await page.fill('#channel-name', 'team');
    await page.click('#part');
    await page.waitForSelector(entry('#tearn'), { state: 'detached', timeout: 5000 });
    await page.waitForSelector(`${entry('#lan')}.selected`, { timeout: 5000 });
    bob.send('/msg #team after part');
    bob.send('/msg #lan marker');
    await page.waitForSelector('#chat .msg:has-text("marker")', { timeout: 5000 });
    expect(alice.events.some((e) => e['content'] === 'after part')).to.equal(false);
    expect(await page.locator('body').textContent()).to.not.include('after part');
  });
});
