import * as t from 'io-ts';
import { LIMITS } from '../wire/protocol/limits.js';

/**
 * The node's configuration as one io-ts codec: the flags parser builds a value
 * of it, a recording's header carries it, and a replay decodes it, so what a
 * replay accepts is exactly what the flags allow (a recording is input too).
 */
const Duration = t.refinement(t.number, (n) => Number.isFinite(n) && n > 0, 'Duration');
const PortNumber = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'PortNumber');
const Count = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'Count');

/** What every recording has had since format 1. */
const BASE = {
  name: t.string,
  port: PortNumber,
  discoveryPort: PortNumber,
  beaconInterval: Duration,
  broadcast: t.readonlyArray(t.string),
  loopback: t.boolean,
  heartbeatInterval: Duration,
  staleAfter: Duration,
  goneAfter: Duration,
  legacy: t.boolean,
  json: t.boolean,
  dataDir: t.string,
};

/** Added later: a recording may lack them, and a replay then runs with the defaults. */
const LATER = {
  /** `--record FILE`: a flight recording of every input. */
  record: t.union([t.string, t.null]),
  /** `--force`: --record may overwrite an existing file. */
  force: t.boolean,
  /** `--quiet`: no bell or desktop notification on a private message or a mention. */
  quiet: t.boolean,
  /** `--time-format`: how lines are stamped: hms (21:03:07), hm (21:03), iso (2026-11-27T21:03:07), off. */
  timeFormat: t.keyof({ hms: null, hm: null, iso: null, off: null }),
  /** `--inspect`: send actor events to the Stately inspector's WebSocket. */
  inspect: t.boolean,
  /** `--ui [PORT]`: serve the live network page on 127.0.0.1 (0: any free port). */
  ui: t.union([PortNumber, t.null]),
  /** `--chat-rate N`: one-shot (original) chats accepted per peer per second (burst 2N). */
  chatRate: t.refinement(Count, (n) => n >= 1, 'ChatRate'),
  /** `--history N`: messages shown from the store at start (0: none). */
  history: t.refinement(Count, (n) => n <= LIMITS.historyLines, 'History'),
  /** `--expire DUR`: how long an own message waits for a recipient who is away, ms. */
  expire: Duration,
  /** `--keep DUR`: messages older than this are deleted at start, ms; null keeps everything. */
  keep: t.union([Duration, t.null]),
  /** `--ipv4-only` / `--ipv6-only`: the address families spoken on the LAN (both by default). */
  families: t.keyof({ both: null, ipv4: null, ipv6: null }),
  /** `--downloads DIR`: where received files land (default ~/Downloads/p2p-chat). */
  downloads: t.string,
  /** `--accept-from trusted`: offers from peers whose key is pinned are accepted without asking; `ask` (default) asks. */
  acceptFrom: t.keyof({ ask: null, trusted: null }),
  /** `--room NAME|CODE` (repeatable): rooms joined at start over Hyperswarm (issue 14). */
  rooms: t.readonlyArray(t.string),
  /** `--bootstrap HOST:PORT` (repeatable): private bootstrap nodes for the rooms. */
  bootstrap: t.readonlyArray(t.string),
  /** `--reachable`: this host is reachable as it is (a routed LAN, no NAT): rooms need no hole punching. */
  reachable: t.boolean,
};

export const ConfigCodec = t.readonly(t.type({ ...BASE, ...LATER }), 'Config');
export type Config = t.TypeOf<typeof ConfigCodec>;

/** A recording's config: the base fields, and whichever later ones it has. */
export const RecordedConfig = t.intersection([t.type(BASE), t.partial(LATER)], 'RecordedConfig');

/** The defaults of the later fields, as the flags give them. */
export const LATER_DEFAULTS: Pick<Config, keyof typeof LATER> = {
  record: null,
  force: false,
  quiet: false,
  timeFormat: 'hms',
  inspect: false,
  ui: null,
  chatRate: LIMITS.chatsPerSecond,
  history: 20,
  expire: 7 * 86_400_000,
  keep: null,
  families: 'both',
  downloads: '',
  acceptFrom: 'ask',
  rooms: [],
  bootstrap: [],
  reachable: false,
};
