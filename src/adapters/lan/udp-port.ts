import dgram from 'node:dgram';
import { Subject } from 'rxjs';
import type { Datagram, DatagramPort } from '../../wire/ports/index.js';
import type { BeaconTarget, IpFamilies } from './broadcast-targets.js';

export interface UdpOptions {
  readonly port: number;
  /** Looked up at every beacon: interfaces come and go. */
  readonly targets: () => readonly BeaconTarget[];
  /** `ipv4`: no IPv6 socket (and `--loopback` is IPv4 only); `ipv6`: no IPv4 socket. */
  readonly families: IpFamilies;
}

const ALL_NODES = 'ff02::1';

async function bound(type: 'udp4' | 'udp6', port: number, datagrams$: Subject<Datagram>): Promise<dgram.Socket> {
  // ipv6Only: the IPv6 socket shares port 9999 with the IPv4 one instead of taking its datagrams.
  const socket = dgram.createSocket({ type, reuseAddr: true, ...(type === 'udp6' ? { ipv6Only: true } : {}) });
  socket.on('message', (data, rinfo) => datagrams$.next({ data, address: rinfo.address, port: rinfo.port }));
  await new Promise<void>((resolve, reject) => {
    // A socket that could not bind is closed here: nobody else holds it to close it later.
    const refused = (e: Error) => {
      socket.close();
      reject(e);
    };
    socket.once('error', refused);
    socket.bind({ port, address: type === 'udp4' ? '0.0.0.0' : '::', exclusive: false }, () => {
      socket.off('error', refused);
      resolve();
    });
  });
  // Receive errors on UDP are transient (ICMP echoes); the socket stays usable.
  socket.on('error', () => undefined);
  return socket;
}

/**
 * The discovery sockets: IPv4 bound with address reuse (several nodes share a
 * host's port 9999) and broadcast enabled; IPv6 on the same port, in the
 * all-nodes group of every interface (link-local senders arrive with their
 * scope, `fe80::1%eth0`, which is what a dial needs). A host without IPv6
 * keeps IPv4 alone unless `--ipv6-only` asked for it.
 */
export async function openUdpPort(opts: UdpOptions): Promise<DatagramPort> {
  const datagrams$ = new Subject<Datagram>();
  const v4 = opts.families === 'ipv6' ? null : await bound('udp4', opts.port, datagrams$);
  v4?.setBroadcast(true);
  let v6: dgram.Socket | null = null;
  if (opts.families !== 'ipv4') {
    try {
      v6 = await bound('udp6', opts.port, datagrams$);
    } catch (e) {
      if (opts.families === 'ipv6') throw e;
    }
  }
  const joined = new Set<string>();
  // The group is joined on each interface beacons go to (`ff02::1%eth0`): interfaces appear
  // after start (a cable, a Wi-Fi join), and the targets are looked up at every beacon anyway.
  const join = (targets: readonly BeaconTarget[]) => {
    for (const t of targets) {
      const scope = t.address.startsWith(`${ALL_NODES}%`) ? t.address.slice(ALL_NODES.length + 1) : null;
      if (!v6 || scope === null || joined.has(scope)) continue;
      joined.add(scope);
      try {
        v6.addMembership(ALL_NODES, `::%${scope}`);
      } catch {
        // Joined already by the kernel (all-nodes always is), or the interface went: harmless.
      }
    }
  };
  join(opts.targets());
  let closed = false;
  /** The last round: where beacons went, and the sends the system refused (by target). */
  let lastTargets: readonly string[] = [];
  const failed = new Map<string, string>();

  return {
    datagrams$: datagrams$.asObservable(),
    broadcast(encode) {
      if (closed) return;
      const targets = opts.targets();
      join(targets);
      lastTargets = targets.map((t) => t.address);
      for (const t of targets) {
        const socket = t.address.includes(':') ? v6 : v4;
        // ENETUNREACH and the like are normal (no default route, interface down):
        // the next beacon tries again, and a lost beacon harms no one. The doctor hears of it.
        socket?.send(encode(t.ip), opts.port, t.address, (err) => {
          const code = err && 'code' in err && typeof err.code === 'string' ? err.code : null;
          if (code === null) failed.delete(t.address);
          else failed.set(t.address, code);
        });
      }
    },
    health: () => ({
      targets: lastTargets,
      failed: [...failed].filter(([a]) => lastTargets.includes(a)).map(([address, code]) => ({ address, code })),
    }),
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      datagrams$.complete();
      const closing = [v4, v6].flatMap((s) => (s ? [new Promise<void>((resolve) => s.close(() => resolve()))] : []));
      return Promise.all(closing).then(() => undefined);
    },
  };
}
