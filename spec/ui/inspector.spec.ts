import { expect } from 'chai';
import { WebSocket } from 'ws';
import { ProcNode } from '../helpers/proc-node.js';
import { waitUntil } from '../helpers/wait.js';

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
    const url = (await alice.waitForRaw(/inspector at (http:\/\/127\.0\.0\.1:\d+)/, 10_000, 'stderr'))[1] as string;
    const page = await fetch(url).then((r) => r.text());
    expect(page).to.include('stately.ai/inspect');
    const seen: Array<Record<string, unknown>> = [];
    const ws = new WebSocket(url.replace('http', 'ws'));
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
});
