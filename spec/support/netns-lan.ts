import { execFileSync } from 'node:child_process';

/**
 * A LAN of hosts in network namespaces: one bridge namespace with a bridge,
 * and per host a namespace joined to it by a veth pair, an address on
 * 10.77.0.0/24 and a default route, so a node's default broadcast
 * (interface broadcast + 255.255.255.255) really crosses the bridge.
 * Everything it makes it deletes, and names carry a prefix so a leftover
 * from a crashed run can be found and removed.
 */
export const NETNS_PREFIX = 'p2pc';

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

export function canBuildLan(): string | null {
  if (process.getuid?.() !== 0) return 'not root';
  try {
    ip('netns', 'list');
  } catch (e) {
    return `ip netns unavailable: ${(e as Error).message}`;
  }
  return null;
}

/** The namespaces one network is made of, and how to delete them all (last made, first deleted). */
export function namespaces(): { made: string[]; destroy: () => void } {
  const made: string[] = [];
  const destroy = () => {
    for (const ns of made.reverse()) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // Deleted already.
      }
    }
    made.length = 0;
  };
  return { made, destroy };
}

/** The tag of this run's namespaces: the prefix and the whole pid, so another run's are told apart. */
export const runTag = (): string => `${NETNS_PREFIX}${process.pid}`;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Removes the namespaces a crashed run left: those whose run (the pid in the name) is gone.
 * Another suite's, running now, are left alone (two suites at once deleted each other's).
 */
export function removeLeftovers(): void {
  for (const line of ip('netns', 'list').split('\n')) {
    const name = line.split(' ')[0];
    const pid = Number(/^p2pc(\d+)/.exec(name ?? '')?.[1] ?? NaN);
    if (name && name.startsWith(NETNS_PREFIX) && (Number.isNaN(pid) || pid === process.pid || !alive(pid))) {
      try {
        ip('netns', 'del', name);
      } catch {
        // Already gone: another cleanup got there first.
      }
    }
  }
}

export interface Lan {
  readonly hosts: readonly { readonly netns: string; readonly address: string }[];
  destroy(): void;
}

/**
 * `ipv4: false`: a LAN with IPv6 only (link-local addresses, no IPv4 at all, no router);
 * duplicate address detection is off so the addresses are usable at once.
 */
export function buildLan(count: number, opts: { ipv4?: boolean } = {}): Lan {
  const ipv4 = opts.ipv4 ?? true;
  const tag = runTag();
  const bridgeNs = `${tag}br`;
  const { made, destroy } = namespaces();
  const inNs = (ns: string, ...args: string[]) => ip('-n', ns, ...args);
  try {
    ip('netns', 'add', bridgeNs);
    made.push(bridgeNs);
    inNs(bridgeNs, 'link', 'set', 'lo', 'up');
    inNs(bridgeNs, 'link', 'add', 'br0', 'type', 'bridge');
    if (ipv4) inNs(bridgeNs, 'addr', 'add', '10.77.0.254/24', 'dev', 'br0');
    // The all-nodes group is flooded whatever the bridge learned of memberships.
    inNs(bridgeNs, 'link', 'set', 'br0', 'type', 'bridge', 'mcast_snooping', '0');
    inNs(bridgeNs, 'link', 'set', 'br0', 'up');
    const hosts = [];
    for (let i = 1; i <= count; i++) {
      const ns = `${tag}h${i}`;
      ip('netns', 'add', ns);
      made.push(ns);
      // Create the pair inside the host namespace, then move the bridge end over.
      inNs(ns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', `port${i}`);
      inNs(ns, 'link', 'set', `port${i}`, 'netns', bridgeNs);
      inNs(bridgeNs, 'link', 'set', `port${i}`, 'master', 'br0');
      inNs(bridgeNs, 'link', 'set', `port${i}`, 'up');
      const address = `10.77.0.${i}`;
      if (!ipv4)
        execFileSync('ip', [
          'netns',
          'exec',
          ns,
          'sh',
          '-c',
          'for c in all default eth0; do echo 0 > /proc/sys/net/ipv6/conf/$c/accept_dad; done',
        ]);
      if (ipv4) inNs(ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
      inNs(ns, 'link', 'set', 'eth0', 'up');
      inNs(ns, 'link', 'set', 'lo', 'up');
      if (ipv4) inNs(ns, 'route', 'add', 'default', 'via', '10.77.0.254');
      hosts.push({ netns: ns, address: ipv4 ? address : '' });
    }
    return { hosts, destroy };
  } catch (e) {
    destroy();
    throw e;
  }
}

/** Liveness fast enough for a spec: stale after 1 s of silence, gone after 3 s. */
export const LAN_FAST = ['--heartbeat-interval', '250ms', '--stale-after', '1s', '--gone-after', '3s'];

/**
 * A LAN for a spec's `before`: built fresh (leftovers of a crashed run removed first), or
 * the spec skipped loudly when this machine cannot build one (not root, no `ip netns`).
 */
export function lanFor(ctx: Mocha.Context, what: string, build: () => Lan): Lan | null {
  const why = canBuildLan();
  if (why !== null) {
    console.warn(`\n  !!! ${what} SKIPPED: ${why}. Run the suite as root to prove it across a bridge. !!!\n`);
    ctx.skip();
  }
  removeLeftovers();
  return build();
}
