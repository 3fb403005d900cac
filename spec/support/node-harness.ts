import { createActor, SimulatedClock } from 'xstate';
import { nodeMachine, type Emitted, type NodeEvent, type NodeInput, type PeerTiming } from '../../machines/index.js';
import type { PeerId } from '../../src/wire/protocol/messages.js';

export const SELF = '00000000-0000-4000-8000-000000000001' as PeerId;
export const ALICE = 'b628dd37-5b4f-41f9-9c4b-174e78bd463b';
export const BOB = 'ffffffff-5b4f-41f9-9c4b-174e78bd463b' as PeerId;

export const TIMING: PeerTiming = {
  heartbeatInterval: 1000,
  staleAfter: 3000,
  legacyStaleAfter: 11000,
  goneAfter: 15000,
  redialMin: 250,
  redialMax: 5000,
  dialYield: 300,
  dialAttempts: 4,
};

/** Delivery settings of a node with nothing owed at start. */
export const DELIVERY = { delivery: { window: 4, expireAfter: 60_000, maxQueued: 100 }, owed: [], startedAt: 0, maxChannels: 4 } as const;

/** A node supervisor on a simulated clock, with everything it emits collected in order. */
export function startNode(
  opts: { legacy?: boolean; maxPeers?: number; maxPeersPerSource?: number; selfId?: PeerId; rejoin?: NodeInput['rejoin'] } = {},
) {
  const clock = new SimulatedClock();
  const actor = createActor(nodeMachine, {
    clock,
    input: {
      selfId: opts.selfId ?? SELF,
      selfName: 'me',
      timing: TIMING,
      legacy: opts.legacy ?? false,
      maxPeers: opts.maxPeers ?? 256,
      maxPeersPerSource: opts.maxPeersPerSource ?? 128,
      ...DELIVERY,
      ...(opts.rejoin ? { rejoin: opts.rejoin } : {}),
    },
  });
  const out: Emitted[] = [];
  actor.on('*', (e) => out.push(e));
  actor.start();
  return {
    actor,
    clock,
    out,
    send: (e: NodeEvent) => actor.send(e),
    advance: (ms: number) => clock.increment(ms),
    /** The peer states announced so far, in order, for one peer. */
    states: (id: string) => out.flatMap((e) => (e.type === 'peer' && e.peer.id === id ? [e.peer.state] : [])),
    effects: (type: Emitted['type']) => out.filter((e) => e.type === type),
    take: () => out.splice(0, out.length),
  };
}

export const beacon = (id: string, name: string, at = 0, legacy = false, port = 4000): NodeEvent => ({
  type: 'BEACON',
  discovery: { id, name, ip: '10.0.0.2', port, ...(legacy ? {} : { version: 1 }) } as never,
  address: '10.0.0.2',
  legacy,
  fingerprint: legacy ? '' : 'aaaa bbbb',
  at,
});

export const linkUp = (id: string, linkId: string, direction: 'inbound' | 'outbound', at = 0): NodeEvent => ({
  type: 'LINK_UP',
  linkId,
  direction,
  hello: { id, name: 'alice', port: 4000, version: 1 } as never,
  fingerprint: 'aaaa bbbb',
  address: '10.0.0.2',
  at,
});
