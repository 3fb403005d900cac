import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

/** How the last beacon round went: where beacons go, and which sends failed (with the system's code). */
export interface BeaconHealth {
  readonly targets: readonly string[];
  readonly failed: readonly { readonly address: string; readonly code: string }[];
}

export interface RoomHealth {
  readonly rooms: readonly string[];
  readonly nodes: number;
  /** `--bootstrap` (empty: the public nodes). */
  readonly bootstrap: readonly string[];
}

/**
 * What the doctor reads from the system (an adapter gathers it; it enters as an
 * input, recorded, so a replay's /doctor says the same).
 */
export interface SystemFacts {
  readonly beacons: BeaconHealth;
  /** Other programs holding the discovery port (UDP) or our TCP port. */
  readonly holders: readonly { readonly pid: number; readonly command: string; readonly port: number; readonly proto: 'udp' | 'tcp' }[];
  /** Firewall rules that drop or reject our ports, as the ruleset prints them; null: no ruleset could be read. */
  readonly firewall: readonly string[] | null;
  /** `p2p-chat doctor` on a data dir a running node holds: what the lock said (the doctor then listens with a fresh one). */
  readonly dataDirInUse: string | null;
  /** Rooms joined and the DHT nodes that answer (null: no rooms here). */
  readonly rooms: RoomHealth | null;
}

/** What the system told a recorded node's doctor, decoded before a replay trusts it. */
const SystemFactsC = t.type({
  beacons: t.type({ targets: t.array(t.string), failed: t.array(t.type({ address: t.string, code: t.string })) }),
  holders: t.array(t.type({ pid: t.number, command: t.string, port: t.number, proto: t.keyof({ udp: null, tcp: null }) })),
  firewall: t.union([t.array(t.string), t.null]),
  dataDirInUse: t.union([t.string, t.null]),
  rooms: t.union([t.type({ rooms: t.array(t.string), nodes: t.number, bootstrap: t.array(t.string) }), t.null]),
});

/** Recorded facts, or null when they do not decode (a damaged recording). */
export function recordedFacts(value: unknown): SystemFacts | null {
  const r = SystemFactsC.decode(value);
  return E.isRight(r) ? r.right : null;
}
