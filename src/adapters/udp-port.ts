import dgram from 'node:dgram';
import { Subject } from 'rxjs';
import type { Datagram, DatagramPort } from '../wire/ports.js';
import type { BeaconTarget } from './broadcast-targets.js';

export interface UdpOptions {
  readonly port: number;
  /** Looked up at every beacon: interfaces come and go. */
  readonly targets: () => readonly BeaconTarget[];
}

/**
 * The discovery socket: bound with address reuse so several nodes share a
 * host's port 9999, broadcast enabled.
 */
export async function openUdpPort(opts: UdpOptions): Promise<DatagramPort> {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  const datagrams$ = new Subject<Datagram>();
  socket.on('message', (data, rinfo) => datagrams$.next({ data, address: rinfo.address, port: rinfo.port }));
  // Receive errors on UDP are transient (ICMP echoes); the socket stays usable.
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ port: opts.port, address: '0.0.0.0', exclusive: false }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.setBroadcast(true);
  let closed = false;

  return {
    datagrams$: datagrams$.asObservable(),
    broadcast(encode) {
      if (closed) return;
      for (const t of opts.targets()) {
        // ENETUNREACH and the like are normal (no default route, interface down):
        // the next beacon tries again, and a lost beacon harms no one.
        socket.send(encode(t.ip), opts.port, t.address, () => undefined);
      }
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      datagrams$.complete();
      return new Promise((resolve) => socket.close(() => resolve()));
    },
  };
}
