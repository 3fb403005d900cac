import os from 'node:os';

/** Where a beacon goes, and the `ip` it announces there (the address it leaves by). */
export interface BeaconTarget {
  readonly address: string;
  readonly ip: string;
}

const toInt = (ip: string) => ip.split('.').reduce((n, o) => (n << 8) + Number(o), 0) >>> 0;
const toIp = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');

export const broadcastOf = (address: string, netmask: string): string => toIp((toInt(address) | ~toInt(netmask)) >>> 0);

type Interfaces = ReturnType<typeof os.networkInterfaces>;

/** Which address families the node speaks on the LAN (`--ipv4-only`, `--ipv6-only`). */
export type IpFamilies = 'both' | 'ipv4' | 'ipv6';

/** Every up, non-internal IPv4 interface's broadcast address, plus the limited broadcast. */
function ipv4Targets(interfaces: Interfaces): BeaconTarget[] {
  const v4 = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => i.family === 'IPv4' && !i.internal);
  const targets = v4.map((i) => ({ address: broadcastOf(i.address, i.netmask), ip: i.address }));
  const first = v4[0];
  if (first) targets.push({ address: '255.255.255.255', ip: first.address });
  return targets;
}

/**
 * The interfaces a node can reach neighbours on over IPv6: every non-internal one
 * with a link-local address (every IPv6 interface has one, router or not).
 */
function ipv6Interfaces(interfaces: Interfaces): { name: string; linkLocal: string }[] {
  return Object.entries(interfaces).flatMap(([name, list]) => {
    const ll = (list ?? []).find((i) => i.family === 'IPv6' && !i.internal && /^fe[89ab]/i.test(i.address));
    return ll ? [{ name, linkLocal: ll.address }] : [];
  });
}

/**
 * The all-nodes group ff02::1 on each IPv6 interface, with its scope: the IPv6 way to
 * reach every neighbour (there is no broadcast), so a LAN without IPv4 works too.
 */
function ipv6Targets(interfaces: Interfaces): BeaconTarget[] {
  return ipv6Interfaces(interfaces).map((i) => ({ address: `ff02::1%${i.name}`, ip: i.linkLocal }));
}

/** Where beacons go on the LAN: IPv4 broadcast and IPv6 all-nodes, as the families allow. */
export function defaultTargets(interfaces: Interfaces = os.networkInterfaces(), families: IpFamilies = 'both'): BeaconTarget[] {
  return [...(families === 'ipv6' ? [] : ipv4Targets(interfaces)), ...(families === 'ipv4' ? [] : ipv6Targets(interfaces))];
}

/** `--broadcast ADDR`: announce the local address on the same subnet, if there is one. */
export function explicitTargets(addresses: readonly string[], interfaces: Interfaces = os.networkInterfaces()): BeaconTarget[] {
  const v4 = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => i.family === 'IPv4');
  return addresses.map((address) => {
    const same = v4.find((i) => (toInt(i.address) & toInt(i.netmask)) === (toInt(address) & toInt(i.netmask)));
    return { address, ip: same?.address ?? v4.find((i) => !i.internal)?.address ?? '127.0.0.1' };
  });
}

export const LOOPBACK_TARGETS: readonly BeaconTarget[] = [{ address: '127.255.255.255', ip: '127.0.0.1' }];
