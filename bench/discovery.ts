/** How long a joiner takes to link with every host: on loopback, and on a LAN of namespaced hosts. */
import { connectedMesh, nextPort, now, record } from './harness.js';
import { buildLan, ProcNode } from '../spec/support/index.js';

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
export async function discoveryLan(n: number): Promise<number | null> {
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

export async function discovery(n: number): Promise<void> {
  const dp = nextPort();
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
