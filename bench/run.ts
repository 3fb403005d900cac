import SecretStream from '@hyperswarm/secret-stream';
/**
 * `npm run bench`: real nodes as separate processes on loopback, each figure
 * measured side by side with its baseline in the same run. Prints a table and
 * writes bench/results.json. Every loop is bounded in count; see README.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Message } from '../src/wire/protocol/messages.js';
import { Attacker, type RawLink } from '../spec/helpers/attacker.js';
import { testIdentity } from '../spec/helpers/forge.js';
import { ProcNode } from '../spec/helpers/proc-node.js';
import { storeFigures } from './store.js';
import { buildLan, canBuildLan } from '../spec/helpers/netns-lan.js';
import { writeCharts } from './charts.js';

interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  params: Record<string, unknown>;
}
const figures: Figure[] = [];
/**
 * How busy the machine's CPUs were in the half second before a part started anything
 * (from /proc/stat; the load average would still count our own previous part): over a
 * quarter busy, something else was running, and the part's figures say so.
 */
let loadAtStart = 0;
const UNDER_LOAD = 0.25;
const cpuTimes = () => {
  const f = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return { idle, total: f.reduce((a, b) => a + b, 0) };
};
const part = async () => {
  const a = cpuTimes();
  await new Promise((r) => setTimeout(r, 500));
  const b = cpuTimes();
  loadAtStart = 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total);
};
const record = (name: string, value: number, unit: string, baseline: number | null, params: Record<string, unknown> = {}) => {
  const f = {
    name,
    value: round(value),
    unit,
    baseline: baseline === null ? null : round(baseline),
    ratio: baseline ? round(value / baseline) : null,
    params: { ...params, cpu_busy_at_start: round(loadAtStart), ...(loadAtStart > UNDER_LOAD ? { under_load: true } : {}) },
  };
  figures.push(f);
  console.log(
    `${name.padEnd(46)} ${String(f.value).padStart(10)} ${unit.padEnd(6)} ${f.baseline === null ? '' : `baseline ${f.baseline}  ratio ${f.ratio}`}${loadAtStart > UNDER_LOAD ? `  (under load: CPUs ${Math.round(loadAtStart * 100)}% busy at start)` : ''}`,
  );
};
const round = (n: number) => Math.round(n * 1000) / 1000;
const now = () => performance.now();
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] as number;
let port = 40000 + (process.pid % 10000);
const FAST_CHAT = ['--chat-rate', '1000000'];
const nodeArgs = (name: string, discoveryPort: number, extra: string[] = []) => [
  '--loopback',
  '--json',
  '--discovery-port',
  String(discoveryPort),
  '--name',
  name,
  ...FAST_CHAT,
  ...extra,
];
const BARE = (f: string) => fileURLToPath(new URL(`./bare/${f}`, import.meta.url));

/** A bare process speaking NDJSON, with its stdout lines timed. */
class Bare {
  readonly child: ChildProcessByStdio<Writable, Readable, null>;
  lines = 0;
  port = 0;
  private waits: Array<{ n: number; resolve: () => void }> = [];
  onLine: ((line: string, at: number) => void) | null = null;
  readonly ready: Promise<void>;
  constructor(script: string, args: string[] = []) {
    this.child = spawn(process.execPath, [BARE(script), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    let buf = '';
    let readyResolve: () => void = () => undefined;
    this.ready = new Promise((r) => (readyResolve = r));
    if (script === 'sender.mjs') readyResolve();
    this.child.stdout.setEncoding('utf8').on('data', (c: string) => {
      buf += c;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('PORT ')) {
          this.port = Number(line.slice(5));
          readyResolve();
          continue;
        }
        this.lines++;
        this.onLine?.(line, now());
        this.waits = this.waits.filter((w) => (this.lines >= w.n ? (w.resolve(), false) : true));
      }
    });
  }
  until(n: number): Promise<void> {
    return this.lines >= n ? Promise.resolve() : new Promise((resolve) => this.waits.push({ n, resolve }));
  }
  stop(): void {
    this.child.kill('SIGKILL');
  }
}

const statOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return { cpuTicks: Number(stat[11]) + Number(stat[12]), rssKb: rss };
};

async function connectedMesh(nodes: ProcNode[], ms = 30_000): Promise<string[]> {
  const ids = (await Promise.all(nodes.map((n) => n.ready()))).map((r) => r['id'] as string);
  await Promise.all(nodes.flatMap((n, i) => ids.filter((_, j) => j !== i).map((id) => n.peerState(id, 'connected', ms))));
  return ids;
}

async function startup(): Promise<void> {
  const runs = 8;
  const nodeMs: number[] = [];
  const bareMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    const n = new ProcNode(nodeArgs('s', ++port));
    await n.ready();
    nodeMs.push(now() - t0);
    await n.stop();
    const t1 = now();
    const b = spawn(process.execPath, ['-e', 'process.stdout.write("ready\\n")']);
    await once(b.stdout, 'data');
    bareMs.push(now() - t1);
  }
  record('start-up: spawn to ready (median)', pct(nodeMs, 50), 'ms', pct(bareMs, 50), { runs, baseline: 'bare node printing a line' });
}

async function latency(): Promise<void> {
  const N = 10_000;
  const perTick = 5; // 5 messages every 5 ms: 1000 messages/s
  const run = async (send: (line: string) => void, onRecv: (cb: (content: string, at: number) => void) => void) => {
    const sent = new Map<string, number>();
    const lat: number[] = [];
    let done: () => void = () => undefined;
    const finished = new Promise<void>((r) => (done = r));
    onRecv((content, at) => {
      const t = sent.get(content);
      if (t !== undefined) lat.push(at - t);
      if (lat.length === N) done();
    });
    for (let i = 0; i < N; i += perTick) {
      for (let k = i; k < i + perTick; k++) {
        sent.set(`m${k}`, now());
        send(`m${k}`);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.race([finished, new Promise((r) => setTimeout(r, 30_000))]);
    return lat;
  };
  const dp = ++port;
  const a = new ProcNode(nodeArgs('a', dp));
  const b = new ProcNode(nodeArgs('b', dp));
  const ids = await connectedMesh([a, b]);
  void ids;
  const nodeLat = await run(
    (l) => a.send(l),
    (cb) => b.onEvent((e, at) => e.event === 'chat' && cb(e['content'] as string, at)),
  );
  await Promise.all([a.stop(), b.stop()]);
  const recv = new Bare('receiver.mjs');
  await recv.ready;
  const sender = new Bare('sender.mjs', [String(recv.port)]);
  await new Promise((r) => setTimeout(r, 200));
  const bareLat = await run(
    (l) => sender.child.stdin.write(`${l}\n`),
    (cb) => (recv.onLine = (line, at) => cb((JSON.parse(line) as { Chat: { content: string } }).Chat.content, at)),
  );
  sender.stop();
  recv.stop();
  const params = {
    messages: N,
    rate_per_s: 1000,
    path: 'harness → sender stdin → link → receiver stdout → harness',
    lost: N - nodeLat.length,
  };
  record('latency one-way p50', pct(nodeLat, 50), 'ms', pct(bareLat, 50), params);
  record('latency one-way p99', pct(nodeLat, 99), 'ms', pct(bareLat, 99), params);
  record('latency one-way max', Math.max(...nodeLat), 'ms', Math.max(...bareLat), params);
}

/**
 * RTT as the node reports it (median of 30 /peers, heartbeats every 200 ms, so each ping
 * finds both processes idle) beside a raw ping-pong between two processes on a plain TCP
 * loopback socket at the same pace.
 */
async function rtt(): Promise<void> {
  const dp = ++port;
  const fast = ['--heartbeat-interval', '200ms', '--stale-after', '1s'];
  const a = new ProcNode(nodeArgs('a', dp, fast));
  const b = new ProcNode(nodeArgs('b', dp, fast));
  const [, bid] = await connectedMesh([a, b]);
  await new Promise((r) => setTimeout(r, 1500));
  const reported: number[] = [];
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const before = a.events.length;
    a.send('/peers');
    const peers = await a.waitFor((e) => e.event === 'peers' && a.events.indexOf(e) >= before);
    const p = (peers['peers'] as Array<Record<string, unknown>>).find((x) => x['id'] === bid);
    if (typeof p?.['rtt'] === 'number') reported.push(p['rtt']);
  }
  await Promise.all([a.stop(), b.stop()]);
  const echo = spawn(process.execPath, [
    '-e',
    "const s=require('net').createServer(c=>{c.setNoDelay(true);c.on('data',d=>c.write(d))}).listen(0,'127.0.0.1',()=>console.log(s.address().port))",
  ]);
  const echoPort = await new Promise<number>((r) => echo.stdout.once('data', (d: Buffer) => r(Number(d.toString()))));
  const sock = net.connect(echoPort, '127.0.0.1');
  sock.setNoDelay(true);
  await once(sock, 'connect');
  const raw: number[] = [];
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const t0 = now();
    await new Promise((r) => {
      sock.once('data', r);
      sock.write('x'.repeat(48));
    });
    raw.push(now() - t0);
  }
  sock.destroy();
  echo.kill('SIGKILL');
  const sealed = await sealedPingPong(30, 200);
  record('RTT reported by /peers (median, idle link)', pct(reported, 50), 'ms', pct(raw, 50), {
    samples: reported.length,
    heartbeat_ms: 200,
    baseline: 'raw ping-pong between two processes, plain TCP, same pace',
  });
  record('RTT reported by /peers vs an encrypted ping-pong', pct(reported, 50), 'ms', pct(sealed, 50), {
    samples: sealed.length,
    baseline: 'raw ping-pong between two processes over TCP + secret-stream (the same kind of socket as a link), same pace',
    within_half_ms: pct(reported, 50) - pct(sealed, 50) <= 0.5,
  });
}

/** Round trips over TCP with a Noise channel (secret-stream) to an echo in another process: the link's own floor. */
async function sealedPingPong(count: number, paceMs: number): Promise<number[]> {
  const echo = new Bare('secret-echo.mjs');
  await echo.ready;
  const socket = net.connect(echo.port, '127.0.0.1');
  socket.setNoDelay(true);
  const channel = new SecretStream(true, socket);
  await once(channel, 'connect');
  const rtts: number[] = [];
  for (let i = 0; i < count; i++) {
    await new Promise((r) => setTimeout(r, paceMs));
    const t0 = now();
    await new Promise((r) => {
      channel.once('data', r);
      channel.write(Buffer.from('x'.repeat(48)));
    });
    rtts.push(now() - t0);
  }
  channel.destroy();
  echo.stop();
  return rtts;
}

async function throughput(k: number, m: number): Promise<void> {
  const dp = ++port;
  const sender = new ProcNode(nodeArgs('sender', dp));
  const receivers = Array.from({ length: k }, (_, i) => new ProcNode(nodeArgs(`r${i}`, dp)));
  const sid = (await sender.ready())['id'] as string;
  const rids = (await Promise.all(receivers.map((r) => r.ready()))).map((r) => r['id'] as string);
  await Promise.all(rids.map((id) => sender.peerState(id, 'connected', 30_000)));
  void sid;
  const counts = receivers.map(() => 0);
  const all = Promise.all(
    receivers.map((r, i) => new Promise<void>((resolve) => r.onEvent((e) => e.event === 'chat' && ++counts[i]! === m && resolve()))),
  );
  const t0 = now();
  for (let i = 0; i < m; i++) sender.send(`t${i} ${'x'.repeat(64)}`);
  await Promise.race([all, new Promise((r) => setTimeout(r, 60_000))]);
  const nodeRate = m / ((now() - t0) / 1000);
  const lost = counts.reduce((s, c) => s + (m - c), 0);
  await Promise.all([sender.stop(), ...receivers.map((r) => r.stop())]);

  const bare = async (mode: 'plain' | 'oneshot' | 'sealed') => {
    const recvs = Array.from({ length: k }, () => new Bare('receiver.mjs', mode === 'sealed' ? ['--sealed'] : []));
    await Promise.all(recvs.map((r) => r.ready));
    const s = new Bare('sender.mjs', [...(mode === 'plain' ? [] : [`--${mode}`]), ...recvs.map((r) => String(r.port))]);
    await new Promise((r) => setTimeout(r, 200));
    const n = mode === 'oneshot' ? Math.min(m, 500) : m;
    const t1 = now();
    for (let i = 0; i < n; i++) s.child.stdin.write(`t${i} ${'x'.repeat(64)}\n`);
    await Promise.race([Promise.all(recvs.map((r) => r.until(n))), new Promise((r) => setTimeout(r, 60_000))]);
    const rate = n / ((now() - t1) / 1000);
    s.stop();
    recvs.forEach((r) => r.stop());
    return rate;
  };
  const bareRate = await bare('plain');
  const oneShotRate = await bare('oneshot');
  const sealedRate = await bare('sealed');
  record(`broadcast throughput to ${k} peer${k > 1 ? 's' : ''}`, nodeRate, 'msg/s', bareRate, {
    messages: m,
    receivers: k,
    lost,
    bytes: 67,
  });
  record(`  vs an encrypted baseline, ${k}`, nodeRate, 'msg/s', sealedRate, {
    receivers: k,
    baseline: 'bare processes over TCP + secret-stream, one persistent channel per receiver (the crypto floor of our links)',
  });
  if (lost > 0) console.log(`  !!! ${lost} messages were not received: this figure is not valid !!!`);
  record(`  original way (one connection per message), ${k}`, oneShotRate, 'msg/s', bareRate, {
    receivers: k,
    note: 'bare processes, for comparison',
  });
}

/** Starts nodes `pool` at a time, each waited for by its `ready` event: a loaded 2-core machine is never asked for 50 starts at once. */
async function startPool(make: Array<() => ProcNode>, pool = 4): Promise<ProcNode[]> {
  const nodes: ProcNode[] = [];
  for (let i = 0; i < make.length; i += pool) {
    const batch = make.slice(i, i + pool).map((f) => f());
    nodes.push(...batch);
    await Promise.all(batch.map((n) => n.ready()));
  }
  return nodes;
}

/**
 * A joiner entering a LAN of `n` hosts in network namespaces on one bridge (each its own
 * address, real broadcast): the time from its `ready` to a link with every host, and
 * to every host having a link with it. The LAN forms first, nodes started in a pool.
 */
async function discoveryLan(n: number): Promise<number | null> {
  const lan = buildLan(n + 1);
  // 50 nodes on 2 cores: the default heartbeat (1 s, stale after 3 s) would flap under the load
  // of the LAN forming; slower liveness keeps the mesh whole. Discovery itself is not slowed.
  const calm = ['--heartbeat-interval', '2s', '--stale-after', '10s', '--gone-after', '60s'];
  const nodes: ProcNode[] = [];
  try {
    const hosts = lan.hosts.slice(0, n);
    const joinHost = lan.hosts[n];
    if (!joinHost) throw new Error('no host for the joiner');
    nodes.push(...(await startPool(hosts.map((h, i) => () => new ProcNode(['--json', '--name', `d${i}`, ...calm], { netns: h.netns })))));
    const formed = Date.now();
    await connectedMesh(nodes, 180_000);
    console.log(`  (a LAN of ${n} formed in ${((Date.now() - formed) / 1000).toFixed(1)} s)`);
    const joiner = new ProcNode(['--json', '--name', 'joiner', ...calm], { netns: joinHost.netns });
    nodes.push(joiner);
    const r = await joiner.ready();
    const t0 = now();
    const ids = (await Promise.all(nodes.slice(0, n).map((x) => x.ready()))).map((x) => x['id'] as string);
    let toAll = 0;
    let allHave = 0;
    await Promise.all([
      Promise.all(ids.map((id) => joiner.peerState(id, 'connected', 60_000))).then(() => (toAll = now() - t0)),
      Promise.all(nodes.slice(0, n).map((x) => x.peerState(r['id'] as string, 'connected', 60_000))).then(() => (allHave = now() - t0)),
    ]);
    record(`discovery (LAN): joiner connected to all ${n}`, toAll, 'ms', null, { lan_size: n, hosts: 'network namespaces on one bridge' });
    record(`discovery (LAN): all ${n} connected to joiner`, allHave, 'ms', null, { lan_size: n });
    return toAll;
  } catch (e) {
    // A figure not taken is said so, and the bench goes on.
    console.log(`discovery (LAN) of ${n}: not measured: ${(e instanceof Error ? e.message : String(e)).slice(0, 200)}`);
    return null;
  } finally {
    await Promise.all(nodes.map((x) => x.stop()));
    lan.destroy();
  }
}

async function discovery(n: number): Promise<void> {
  const dp = ++port;
  const nodes = Array.from(
    { length: n },
    (_, i) => new ProcNode(['--loopback', '--json', '--discovery-port', String(dp), '--name', `d${i}`]),
  );
  await connectedMesh(nodes);
  const joiner = new ProcNode(['--loopback', '--json', '--discovery-port', String(dp), '--name', 'joiner']);
  const r = await joiner.ready();
  const t0 = now();
  const ids = (await Promise.all(nodes.map((x) => x.ready()))).map((x) => x['id'] as string);
  let toAll = 0;
  let allHave = 0;
  await Promise.all([
    Promise.all(ids.map((id) => joiner.peerState(id, 'connected', 30_000))).then(() => (toAll = now() - t0)),
    Promise.all(nodes.map((x) => x.peerState(r['id'] as string, 'connected', 30_000))).then(() => (allHave = now() - t0)),
  ]);
  await Promise.all([joiner.stop(), ...nodes.map((x) => x.stop())]);
  record(`discovery (loopback): joiner connected to all ${n}`, toAll, 'ms', null, { lan_size: n, hosts: 'one address, 127.0.0.1' });
  record(`discovery (loopback): all ${n} connected to joiner`, allHave, 'ms', null, { lan_size: n });
}

async function failures(): Promise<void> {
  const seen = async (kind: string, act: (victim: ProcNode) => void, state: string, extra?: string) => {
    const dp = ++port;
    const a = new ProcNode(['--loopback', '--json', '--discovery-port', String(dp), '--name', 'a']);
    const v = new ProcNode(['--loopback', '--json', '--discovery-port', String(dp), '--name', `v-${kind}`]);
    const [, vid] = await connectedMesh([a, v]);
    const t0 = now();
    act(v);
    await a.peerState(vid as string, state, 30_000);
    const first = now() - t0;
    let second = 0;
    if (extra) {
      await a.peerState(vid as string, extra, 30_000);
      second = now() - t0;
    }
    if (kind === 'stop') v.signal('SIGCONT');
    await Promise.all([a.stop(), v.stop()]);
    return [first, second] as const;
  };
  const [kStale, kGone] = await seen('kill', (v) => v.signal('SIGKILL'), 'stale', 'gone');
  record('SIGKILL seen as stale', kStale, 'ms', null, { stale_after_ms: 3000 });
  record('SIGKILL seen as gone', kGone, 'ms', null, { gone_after_ms: 15000 });
  const [sStale] = await seen('stop', (v) => v.signal('SIGSTOP'), 'stale');
  record('SIGSTOP seen as stale', sStale, 'ms', null, { stale_after_ms: 3000 });
  const [qGone] = await seen('quit', (v) => v.send('/quit'), 'gone');
  record('/quit seen as gone', qGone, 'ms', null, {});
}

async function scale(peers: number): Promise<void> {
  const node = new ProcNode(nodeArgs('hub', ++port));
  const ready = await node.ready();
  const clients = Array.from({ length: peers }, (_, i) => new Attacker(testIdentity(1000 + i), port));
  await Promise.all(clients.map((c) => c.start()));
  const links: RawLink[] = [];
  for (let i = 0; i < peers; i++) {
    // Light clients from many source addresses, in small batches: the per-source and pending-handshake limits apply.
    const link = await clients[i]!.link(ready['port'] as number, { name: `light${i}` }, `127.0.${1 + Math.floor(i / 20)}.${2 + (i % 20)}`);
    link.autoPong();
    links.push(link);
  }
  await node.waitFor(() => node.events.filter((e) => e.event === 'peer' && e['state'] === 'connected').length >= peers, 30_000);
  const pid = node.pid;
  const hz = 100;
  // Let the connection tail settle (handshakes, first pins written) before "at rest".
  await new Promise((r) => setTimeout(r, 5_000));
  const s0 = statOf(pid);
  await new Promise((r) => setTimeout(r, 10_000));
  const s1 = statOf(pid);
  const restCpu = ((s1.cpuTicks - s0.cpuTicks) / hz / 10) * 100;
  const flow = setInterval(() => {
    for (const [i, l] of links.entries())
      l.send({
        type: 'Chat',
        body: { from_id: clients[i]!.identity.id, from_name: `light${i}`, content: 'tick', timestamp: 1 },
      } as Message);
  }, 1000);
  const s2 = statOf(pid);
  await new Promise((r) => setTimeout(r, 10_000));
  const s3 = statOf(pid);
  clearInterval(flow);
  const flowCpu = ((s3.cpuTicks - s2.cpuTicks) / hz / 10) * 100;
  record(`scale: RSS with ${peers} connected peers`, s1.rssKb / 1024, 'MB', null, { peers });
  record(`scale: CPU at rest, ${peers} peers`, restCpu, '%', null, { seconds: 10, after_settling_s: 5, heartbeat_ms: 1000, peers });
  record(`scale: CPU with ${peers} msgs/s flowing`, flowCpu, '%', null, { seconds: 10, peers });
  links.forEach((l) => l.close());
  await Promise.all(clients.map((c) => c.stop()));
  await node.stop();
}

const started = Date.now();
console.log(`p2p-chat bench: node ${process.version}, ${os.cpus().length} CPUs, ${new Date().toISOString()}\n`);
// BENCH_ONLY=latency,throughput (a comma-separated subset) runs only those parts.
const only = (process.env['BENCH_ONLY'] ?? '').split(',').filter(Boolean);
const want = (part: string) => only.length === 0 || only.includes(part);
/** Runs one part of the bench, noting the machine's load as it begins. */
const run = async (name: string, body: () => Promise<unknown>) => {
  if (!want(name)) return;
  await part();
  await body();
};
await run('startup', startup);
await run('latency', latency);
await run('rtt', rtt);
for (const [k, m] of [
  [1, 3000],
  [4, 2000],
  [16, 1000],
] as const)
  await run('throughput', () => throughput(k, m));
for (const n of [2, 8, 20]) await run('discovery', () => discovery(n));
const lanReason = canBuildLan();
if (lanReason !== null && want('lan')) console.log(`discovery (LAN) skipped: ${lanReason}`);
// 30, not 50: on this machine's kernel a bridge with more than ~32 busy ports stops passing
// broadcast and ARP between its hosts, even between two idle hosts (README, Performance).
else for (const n of [2, 8, 20, 30]) await run('lan', () => discoveryLan(n));
await run('failures', failures);
for (const n of [100, 250]) await run('scale', () => scale(n));
if (want('store')) await storeFigures(record, figures.find((f) => f.name === 'broadcast throughput to 1 peer')?.value ?? null);
const out = figures.map((f) => ({ ...f, date: new Date().toISOString(), node: process.version, cpus: os.cpus().length }));
// A full run writes every figure; BENCH_MERGE=1 with BENCH_ONLY puts a part's new figures
// in place of the same-named ones (the rest stay as the last full run left them).
const resultsFile = new URL('./results.json', import.meta.url);
const merge = only.length > 0 && process.env['BENCH_MERGE'] === '1';
if (only.length === 0 || merge) {
  const kept: typeof out = merge ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as typeof out) : [];
  const fresh = new Map(out.map((f) => [f.name, f]));
  const lanFresh = out.some((f) => f.name.startsWith('discovery (LAN)'));
  const all = [...kept.filter((f) => !fresh.has(f.name) && !(lanFresh && f.name.startsWith('discovery (LAN)'))), ...out];
  writeFileSync(resultsFile, `${JSON.stringify(all, null, 2)}\n`);
  writeCharts(all, new URL('./', import.meta.url));
}
console.log(`\nwrote bench/results.json (${figures.length} figures, ${Math.round((Date.now() - started) / 1000)} s)`);
process.exit(0);
