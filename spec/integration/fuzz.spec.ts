import { expect } from 'chai';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Attacker } from '../support/attacker.js';
import { signedBeacon, testIdentity } from '../support/forge.js';
import { ProcNode } from '../support/proc-node.js';

/** A small seeded PRNG (mulberry32): a failing run can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]) => xs[int(xs.length)] as T };
}

type Rng = ReturnType<typeof prng>;

/** Random bytes, or a valid message mutated: bytes flipped, cut, repeated, or nested deep. */
function mutate(rng: Rng, seeds: readonly Buffer[], max: number): Buffer {
  const kind = rng.int(6);
  if (kind === 0) return Buffer.from(Array.from({ length: rng.int(max) }, () => rng.int(256)));
  const base = Buffer.from(rng.pick(seeds));
  if (kind === 1) {
    for (let i = 0, n = 1 + rng.int(8); i < n; i++) base[rng.int(base.length)] = rng.int(256);
    return base;
  }
  if (kind === 2) return base.subarray(0, rng.int(base.length));
  if (kind === 3) return Buffer.concat([base, base]).subarray(0, max);
  if (kind === 4) return Buffer.from(`{"Chat":${'['.repeat(rng.int(5000))}`);
  const text = base
    .toString()
    .replace(/"[^"]*"/, () => JSON.stringify(rng.pick(['', '\u0000', 'x'.repeat(2000), '\ud800', 1e308, null, [], {}])));
  return Buffer.from(text);
}

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

describe('integration: fuzzing datagrams and link frames (bounded)', function () {
  this.timeout(60_000);
  const SEED = 20261126;
  const discoveryPort = 28000 + (process.pid % 20000);
  const common = ['--loopback', '--json', '--discovery-port', String(discoveryPort)];
  let alice: ProcNode, bob: ProcNode;
  let aliceId = '',
    bobId = '',
    alicePort = 0;
  const sources: dgram.Socket[] = [];
  const mallory = new Attacker(testIdentity(90), discoveryPort);

  before(async () => {
    await mallory.start();
    // Forty source addresses, so the per-source rate limit does not do all the work.
    for (let i = 2; i < 42; i++) {
      const s = dgram.createSocket({ type: 'udp4', reuseAddr: true });
      s.bind(0, `127.0.0.${i}`);
      await once(s, 'listening');
      s.setBroadcast(true);
      sources.push(s);
    }
    alice = new ProcNode([...common, '--name', 'alice', '--legacy']);
    bob = new ProcNode([...common, '--name', 'bob']);
    const [ra, rb] = await Promise.all([alice.ready(), bob.ready()]);
    [aliceId, bobId, alicePort] = [ra['id'] as string, rb['id'] as string, ra['port'] as number];
    await alice.peerState(bobId, 'connected');
  });
  after(async () => {
    await Promise.all([alice.stop(), bob.stop()]);
    await mallory.stop();
    sources.forEach((s) => s.close());
  });

  const seeds = () => [
    signedBeacon(testIdentity(91), { name: 'seed', port: 1 }),
    Buffer.from(`{"Discovery":{"id":"${aliceId}","name":"x","ip":"127.0.0.1","port":1}}`),
    Buffer.from(`{"Chat":{"from_id":"${bobId}","from_name":"bob","content":"hi","timestamp":1}}`),
    Buffer.from(`{"Heartbeat":"${bobId}"}`),
    Buffer.from(`{"Exit":"${bobId}"}`),
    Buffer.from(`{"Ping":{"seq":1,"sent":2}}`),
    Buffer.from(`{"Hello":{"id":"${bobId}","name":"b","port":1,"version":2}}`),
  ];

  async function datagramRound(rng: Rng, count: number): Promise<number> {
    let sent = 0;
    for (; sent < count; sent++) {
      const s = sources[sent % sources.length]!;
      await new Promise<void>((r) => s.send(mutate(rng, seeds(), 1200), discoveryPort, '127.255.255.255', () => r()));
    }
    return sent;
  }

  async function frameRound(rng: Rng, count: number): Promise<number> {
    let sent = 0;
    let link = await mallory.link(alicePort, { name: 'fuzzer' });
    for (let reopen = 0; sent < count && reopen < 10;) {
      const payload = mutate(rng, seeds(), 4000);
      const head = Buffer.alloc(4);
      // Mostly honest lengths; sometimes a lie, which costs the link.
      head.writeUInt32BE(rng.int(20) === 0 ? rng.int(2 ** 32) : payload.length);
      link.sendRaw(Buffer.concat([head, payload]));
      sent++;
      if (sent % 50 === 0 && (await Promise.race([link.closed.then(() => true), Promise.resolve(false)]))) {
        reopen++;
        link = await mallory.link(alicePort, { name: 'fuzzer' });
      }
    }
    link.close();
    return sent;
  }

  it('the node stays up, memory stays flat, and the real peers keep chatting', async () => {
    const rng = prng(SEED);
    const pid = alice.pid;
    const rss0 = rssKb(pid);
    const d1 = await datagramRound(rng, 3000);
    const f1 = await frameRound(rng, 1500);
    alice.send('/peers');
    await alice.waitFor((e) => e.event === 'peers');
    const rss1 = rssKb(pid);
    const d2 = await datagramRound(rng, 3000);
    const f2 = await frameRound(rng, 1500);
    const rss2 = rssKb(pid);
    console.log(`      measured: ${d1 + d2} datagrams and ${f1 + f2} link frames (seed ${SEED}); RSS ${rss0} → ${rss1} → ${rss2} kB`);
    expect(alice.events.some((e) => e.event === 'bye')).to.equal(false);
    bob.send('after the fuzz');
    await alice.waitFor((e) => e.event === 'chat' && e['content'] === 'after the fuzz' && e['from_id'] === bobId);
    // Flat: the second round, as large as the first, may not grow memory by more than 16 MB.
    expect(rss2 - rss1).to.be.below(16 * 1024);
    const errors = alice.events.filter((e) => e.event === 'error').length;
    expect(errors).to.be.greaterThan(0);
  });
});
