/** Failures seen (crash, freeze, quit) and a hub with many connected peers: memory and CPU. */
import type { Message } from '../src/wire/protocol/messages.js';
import { Attacker, ProcNode, testIdentity, type RawLink } from '../spec/support/index.js';
import { connectedMesh, nextPort, nodeArgs, now, record, statOf } from './harness.js';

export async function failures(): Promise<void> {
  const seen = async (kind: string, act: (victim: ProcNode) => void, state: string, extra?: string) => {
    const dp = nextPort();
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

export async function scale(peers: number): Promise<void> {
  const discoveryPort = nextPort();
  const node = new ProcNode(nodeArgs('hub', discoveryPort));
  const ready = await node.ready();
  const clients = Array.from({ length: peers }, (_, i) => new Attacker(testIdentity(1000 + i), discoveryPort));
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
