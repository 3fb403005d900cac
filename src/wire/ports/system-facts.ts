import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

/** How the last beacon round went: where beacons go, and which sends failed (with the system's code). */
const BeaconHealthC = t.readonly(
  t.type({
    targets: t.readonlyArray(t.string),
    failed: t.readonlyArray(t.readonly(t.type({ address: t.string, code: t.string }))),
  }),
);
export type BeaconHealth = t.TypeOf<typeof BeaconHealthC>;

const RoomHealthC = t.readonly(
  t.type({
    rooms: t.readonlyArray(t.string),
    nodes: t.number,
    /** `--bootstrap` (empty: the public nodes). */
    bootstrap: t.readonlyArray(t.string),
  }),
);
export type RoomHealth = t.TypeOf<typeof RoomHealthC>;

/**
 * What the doctor reads from the system (an adapter gathers it; it enters as an
 * input, recorded, so a replay's /doctor says the same): decoded before a
 * replay trusts it.
 */
const SystemFactsC = t.readonly(
  t.type({
    beacons: BeaconHealthC,
    /** Other programs holding the discovery port (UDP) or our TCP port. */
    holders: t.readonlyArray(
      t.readonly(t.type({ pid: t.number, command: t.string, port: t.number, proto: t.keyof({ udp: null, tcp: null }) })),
    ),
    /** Firewall rules that drop or reject our ports, as the ruleset prints them; null: no ruleset could be read. */
    firewall: t.union([t.readonlyArray(t.string), t.null]),
    /** `p2p-chat doctor` on a data dir a running node holds: what the lock said (the doctor then listens with a fresh one). */
    dataDirInUse: t.union([t.string, t.null]),
    /** Rooms joined and the DHT nodes that answer (null: no rooms here). */
    rooms: t.union([RoomHealthC, t.null]),
  }),
);
export type SystemFacts = t.TypeOf<typeof SystemFactsC>;

/** Recorded facts, or null when they do not decode (a damaged recording). */
export function recordedFacts(value: unknown): SystemFacts | null {
  const r = SystemFactsC.decode(value);
  return E.isRight(r) ? r.right : null;
}
