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

/** Every up, non-internal IPv4 interface's broadcast address, plus the limited broadcast. */
export function defaultTargets(interfaces: Interfaces = os.networkInterfaces()): BeaconTarget[] {
  const v4 = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => i.family === 'IPv4' && !i.internal);
  const targets = v4.map((i) => ({ address: broadcastOf(i.address, i.netmask), ip: i.address }));
  const first = v4[0];
  if (first) targets.push({ address: '255.255.255.255', ip: first.address });
  return targets;
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
