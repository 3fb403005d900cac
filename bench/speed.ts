/** Start-up, one-way latency and broadcast throughput, each beside its bare baselines. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Bare, connectedMesh, nextPort, nodeArgs, now, pct, record } from './harness.js';
import { ProcNode } from '../spec/support/index.js';

export async function startup(): Promise<void> {
  const runs = 8;
  const nodeMs: number[] = [];
  const bareMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    const n = new ProcNode(nodeArgs('s', nextPort()));
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

export async function latency(): Promise<void> {
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
  const dp = nextPort();
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

export async function throughput(k: number, m: number): Promise<void> {
  const dp = nextPort();
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
