import { expect } from 'chai';
import { ProcNode, tempDataDir, type JsonEvent } from '../support/proc-node.js';

/**
 * Nothing lost, with real processes on loopback: a pasted burst, a receiver
 * killed and restarted, a private message to someone away across a restart of
 * the sender, history after a restart, and one node per data dir.
 */
const FAST = ['--heartbeat-interval', '200ms', '--stale-after', '1s', '--gone-after', '3s', '--beacon-interval', '500ms'];

const chats = (n: ProcNode, from: string) => n.events.filter((e) => e.event === 'chat' && e['from_id'] === from && e['own'] !== true);
const delivered = (id: unknown, peer: string) => (e: JsonEvent) =>
  e.event === 'delivery' && e['id'] === id && e['peer_id'] === peer && e['state'] === 'delivered';

describe('integration: delivery with nothing lost', function () {
  this.timeout(60_000);
  const discoveryPort = String(24000 + (process.pid % 20000));
  const nodes: ProcNode[] = [];
  const start = (name: string, dataDir: string, extra: string[] = []) => {
    const n = new ProcNode(['--loopback', '--json', '--discovery-port', discoveryPort, '--name', name, ...FAST, ...extra], { dataDir });
    nodes.push(n);
    return n;
  };
  const aliceDir = tempDataDir();
  const bobDir = tempDataDir();
  let a: ProcNode, b: ProcNode;
  let ids: Record<string, string> = {};

  before(async () => {
    [a, b] = [start('alice', aliceDir), start('bob', bobDir)];
    const ready = await Promise.all([a.ready(), b.ready()]);
    ids = { alice: ready[0].id as string, bob: ready[1].id as string };
    await Promise.all([a.peerState(ids.bob!, 'connected'), b.peerState(ids.alice!, 'connected')]);
  });
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  it('a pasted burst of 1000 lines arrives whole, in order, each acknowledged, none refused', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}`);
    a.send(lines.join('\n'));
    await b.waitFor((e) => e.event === 'chat' && e['content'] === 'line 999', 30_000, 'the last line');
    expect(chats(b, ids.alice!).map((e) => e['content'])).to.deep.equal(lines);
    let count = a.events.filter((e) => e.event === 'delivery' && e['state'] === 'delivered').length;
    a.onEvent((e) => e.event === 'delivery' && e['state'] === 'delivered' && count++);
    await a.until(() => count >= 1000, 20_000, '1000 delivered');
    expect(count).to.equal(1000);
    expect(b.events.filter((e) => e.event === 'error')).to.deep.equal([]);
  });

  it('a burst typed the moment two new nodes meet is delivered whole: by the outbox, none passed on as caught up', async () => {
    // Fresh nodes on their own discovery port: the link, the Have exchange and the burst all race.
    const port = String(Number(discoveryPort) + 2);
    const mk = (name: string) => new ProcNode(['--loopback', '--json', '--discovery-port', port, '--name', name]);
    const [dave, erin] = [mk('dave'), mk('erin')];
    nodes.push(dave, erin);
    const [, re] = await Promise.all([dave.ready(), erin.ready()]);
    await dave.peerState(re['id'] as string, 'connected');
    const lines = Array.from({ length: 3000 }, (_, i) => `burst ${i}`);
    dave.send(lines.join('\n'));
    let delivered = 0;
    dave.onEvent((e) => e.event === 'delivery' && e['state'] === 'delivered' && delivered++);
    let shown = 0;
    erin.onEvent((e) => e.event === 'chat' && shown++);
    await dave.until(() => delivered >= 3000, 30_000, '3000 delivered');
    await erin.until(() => shown >= 3000, 10_000, '3000 shown');
    const got = erin.events.filter((e) => e.event === 'chat');
    expect(got.map((e) => e['content'])).to.deep.equal(lines);
    expect(got.filter((e) => e['caught_up'] === true)).to.deep.equal([]);
  });

  it('a receiver killed mid-conversation gets what was sent while it was down, once, after its restart', async () => {
    b.signal('SIGKILL');
    await a.peerState(ids.bob!, 'stale');
    a.send('while you were down');
    const own = await a.waitFor((e) => e.event === 'chat' && e['own'] === true && e['content'] === 'while you were down');
    b = start('bob', bobDir);
    await b.waitFor((e) => e.event === 'chat' && e['content'] === 'while you were down', 20_000);
    await a.waitFor(delivered(own['id'], ids.bob!), 10_000, 'delivered to bob');
    // The 1000 lines before the kill were acknowledged: none of them comes back.
    expect(chats(b, ids.alice!).map((e) => e['content'])).to.deep.equal(['while you were down']);
  });

  it('history: a restarted node shows what was said before, and /search finds it', async () => {
    const history = await b.waitFor((e) => e.event === 'history');
    const messages = history['messages'] as JsonEvent[];
    expect(messages.map((m) => m['content'])).to.include('line 999');
    b.send('/search "were down"');
    const found = await b.waitFor(
      (e) => e.event === 'history' && (e['messages'] as JsonEvent[]).some((m) => m['content'] === 'while you were down'),
    );
    expect((found['messages'] as JsonEvent[])[0]).to.include({ from_id: ids.alice, content: 'while you were down' });
  });

  it('a private message to a peer who is away waits for it, across a restart of the sender', async () => {
    b.send('/quit');
    await b.exited;
    await a.peerState(ids.bob!, 'gone');
    a.send('/msg bob see you tomorrow');
    const own = await a.waitFor((e) => e.event === 'chat' && e['own'] === true && e['content'] === 'see you tomorrow');
    await a.waitFor((e) => e.event === 'delivery' && e['id'] === own['id'] && e['state'] === 'queued');
    a.send('/quit');
    await a.exited;
    a = start('alice', aliceDir);
    b = start('bob', bobDir);
    const got = await b.waitFor((e) => e.event === 'chat' && e['content'] === 'see you tomorrow', 20_000);
    expect(got).to.include({ private: true, from_id: ids.alice, id: own['id'] });
    await a.waitFor(delivered(own['id'], ids.bob!), 10_000, 'delivered to bob after both restarted');
  });

  it('a second node on a data dir in use stops at once, naming the other process', async () => {
    const twin = new ProcNode(['--loopback', '--json', '--discovery-port', discoveryPort, '--name', 'twin'], { dataDir: aliceDir });
    nodes.push(twin);
    expect(await twin.exited).to.equal(1);
    expect(twin.stderr.join('')).to.match(new RegExp(`in use by another p2p-chat node \\(pid ${a.pid}\\).*--data-dir`));
  });

  it('alone, a broadcast says that nobody is there to receive it', async () => {
    const solo = new ProcNode(['--loopback', '--discovery-port', String(Number(discoveryPort) + 1), '--name', 'solo']);
    nodes.push(solo);
    await solo.waitForRaw(/listening/);
    solo.send('anyone there?');
    await solo.waitForRaw(/nobody is here to receive it/);
  });
});

describe('integration: catch-up after absence', function () {
  this.timeout(60_000);
  const discoveryPort = String(26000 + (process.pid % 20000));
  const nodes: ProcNode[] = [];
  const start = (name: string, dataDir: string) => {
    const n = new ProcNode(['--loopback', '--json', '--discovery-port', discoveryPort, '--name', name, ...FAST], { dataDir });
    nodes.push(n);
    return n;
  };
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  it('a node that was away sees what the room said, once, as its authors said it, marked caught up', async () => {
    const dirs = { alice: tempDataDir(), bob: tempDataDir(), carol: tempDataDir() };
    const a = start('alice', dirs.alice);
    const b = start('bob', dirs.bob);
    let c = start('carol', dirs.carol);
    const [ra, rb, rc] = await Promise.all([a.ready(), b.ready(), c.ready()]);
    const ids = { alice: ra.id as string, bob: rb.id as string, carol: rc.id as string };
    await Promise.all([a.peerState(ids.carol, 'connected'), b.peerState(ids.carol, 'connected'), a.peerState(ids.bob, 'connected')]);
    a.send('before carol left');
    await c.waitFor((e) => e.event === 'chat' && e['content'] === 'before carol left');
    c.send('/quit');
    await c.exited;
    await Promise.all([a.peerState(ids.carol, 'gone'), b.peerState(ids.carol, 'gone')]);
    for (let i = 0; i < 5; i++) {
      a.send(`alice ${i}`);
      b.send(`bob ${i}`);
    }
    await b.waitFor((e) => e.event === 'chat' && e['content'] === 'alice 4');
    await a.waitFor((e) => e.event === 'chat' && e['content'] === 'bob 4');
    c = start('carol', dirs.carol);
    await c.waitFor((e) => e.event === 'chat' && e['content'] === 'alice 4', 20_000);
    await c.waitFor((e) => e.event === 'chat' && e['content'] === 'bob 4', 20_000);
    // Both alice and bob may pass on each message: carol shows each once.
    const live = () => c.events.filter((e) => e.event === 'chat' && e['own'] !== true);
    const byAuthor = (id: string) =>
      live()
        .filter((e) => e['from_id'] === id)
        .map((e) => e['content']);
    expect(byAuthor(ids.alice)).to.deep.equal(['alice 0', 'alice 1', 'alice 2', 'alice 3', 'alice 4']);
    expect(byAuthor(ids.bob)).to.deep.equal(['bob 0', 'bob 1', 'bob 2', 'bob 3', 'bob 4']);
    expect(live().every((e) => e['caught_up'] === true && e['verified'] === true)).to.equal(true);
    expect(live().find((e) => e['content'] === 'bob 0')).to.include({ from_name: 'bob' });
    expect(c.events.filter((e) => e.event === 'error')).to.deep.equal([]);
  });
});
