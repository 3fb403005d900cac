import type { PeerView } from '../../../machines/index.js';
import type { SystemFacts } from '../../wire/ports/index.js';

/** What the node has seen since it started: the doctor's evidence. */
export interface Observations {
  /** Seconds the node has been listening. */
  readonly seconds: number;
  /** Valid beacons heard from other nodes. */
  readonly beacons: number;
  /** Errors met, by stable code (counted before the log throttle). */
  readonly errors: Readonly<Record<string, number>>;
  readonly peers: readonly PeerView[];
  /** `--legacy`: original nodes are spoken to. */
  readonly legacy: boolean;
  readonly discoveryPort: number;
  /** What the system said (ports held, firewall rules, failed sends), when it was asked. */
  readonly system?: SystemFacts;
}

export interface Finding {
  /** Stable: scripts read it (`--json`). */
  readonly code: string;
  readonly level: 'ok' | 'warning' | 'problem';
  readonly text: string;
  /** What to do about it; null when nothing needs doing. */
  readonly fix: string | null;
}
