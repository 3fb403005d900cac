import { expect } from 'chai';
import { ProcNode } from '../support/proc-node.js';

/**
 * Real processes, real sockets, on loopback only (`--loopback`): the suite runs
 * this inside a private network namespace as well, so nothing leaves the host.
 */
const FAST = ['--heartbeat-interval', '200ms', '--stale-after', '1s', '--gone-after', '2s', '--beacon-interval', '1s'];

describe('integration: three nodes on loopback', function () {
  this.timeout(30_000);
  const discoveryPort = String(20000 + (process.pid % 20000));
  const nodes: ProcNode[] = [];
  const start = (name: string) => {
    const n = new ProcNode(['--loopback', '--json', '--discovery-port', discoveryPort, '--name', name, ...FAST]);
    nodes.push(n);
    return n;
  };
  let a: ProcNode, b: ProcNode, c: ProcNode;
  let ids: Record<string, string> = {};

  before(async () => {
    [a, b, c] = [start('alice'), start('bob'), start('carol')];
    const ready = await Promise.all([a.ready(), b.ready(), c.ready()]);
    ids = { alice: ready[0].id as string, bob: ready[1].id as string, carol: ready[2].id as string };
  });
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  it('every node connects to the other two', async () => {
    const pairs: Array<[ProcNode, string]> = [
      [a, ids.bob!],
      [a, ids.carol!],
      [b, ids.alice!],
      [b, ids.carol!],
      [c, ids.alice!],
      [c, ids.bob!],
    ];
    await Promise.all(pairs.map(([n, id]) => n.peerState(id, 'connected')));
  });

  it('a line goes to everyone, once, with the same id', async () => {
    a.send('hello everyone');
    const own = await a.waitFor((e) => e.event === 'chat' && e['own'] === true && e['content'] === 'hello everyone');
    const [gotB, gotC] = await Promise.all([b, c].map((n) => n.waitFor((e) => e.event === 'chat' && e['content'] === 'hello everyone')));
    expect(gotB).to.deep.include({ from_id: ids.alice, from_name: 'alice', private: false, id: own['id'] });
    expect(gotC).to.deep.include({ from_id: ids.alice, id: own['id'] });
  });

  it('/msg goes to one peer only and is shown private on both sides', async () => {
    b.send('/msg carol just for you');
    const got = await c.waitFor((e) => e.event === 'chat' && e['content'] === 'just for you');
    expect(got).to.deep.include({ private: true, from_name: 'bob' });
    const own = await b.waitFor((e) => e.event === 'chat' && e['own'] === true && e['content'] === 'just for you');
    expect(own).to.deep.include({ private: true, to_name: 'carol' });
    // A later broadcast reaching alice proves the private one had its chance to and did not.
    b.send('after the secret');
    await a.waitFor((e) => e.event === 'chat' && e['content'] === 'after the secret');
    expect(a.events.some((e) => e['content'] === 'just for you')).to.equal(false);
  });

  it('an unknown command is answered with an error, not sent', async () => {
    c.send('/nope');
    const err = await c.waitFor((e) => e.event === 'error' && e['code'] === 'UNKNOWN_COMMAND');
    expect(err['message']).to.match(/\/help/);
  });

  it('/peers lists the peers with state and RTT', async () => {
    a.send('/peers');
    const p = await a.waitFor((e) => e.event === 'peers');
    const peers = p['peers'] as Array<Record<string, unknown>>;
    expect(peers.map((x) => x['name']).sort()).to.deep.equal(['bob', 'carol']);
    expect(peers.every((x) => x['state'] === 'connected')).to.equal(true);
  });

  it('/stats counts messages and bytes per peer', async () => {
    a.send('/stats');
    const st = await a.waitFor((e) => e.event === 'stats');
    const peers = st['peers'] as Array<Record<string, number | string>>;
    const bob = peers.find((p) => p['name'] === 'bob')!;
    expect(bob['messages_out']).to.be.at.least(1);
    expect(bob['messages_in']).to.be.at.least(1);
    expect(bob['bytes_in']).to.be.greaterThan(0);
    expect(st['drops']).to.deep.equal({ rate_limit: 0, decode: 0, size: 0, refused: 0 });
  });

  it('SIGTERM quits like /quit: a fourth node joins, is terminated, and is seen gone (exit)', async () => {
    const d = start('dave');
    const id = (await d.ready())['id'] as string;
    await a.peerState(id, 'connected');
    d.signal('SIGTERM');
    const gone = await a.peerState(id, 'gone', 3000);
    expect(gone['reason']).to.equal('exit');
    expect(await d.exited).to.equal(0);
  });

  it('SIGKILL: the others see the peer stale, then gone (timeout)', async () => {
    c.signal('SIGKILL');
    await Promise.all([a, b].map((n) => n.peerState(ids.carol!, 'stale', 5000)));
    const gone = await Promise.all([a, b].map((n) => n.peerState(ids.carol!, 'gone', 8000)));
    expect(gone.map((g) => g['reason'])).to.deep.equal(['timeout', 'timeout']);
  });

  it('/quit: the others see the peer gone (exit) at once, and it exits 0', async () => {
    b.send('/quit');
    const gone = await a.peerState(ids.bob!, 'gone', 3000);
    expect(gone['reason']).to.equal('exit');
    expect(a.events.some((e) => e.event === 'peer' && e['id'] === ids.bob && e['state'] === 'stale')).to.equal(false);
    expect(await b.exited).to.equal(0);
  });

  it('stdin EOF quits cleanly too', async () => {
    a.endInput();
    expect(await a.exited).to.equal(0);
    expect(a.events.at(-1)).to.deep.equal({ event: 'bye' });
  });
});
