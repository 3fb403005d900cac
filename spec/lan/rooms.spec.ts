import { expect } from 'chai';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { ProcNode, tempDataDir } from '../support/proc-node.js';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { canBuildLan, LAN_FAST, removeLeftovers } from '../support/netns-lan.js';
import { buildRoutedLans, startBootstrap, type RoutedLans } from '../support/routed-lans.js';

/**
 * Rooms over Hyperswarm across two LANs joined only by a router (issue 14).
 * A bootstrap node on the router; nothing leaves the namespaces.
 */
describe('LAN: two LANs joined by routing, a room between them', function () {
  this.timeout(90_000);
  let net: RoutedLans | null = null;
  let boot: ChildProcess | null = null;
  const nodes: ProcNode[] = [];
  const BOOT = '10.77.0.254:49737';
  let invite = '';
  const ids: Record<string, string> = {};
  const start = async (who: string, host: { netns: string }, room: string | null) => {
    const n = new ProcNode(
      [
        '--json',
        '--name',
        who,
        ...LAN_FAST,
        '--bootstrap',
        BOOT,
        '--reachable',
        '--downloads',
        path.join(tempDataDir(), 'dl'),
        ...(room ? ['--room', room] : []),
      ],
      {
        netns: host.netns,
      },
    );
    nodes.push(n);
    ids[who] = (await n.ready())['id'] as string;
    return n;
  };

  before(async function () {
    const why = canBuildLan();
    if (why !== null) {
      console.warn(`\n  !!! ROOM SPECS SKIPPED: ${why}. Run the suite as root. !!!\n`);
      this.skip();
    }
    removeLeftovers();
    net = buildRoutedLans(2);
    boot = await startBootstrap(net);
  });

  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    boot?.kill();
    net?.destroy();
  });

  it('a node on LAN A makes a room; one on LAN B joins by its code; they link across the router', async () => {
    const a1 = await start('a1', net!.a[0]!, 'team');
    const made = await a1.waitFor((e) => e.event === 'room' && e['action'] === 'joined');
    expect(made['made']).to.equal(true);
    invite = String(made['invite']);
    expect(invite).to.match(/^team~[\w-]{43}$/);
    const t0 = Date.now();
    const b1 = await start('b1', net!.b[0]!, invite);
    await Promise.all([a1.peerState(ids['b1']!, 'connected', 30_000), b1.peerState(ids['a1']!, 'connected', 30_000)]);
    console.log(`      measured: joined the room and linked across the router in ${Date.now() - t0} ms (from the second node's start)`);
    // Marked with where it was met: the side that looked the room up knows which room.
    const seen = b1.events.find((e) => e.event === 'peer' && e['id'] === ids['a1'] && e['state'] === 'connected')!;
    expect(seen).to.include({ verified: true, via: 'room team' });
    const other = a1.events.find((e) => e.event === 'peer' && e['id'] === ids['b1'] && e['state'] === 'connected')!;
    expect(String(other['via'])).to.match(/^room/);
  });

  it('chat both ways, and a private message, across the router', async () => {
    const [a1, b1] = nodes as [ProcNode, ProcNode];
    a1.send('hello from LAN A');
    await b1.waitFor((e) => e.event === 'chat' && e['content'] === 'hello from LAN A');
    b1.send('hello from LAN B');
    await a1.waitFor((e) => e.event === 'chat' && e['content'] === 'hello from LAN B');
    b1.send(`/msg a1 only you`);
    const got = await a1.waitFor((e) => e.event === 'chat' && e['content'] === 'only you');
    expect(got['private']).to.equal(true);
  });

  it('a file goes through the room like anything else (the same links, machines and checks)', async () => {
    const [a1, b1] = nodes as [ProcNode, ProcNode];
    const file = path.join(tempDataDir(), 'notes.bin');
    const bytes = randomBytes(3_000_000);
    writeFileSync(file, bytes);
    a1.send(`/send b1 ${file}`);
    const offered = await b1.waitFor((e) => e.event === 'transfer' && e['state'] === 'offered', 20_000);
    b1.send('/accept');
    const done = await b1.waitFor((e) => e.event === 'transfer' && e['id'] === offered['id'] && e['state'] === 'done', 30_000);
    expect(readFileSync(String(done['path'])).equals(bytes)).to.equal(true);
  });

  it('a third node on LAN A meets a1 on the LAN and b1 only through the room; a node without the code finds neither', async () => {
    // Same room name, its own secret: another room altogether. Started first, so it has had
    // as long as a2 to find anyone by the time a2 has found everyone.
    const b2 = await start('b2', net!.b[1]!, 'team');
    const a2 = await start('a2', net!.a[1]!, invite);
    await Promise.all([a2.peerState(ids['a1']!, 'connected', 30_000), a2.peerState(ids['b1']!, 'connected', 30_000)]);
    await b2.peerState(ids['b1']!, 'connected', 15_000); // its LAN neighbour, by broadcast
    expect(b2.events.some((e) => e.event === 'peer' && (e['id'] === ids['a1'] || e['id'] === ids['a2']))).to.equal(false);
    // a2 met a1 both ways (the LAN's broadcast and the room): one peer, one link.
    expect(new Set(a2.events.filter((e) => e.event === 'peer' && e['state'] === 'connected').map((e) => e['id']))).to.deep.equal(
      new Set([ids['a1'], ids['b1']]),
    );
  });

  it('the doctor in a room whose bootstrap node does not answer says so; in a working room it does not', async () => {
    const doctor = (room: string, boot: string) => {
      const doc = new ProcNode(['doctor', '--json', '--name', 'doc', ...LAN_FAST, '--room', room, '--bootstrap', boot, '--reachable'], {
        netns: net!.a[1]!.netns,
      });
      nodes.push(doc);
      return doc
        .waitFor((x) => x.event === 'doctor', 30_000, 'the findings')
        .then((e) => e['findings'] as Array<{ code: string; text: string }>);
    };
    const [lonely, fine] = await Promise.all([doctor('lonely', '10.77.0.254:49999'), doctor(invite, BOOT)]);
    expect(lonely.find((x) => x.code === 'BOOTSTRAP_UNREACHABLE')?.text, JSON.stringify(lonely)).to.equal(
      'in room lonely, but no DHT node answers: the bootstrap node 10.77.0.254:49999 is unreachable',
    );
    expect(
      fine.map((x) => x.code),
      JSON.stringify(fine),
    ).to.not.include('BOOTSTRAP_UNREACHABLE');
  });

  it('a room peer SIGKILLed goes stale, then gone', async () => {
    const [a1, b1] = nodes as [ProcNode, ProcNode];
    b1.signal('SIGKILL');
    await b1.exited;
    await a1.peerState(ids['b1']!, 'stale', 10_000);
    await a1.peerState(ids['b1']!, 'gone', 15_000);
  });
});

describe('LAN: a room across a NAT (LAN B behind the router)', function () {
  this.timeout(60_000);
  let net: RoutedLans | null = null;
  let boot: ChildProcess | null = null;
  const nodes: ProcNode[] = [];

  before(async function () {
    const why = canBuildLan();
    if (why !== null) this.skip();
    removeLeftovers();
    try {
      net = buildRoutedLans(1, { nat: true });
    } catch (e) {
      console.warn(`\n  !!! NAT ROOM SPEC SKIPPED: ${(e as Error).message.split('\n')[0]} (nftables: apt-get install nftables) !!!\n`);
      this.skip();
    }
    boot = await startBootstrap(net);
  });
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    boot?.kill();
    net?.destroy();
  });

  it('the reachable side on LAN A and the NATed side on LAN B link through the room', async () => {
    const a = new ProcNode(['--json', '--name', 'a', ...LAN_FAST, '--bootstrap', '10.77.0.254:49737', '--reachable', '--room', 'nat'], {
      netns: net!.a[0]!.netns,
    });
    nodes.push(a);
    const aId = (await a.ready())['id'] as string;
    const code = String((await a.waitFor((e) => e.event === 'room'))['invite']);
    const t0 = Date.now();
    // Behind the NAT: not reachable as it is, so no --reachable.
    const b = new ProcNode(['--json', '--name', 'b', ...LAN_FAST, '--bootstrap', '10.77.0.254:49737', '--room', code], {
      netns: net!.b[0]!.netns,
    });
    nodes.push(b);
    const bReady = await b.ready();
    const bId = bReady['id'] as string;
    await Promise.all([a.peerState(bId, 'connected', 30_000), b.peerState(aId, 'connected', 30_000)]);
    console.log(`      measured: across the NAT, linked in ${Date.now() - t0} ms (from the NATed node's start)`);
    // The NAT is real: from LAN A, a new connection to b's own port does not get through.
    const probe = spawnSync('ip', [
      'netns',
      'exec',
      net!.a[0]!.netns,
      process.execPath,
      '-e',
      `const s=require('net').connect(${String(bReady['port'])},'10.78.0.1',()=>process.exit(0));s.on('error',()=>process.exit(2));setTimeout(()=>process.exit(3),1500)`,
    ]);
    expect(probe.status).to.not.equal(0);
    b.send('from behind the NAT');
    await a.waitFor((e) => e.event === 'chat' && e['content'] === 'from behind the NAT');
    a.send('into the NAT');
    await b.waitFor((e) => e.event === 'chat' && e['content'] === 'into the NAT');
  });
});
