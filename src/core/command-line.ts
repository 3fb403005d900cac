import type { Subscription } from 'rxjs';
import { channelsOf, peersOf, selfOf, type NodeActor } from '../../streams/index.js';
import { diagnose, interpret, type Metrics } from '../console/index.js';
import type { Link } from '../wire/ports/index.js';
import { commandEffects } from './command-effects.js';
import type { CoreOptions, CorePorts } from './core-types.js';
import { doctorRequests } from './doctor-requests.js';
import type { Keeper } from './store-keeper.js';
import type { TransferCore } from './transfer-core.js';
import { typedLines } from './typed-lines.js';

/** The parts of the core a typed line reaches. */
export interface CommandLineParts {
  readonly ports: CorePorts;
  readonly opts: CoreOptions;
  readonly actor: NodeActor;
  readonly links: ReadonlyMap<string, Link>;
  readonly keeper: Keeper;
  readonly transfers: TransferCore;
  readonly metrics: Metrics;
  /** When the node started (the doctor says how long it has listened). */
  readonly startedAt: number;
}

export interface CommandLine {
  /** The lines typed in one turn. */
  readonly handle: (batch: readonly string[]) => void;
  /** The doctor's wait for the system's answers. */
  start(): Subscription;
}

/** Typed lines → one reaction each (interpret) → carried out (command-effects.ts), in batches (typed-lines.ts). */
export function commandLine(parts: CommandLineParts): CommandLine {
  const { ports, opts, actor, metrics } = parts;
  const { config } = opts;
  const now = () => opts.scheduler.now();
  const peers = () => peersOf(actor);
  const doctor = doctorRequests({
    ...(ports.probe ? { probe: () => ports.probe?.() } : {}),
    ...(ports.facts$ ? { facts$: ports.facts$ } : {}),
    show: (system) => {
      const seconds = (now() - parts.startedAt) / 1000;
      const evidence = { ...metrics.evidence(), seconds, peers: peers(), legacy: config.legacy, discoveryPort: config.discoveryPort };
      ports.show({ type: 'doctor', findings: diagnose({ ...evidence, ...(system ? { system } : {}) }) });
    },
  });
  const act = commandEffects({
    now,
    show: (o) => ports.show(o),
    tell: (e) => actor.send(e),
    away: () => selfOf(actor).away,
    links: () => parts.links.values(),
    peers,
    stats: () => metrics.snapshot(now(), peers()),
    doctor: () => doctor.ask(),
    trust: ports.trust,
    answer: parts.keeper.answer,
    file: (f) => parts.transfers.act(f),
    ...(ports.rooms ? { rooms: ports.rooms } : {}),
    ...(ports.rename ? { rename: (name: string) => ports.rename?.(name) } : {}),
    quit: () => opts.onQuit(),
  });
  const handle = typedLines({
    interpret: (line) =>
      interpret(line, {
        // The name the node goes by now is the machine's (after a /nick); its id and key stay.
        self: { ...opts.self, name: selfOf(actor).name },
        peers,
        known: () => ports.store.knownPeers(),
        refused: (name) => ports.trust.refusedFor(name),
        now,
        newId: opts.newId,
        transfers: () => parts.transfers.list(),
        channels: () => channelsOf(actor),
      }),
    signed: parts.keeper.signed,
    keep: parts.keeper.keepOwn,
    commit: () => ports.store.flush(),
    act,
  });
  return { handle, start: () => doctor.start() };
}
