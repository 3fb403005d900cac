import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { SystemFacts } from './index.js';

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
