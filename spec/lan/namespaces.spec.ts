import { expect } from 'chai';
import { ProcNode } from '../support/proc-node.js';
import { buildLan, LAN_FAST, lanFor, type Lan } from '../support/netns-lan.js';

/**
 * A real LAN: three hosts in network namespaces on one bridge, each running a
 * node with its default broadcast (no --loopback). Proves discovery across the
 * bridge, chat, private chat, graceful leave, crash (stale, then gone) and a
 * frozen process (stale, then connected again).
 */
const FAST = LAN_FAST;

describe('LAN in network namespaces', function () {
  this.timeout(60_000);
  let lan: Lan | null = null;
  const nodes: ProcNode[] = [];
  let ids: string[] = [];

  before(function () {
    lan = lanFor(this, 'LAN SPECS', () => buildLan(3));
  });

  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    lan?.destroy();
  });

  it('three hosts find each other by broadcast and connect', async () => {
    const hosts = lan!.hosts;
    const started = Date.now();
    nodes.push(...hosts.map((h, i) => new ProcNode(['--json', '--name', `host${i + 1}`, ...FAST], { netns: h.netns })));
    const ready = await Promise.all(nodes.map((n) => n.ready()));
    ids = ready.map((r) => r['id'] as string);
    const readyAt = Date.now();
    await Promise.all(nodes.flatMap((n, i) => ids.filter((_, j) => j !== i).map((id) => n.peerState(id, 'connected', 10_000))));
    const connected = nodes[0]!.events.find((e) => e.event === 'peer' && e['state'] === 'connected');
    expect(connected!['address']).to.match(/^10\.77\.0\.[23]$/);
    console.log(
      `      measured: all 3 nodes fully connected ${Date.now() - readyAt} ms after the last ready (${Date.now() - started} ms from spawn)`,
    );
  });

  it('a late joiner is connected to everyone well within one beacon interval', async () => {
    // Host 3 restarts as a new node; the others have beacon intervals of 5 s.
    const [, , third] = nodes;
    third!.send('/quit');
    await third!.exited;
    const joiner = new ProcNode(['--json', '--name', 'late', ...FAST], { netns: lan!.hosts[2]!.netns });
    nodes[2] = joiner;
    const r = await joiner.ready();
    const t0 = Date.now();
    ids[2] = r['id'] as string;
    await Promise.all([
      joiner.peerState(ids[0]!, 'connected'),
      joiner.peerState(ids[1]!, 'connected'),
      nodes[0]!.peerState(ids[2], 'connected'),
      nodes[1]!.peerState(ids[2], 'connected'),
    ]);
    const took = Date.now() - t0;
    console.log(`      measured: new node connected both ways to 2 peers in ${took} ms`);
    expect(took).to.be.below(2000);
  });

  it('chat and private chat cross the bridge', async () => {
    const [h1, h2, h3] = nodes as [ProcNode, ProcNode, ProcNode];
    h1.send('hello LAN');
    await Promise.all([h2, h3].map((n) => n.waitFor((e) => e.event === 'chat' && e['content'] === 'hello LAN' && e['from_id'] === ids[0])));
    h2.send(`/msg ${ids[2]!.slice(0, 8)} only h3`);
    const got = await h3.waitFor((e) => e.event === 'chat' && e['content'] === 'only h3');
    expect(got['private']).to.equal(true);
    h2.send('fence');
    await h1.waitFor((e) => e.event === 'chat' && e['content'] === 'fence');
    expect(h1.events.some((e) => e['content'] === 'only h3')).to.equal(false);
  });

  it('SIGSTOP: stale; SIGCONT: connected again', async () => {
    const [h1, h2, h3] = nodes as [ProcNode, ProcNode, ProcNode];
    const mark = h1.events.length;
    const t0 = Date.now();
    h3.signal('SIGSTOP');
    await Promise.all(
      [h1, h2].map((n) =>
        n.waitFor((e) => e.event === 'peer' && e['id'] === ids[2] && e['state'] === 'stale' && n.events.indexOf(e) >= mark, 5000),
      ),
    );
    console.log(`      measured: a frozen peer was seen stale after ${Date.now() - t0} ms (stale-after 1 s)`);
    const t1 = Date.now();
    h3.signal('SIGCONT');
    await Promise.all(
      [h1, h2].map((n) =>
        n.waitFor((e) => e.event === 'peer' && e['id'] === ids[2] && e['state'] === 'connected' && n.events.indexOf(e) > mark, 5000),
      ),
    );
    console.log(`      measured: connected again ${Date.now() - t1} ms after SIGCONT`);
  });

  it('SIGKILL: stale, then gone', async () => {
    const [h1, h2, h3] = nodes as [ProcNode, ProcNode, ProcNode];
    const mark = h1.events.length;
    const t0 = Date.now();
    h3.signal('SIGKILL');
    const after = (n: ProcNode, state: string) =>
      n.waitFor((e) => e.event === 'peer' && e['id'] === ids[2] && e['state'] === state && n.events.indexOf(e) >= mark, 8000);
    await Promise.all([after(h1, 'stale'), after(h2, 'stale')]);
    const staleMs = Date.now() - t0;
    const gone = await Promise.all([after(h1, 'gone'), after(h2, 'gone')]);
    console.log(`      measured: crash seen as stale after ${staleMs} ms, gone after ${Date.now() - t0} ms (gone-after 3 s)`);
    expect(gone.map((g) => g['reason'])).to.deep.equal(['timeout', 'timeout']);
  });

  it('/quit: the other sees it gone (exit) at once', async () => {
    const [h1, h2] = nodes as [ProcNode, ProcNode];
    const t0 = Date.now();
    h2.send('/quit');
    const gone = await h1.peerState(ids[1]!, 'gone', 3000);
    expect(gone['reason']).to.equal('exit');
    console.log(`      measured: graceful leave seen in ${Date.now() - t0} ms`);
    expect(await h2.exited).to.equal(0);
  });
});
