import { expect } from 'chai';
import { ProcNode } from '../support/proc-node.js';
import { buildLan, LAN_FAST, lanFor, type Lan } from '../support/netns-lan.js';

/**
 * A LAN with IPv6 only: three hosts on a bridge with link-local addresses and no
 * IPv4 at all. Beacons go to the all-nodes group ff02::1 on each interface, links
 * are dialed to fe80::…%eth0 (issue 14, IPv6 on the LAN).
 */
const FAST = LAN_FAST;

describe('LAN with IPv6 only, in network namespaces', function () {
  this.timeout(60_000);
  let lan: Lan | null = null;
  const nodes: ProcNode[] = [];
  let ids: string[] = [];

  before(function () {
    lan = lanFor(this, 'IPv6 LAN SPECS', () => buildLan(4, { ipv4: false }));
  });

  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    lan?.destroy();
  });

  it('three hosts without IPv4 find each other over ff02::1 and link over link-local addresses', async () => {
    const hosts = lan!.hosts.slice(0, 3);
    nodes.push(...hosts.map((h, i) => new ProcNode(['--json', '--name', `six${i + 1}`, ...FAST], { netns: h.netns })));
    const ready = await Promise.all(nodes.map((n) => n.ready()));
    ids = ready.map((r) => r['id'] as string);
    expect(ready.map((r) => r['address'])).to.deep.equal(['::', '::', '::']);
    const links = await Promise.all(
      nodes.flatMap((n, i) => ids.filter((_, j) => j !== i).map((id) => n.peerState(id, 'connected', 20_000))),
    );
    for (const l of links) expect(String(l['address'])).to.match(/^fe80::[0-9a-f:]+%eth0$/);
  });

  it('chat and private chat work both ways', async () => {
    const [a, b, c] = nodes as [ProcNode, ProcNode, ProcNode];
    a.send('hello over six');
    await Promise.all([b, c].map((n) => n.waitFor((e) => e.event === 'chat' && e['content'] === 'hello over six')));
    c.send(`/msg six1 just you`);
    const got = await a.waitFor((e) => e.event === 'chat' && e['content'] === 'just you');
    expect(got['private']).to.equal(true);
    expect(b.events.some((e) => e['content'] === 'just you')).to.equal(false);
  });

  it('a crash is seen as stale, then gone', async () => {
    const [a, , c] = nodes as [ProcNode, ProcNode, ProcNode];
    c.signal('SIGKILL');
    await a.peerState(ids[2] as string, 'stale', 10_000);
    await a.peerState(ids[2] as string, 'gone', 10_000);
  });

  it('a node told --ipv4-only finds nobody there: the links above were IPv6', async () => {
    const four = new ProcNode(['--json', '--name', 'four', '--ipv4-only', ...FAST], { netns: lan!.hosts[3]!.netns });
    nodes.push(four);
    await four.ready();
    // A newcomer on the third host: the others meet it and beacon again, all of it after
    // four was listening. Once they are linked with it, four would have heard them by now.
    const again = new ProcNode(['--json', '--name', 'six3b', ...FAST], { netns: lan!.hosts[2]!.netns });
    nodes.push(again);
    const id = (await again.ready())['id'] as string;
    await Promise.all(nodes.slice(0, 2).map((n) => n.peerState(id, 'connected', 20_000)));
    expect(four.events.filter((e) => e.event === 'peer')).to.deep.equal([]);
  });
});
