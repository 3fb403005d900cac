import { expect } from 'chai';
import { WebSocket } from 'ws';
import { ProcNode } from '../support/proc-node.js';
import { waitUntil } from '../support/wait.js';

/**
 * `--inspect`: the node's actors reach the Stately inspector through
 * @statelyai/inspect's WebSocket inspector and a relay on 127.0.0.1. A client
 * here stands in for the inspector page and must see the peer machines.
 */
describe('--inspect: actor events reach the inspector relay', function () {
  this.timeout(20_000);
  const discoveryPort = 32000 + (process.pid % 20000);
  const common = ['--loopback', '--json', '--discovery-port', String(discoveryPort)];
  let alice: ProcNode, bob: ProcNode;

  after(async () => {
    await Promise.all([alice?.stop(), bob?.stop()]);
  });

  it("serves the bridge page and relays every peer machine's events", async () => {
    alice = new ProcNode([...common, '--name', 'alice', '--inspect']);
    const url = (await alice.waitForRaw(/inspector at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/, 10_000, 'stderr'))[1] as string;
    const page = await fetch(url).then((r) => r.text());
    expect(page).to.include('stately.ai/inspect');
    const seen: Array<Record<string, unknown>> = [];
    const ws = new WebSocket(url.replace('http', 'ws'), { origin: new URL(url).origin });
    ws.on('message', (d) => Buffer.isBuffer(d) && seen.push(JSON.parse(d.toString('utf8')) as Record<string, unknown>));
    await new Promise((resolve) => ws.once('open', resolve));
    bob = new ProcNode([...common, '--name', 'bob']);
    const bobId = (await bob.ready())['id'] as string;
    await alice.peerState(bobId, 'connected');
    await waitUntil(
      ws,
      'message',
      () => seen.some((m) => JSON.stringify(m).includes(`peer:${bobId}`)) || undefined,
      5000,
      () => `no peer actor seen; got ${seen.length} messages`,
    );
    expect(seen.some((m) => String(m['type']).startsWith('@xstate.'))).to.equal(true);
    ws.close();
  });

  it('refuses another origin, a missing token and a rebound host; a page cannot inject events (security item 3)', async () => {
    const url = (await alice.waitForRaw(/inspector at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/, 10_000, 'stderr'))[1] as string;
    const { origin, port } = new URL(url);
    const status = (target: string, headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(target, { headers });
        ws.once('open', () => (ws.close(), resolve(101)));
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('error', () => undefined);
      });
    const wsUrl = url.replace('http', 'ws');
    expect(await status(wsUrl, { origin: 'https://evil.example' })).to.equal(403);
    expect(await status(`ws://127.0.0.1:${port}/`, { origin })).to.equal(403);
    expect(await status(wsUrl.replace(/token=[\w-]+/, 'token=guess'), { origin })).to.equal(403);
    expect(await status(wsUrl, { host: `rebind.attacker.example:${port}` })).to.equal(403);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).to.equal(403);
    expect((await fetch(url, { headers: { origin: 'https://evil.example' } })).status).to.equal(403);
    // A page that got in (it has the token) still cannot speak for the node.
    const [a, b] = [new WebSocket(wsUrl, { origin }), new WebSocket(wsUrl, { origin })];
    await Promise.all([a, b].map((w) => new Promise((resolve) => w.once('open', resolve))));
    const heard: string[] = [];
    b.on('message', (d) => Buffer.isBuffer(d) && heard.push(d.toString('utf8')));
    a.send(JSON.stringify({ type: '@xstate.event', forged: 'INJECTED' }));
    bob.send('after the injection');
    await waitUntil(
      b,
      'message',
      () => heard.some((m) => m.includes('after the injection')) || undefined,
      5000,
      () => 'no relayed chat',
    );
    expect(heard.join('\n')).not.to.include('INJECTED');
    a.close();
    b.close();
  });
});
