import { createActor, type InspectionEvent } from 'xstate';
import { nodeMachine, type NodeInput, type Queued } from '../../machines/index.js';
import { schedulerClock, type NodeActor } from '../../streams/index.js';
import type { Self } from '../console/index.js';
import type { Config } from '../config/config.js';
import type { MessageStore } from '../wire/ports/index.js';
import { LIMITS } from '../wire/protocol/limits.js';
import type { SchedulerLike } from 'rxjs';

export interface NodeActorDeps {
  readonly config: Config;
  readonly self: Self;
  readonly scheduler: SchedulerLike;
  readonly store: Pick<MessageStore, 'pending'>;
  readonly joined?: NodeInput['rejoin'];
  readonly current?: string;
  readonly inspect?: (event: InspectionEvent) => void;
}

/** The node supervisor, not yet started, on the core's clock, owing what the store still owes. */
export function nodeActor(deps: NodeActorDeps): NodeActor {
  const { config, scheduler } = deps;
  const owed = new Map<string, { peerId: string; peerName: string; queue: Queued[] }>();
  for (const p of deps.store.pending()) {
    const o = owed.get(p.peerId) ?? { peerId: p.peerId, peerName: p.peerName, queue: [] };
    o.queue.push({ chat: p.chat, queuedAt: p.queuedAt, sent: true });
    owed.set(p.peerId, o);
  }
  return createActor(nodeMachine, {
    clock: schedulerClock(scheduler),
    ...(deps.inspect ? { inspect: deps.inspect } : {}),
    input: {
      selfId: deps.self.id,
      selfName: deps.self.name,
      legacy: config.legacy,
      maxPeers: LIMITS.peers,
      maxPeersPerSource: LIMITS.peersPerSource,
      maxChannels: LIMITS.channelsJoined,
      ...(deps.joined ? { rejoin: deps.joined } : {}),
      ...(deps.current !== undefined ? { startIn: deps.current } : {}),
      delivery: { window: LIMITS.chatWindow, expireAfter: config.expire, maxQueued: LIMITS.outboxPerPeer },
      owed: [...owed.values()],
      startedAt: scheduler.now(),
      timing: {
        heartbeatInterval: config.heartbeatInterval,
        staleAfter: config.staleAfter,
        legacyStaleAfter: Math.max(config.staleAfter, 2 * config.beaconInterval + 1000),
        goneAfter: config.goneAfter,
        redialMin: LIMITS.redialMinMs,
        redialMax: LIMITS.redialMaxMs,
        dialYield: LIMITS.dialYieldMs,
        dialAttempts: LIMITS.dialAttemptsUnproven,
      },
    },
  });
}
