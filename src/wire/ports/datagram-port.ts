import type { Observable } from 'rxjs';
import type { BeaconHealth } from './system-facts.js';

/** A datagram as it arrived, stamped by the injected clock. */
export interface Datagram {
  readonly data: Buffer;
  readonly address: string;
  readonly port: number;
}

export interface DatagramPort {
  /** Datagrams received; completes when the socket closes. */
  readonly datagrams$: Observable<Datagram>;
  /** Sends to every beacon target; each target gets the beacon with the `ip` it leaves by. */
  broadcast(encode: (ip: string) => Buffer): void;
  /** The last round's targets and failed sends (for the doctor). */
  health?(): BeaconHealth;
  close(): Promise<void>;
}
