import path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as O from 'fp-ts/lib/Option.js';
import { parseArgs } from 'node:util';
import { parseDuration } from '../base/duration.js';
import { looksLikeId } from '../wire/identity/name-key.js';
import { LIMITS } from '../wire/protocol/limits.js';
import { messageOf } from '../base/caught.js';
import { sequenceS } from 'fp-ts/lib/Apply.js';
import { LATER_DEFAULTS, type Config } from './config-codec.js';

export type { Config } from './config-codec.js';

export type CliAction =
  | { kind: 'run'; config: Config }
  /** `p2p-chat doctor [options]`: run a node as the options say, listen a while, say what it saw, exit. */
  | { kind: 'doctor'; config: Config }
  /** `p2p-chat bootstrap --port N [--host ADDR]`: a Hyperswarm bootstrap node for private rooms. */
  | { kind: 'bootstrap'; port: number; host: string }
  /** `ui`: `replay FILE --ui [PORT]`, the page with a timeline over the recording (0: a free port). */
  | { kind: 'replay'; file: string; json: boolean; speed: number | null; ui: number | null }
  | { kind: 'help' }
  | { kind: 'version' };

export const USAGE = `Usage: p2p-chat [options]

  --name NAME               display name (default: user@host), at most ${LIMITS.nameChars} characters
  --port N                  TCP port for links (default 0: the OS picks; beacons carry it)
  --discovery-port N        UDP discovery port (default 9999)
  --beacon-interval DUR     beacon period (default 5s)
  --broadcast ADDR          send beacons to ADDR instead of every interface (repeatable)
  --loopback                stay on this machine: TCP on 127.0.0.1, beacons to 127.255.255.255
  --ipv4-only, --ipv6-only  speak only this family on the LAN (default both: IPv4 broadcast and
                            IPv6 all-nodes multicast ff02::1 on every interface)
  --heartbeat-interval DUR  heartbeat period on each link (default 1s)
  --stale-after DUR         no traffic for this long marks a peer stale (default 3s)
  --gone-after DUR          stale for this long marks a peer gone (default 15s)
  --data-dir DIR            identity key, pinned peer keys and history.db (default ~/.p2p-chat);
                            one node per data dir
  --chat-rate N             one-shot chats accepted per original peer per second, burst 2N (default 32)
  --history N               messages from the store shown at start (default 20; 0: none)
  --expire DUR              how long an undelivered message waits for its recipient (default 7d)
  --keep DUR                delete messages older than this at start (default: keep everything)
  --downloads DIR           where received files land (default ~/Downloads/p2p-chat, made 0700)
  --accept-from WHO         ask (default): offers of files wait for /accept; trusted: offers from
                            peers whose key is pinned are accepted without asking
  --room NAME|CODE          join a room over Hyperswarm (repeatable): a new NAME makes a room and
                            prints its invite code; CODE (NAME~SECRET) joins someone's room
  --bootstrap HOST:PORT     private Hyperswarm bootstrap node for the rooms (repeatable; default:
                            the public ones, contacted only when a room is joined)
  --reachable               this host is reachable as it is (a routed network, no NAT): rooms skip
                            hole punching
  --legacy                  also talk to original (pre-p2p-chat) nodes (unverified)
  --json                    JSON lines on stdout, commands on stdin (for scripts)
  --record FILE             write a flight recording (JSON lines) of everything that came in
  --force                   let --record overwrite an existing file
  -q, --quiet               no bell on a private message or a mention of your name
  --time-format FMT         stamp lines hms (21:03:07, default), hm (21:03), iso, or off
  --inspect                 show the peer machines in the Stately inspector (needs its WebSocket server)
  --ui [PORT]               serve the live network page on http://127.0.0.1:PORT (default: a free port)
  -h, --help                this help
  -v, --version             print the version

DUR is milliseconds, or a number with a unit: 500ms, 3s, 1m, 12h, 7d.

Usage: p2p-chat doctor [options]
  Runs a node with these options for a few seconds (a beacon interval and more), then says
  why it sees nobody or misses a peer, in plain words with the fix (--json: as objects), and
  exits. In a running node, /doctor says the same.

Usage: p2p-chat bootstrap --port N [--host ADDR]
  Runs a Hyperswarm bootstrap node on ADDR:PORT (default 127.0.0.1) for private rooms: nodes
  given --bootstrap ADDR:PORT find each other's rooms through it and nothing else.

Usage: p2p-chat replay FILE [--json] [--speed N] [--ui [PORT]]
  Runs a recording through the same streams and machines on a virtual clock and prints
  what the node showed: as fast as possible, or N times real speed. With --ui, then serves
  the page on http://127.0.0.1:PORT with a timeline: scrub to any moment of the recording
  and see every machine's state, the chat and the mesh as they were (Ctrl-C ends it).`;

const OPTIONS = {
  name: { type: 'string' },
  port: { type: 'string' },
  'discovery-port': { type: 'string' },
  'beacon-interval': { type: 'string' },
  broadcast: { type: 'string', multiple: true },
  loopback: { type: 'boolean' },
  'ipv4-only': { type: 'boolean' },
  'ipv6-only': { type: 'boolean' },
  'heartbeat-interval': { type: 'string' },
  'stale-after': { type: 'string' },
  'gone-after': { type: 'string' },
  legacy: { type: 'boolean' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  record: { type: 'string' },
  force: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'time-format': { type: 'string' },
  inspect: { type: 'boolean' },
  'ui-port': { type: 'string' },
  'chat-rate': { type: 'string' },
  history: { type: 'string' },
  expire: { type: 'string' },
  keep: { type: 'string' },
  downloads: { type: 'string' },
  room: { type: 'string', multiple: true },
  bootstrap: { type: 'string', multiple: true },
  reachable: { type: 'boolean' },
  'accept-from': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const port = (flag: string, text: string | undefined, fallback: number): E.Either<string, number> => {
  if (text === undefined) return E.right(fallback);
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? E.right(n) : E.left(`--${flag}: expected a port 0-65535, got "${text}"`);
};

const duration = (flag: string, text: string | undefined, fallback: number): E.Either<string, number> => {
  if (text === undefined) return E.right(fallback);
  const ms = parseDuration(text);
  return ms !== null && ms > 0 ? E.right(ms) : E.left(`--${flag}: expected a duration like 500ms or 3s, got "${text}"`);
};

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/**
 * parseArgs reads `--port -1` as two options ("ambiguous"): a value that looks like a
 * negative number is joined to its option (`--port=-1`), so the range check can say what is wrong.
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const takesValue = new Set(Object.entries(OPTIONS).flatMap(([k, v]) => (v.type === 'string' ? [`--${k}`] : [])));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const next = argv[i + 1];
    if (takesValue.has(a) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** `--ui` takes an optional port, which parseArgs cannot express: `--ui 8080` → `--ui-port 8080`, `--ui` → `--ui-port 0`. */
function normaliseUi(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--ui') {
      const next = argv[i + 1];
      if (next !== undefined && /^\d+$/.test(next)) {
        out.push('--ui-port', next);
        i++;
      } else out.push('--ui-port', '0');
    } else if (a.startsWith('--ui=')) out.push('--ui-port', a.slice(5));
    else out.push(a);
  }
  return out;
}

const HOST_PORT = /^[\w.-]+:\d{1,5}$/;

function parseBootstrap(argv: readonly string[]): E.Either<string, CliAction> {
  try {
    const { values } = parseArgs({ args: [...argv], options: { port: { type: 'string' }, host: { type: 'string' } }, strict: true });
    const port = Number(values.port);
    if (!(Number.isInteger(port) && port > 0 && port <= 65535))
      return E.left(`bootstrap --port: expected a port 1-65535, got "${values.port ?? ''}"`);
    const host = values.host ?? '127.0.0.1';
    if (!IPV4.test(host)) return E.left(`bootstrap --host: expected an IPv4 address, got "${host}"`);
    return E.right({ kind: 'bootstrap', port, host });
  } catch (e) {
    return E.left(messageOf(e));
  }
}

function parseReplay(argv: readonly string[]): E.Either<string, CliAction> {
  try {
    const { values, positionals } = parseArgs({
      args: normaliseUi(argv),
      options: {
        json: { type: 'boolean' },
        speed: { type: 'string' },
        'ui-port': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
    if (values.help) return E.right({ kind: 'help' });
    const [file] = positionals;
    if (positionals.length !== 1 || file === undefined) return E.left('replay: expected one recording file');
    const speed = values.speed === undefined ? null : Number(values.speed);
    if (speed !== null && !(speed > 0)) return E.left(`replay --speed: expected a positive number, got "${values.speed}"`);
    const ui = values['ui-port'] === undefined ? null : Number(values['ui-port']);
    if (ui !== null && !(Number.isInteger(ui) && ui >= 0 && ui <= 65535))
      return E.left(`replay --ui: expected a port 0-65535, got "${values['ui-port']}"`);
    return E.right({ kind: 'replay', file, json: values.json ?? false, speed, ui });
  } catch (e) {
    return E.left(messageOf(e));
  }
}

export function parseConfig(
  argv: readonly string[],
  defaults: { name: string; dataDir: string; downloads?: string },
): E.Either<string, CliAction> {
  if (argv[0] === 'replay') return parseReplay(argv.slice(1));
  if (argv[0] === 'bootstrap') return parseBootstrap(argv.slice(1));
  if (argv[0] === 'doctor') {
    const r = parseConfig(argv.slice(1), defaults);
    return E.isRight(r) && r.right.kind === 'run' ? E.right({ kind: 'doctor', config: r.right.config }) : r;
  }
  argv = joinNegativeValues(normaliseUi(argv));
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true; allowPositionals: false }>>['values'];
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    return E.left(messageOf(e));
  }
  if (values.help) return E.right({ kind: 'help' });
  if (values.version) return E.right({ kind: 'version' });
  const name = (values.name ?? defaults.name).trim();
  if (name.length === 0) return E.left('--name: must not be empty');
  if ([...name].length > LIMITS.nameChars) return E.left(`--name: at most ${LIMITS.nameChars} characters`);
  if (looksLikeId(name)) return E.left(`--name: "${name}" looks like a peer id (8 or more hex digits); peers would refuse it`);
  const formats = ['hms', 'hm', 'iso', 'off'] as const;
  const tfText = values['time-format'] ?? 'hms';
  const tf = E.fromOption(() => `--time-format: expected hms, hm, iso or off, got "${tfText}"`)(
    O.fromNullable(formats.find((f) => f === tfText)),
  );
  if (E.isLeft(tf)) return tf;
  if (values['ipv4-only'] && values['ipv6-only']) return E.left('--ipv4-only and --ipv6-only: choose one (neither: both)');
  if (values.loopback && values['ipv6-only']) return E.left('--loopback is IPv4 (127.0.0.1); it cannot be --ipv6-only');
  const families = values['ipv6-only'] ? 'ipv6' : values['ipv4-only'] || values.loopback ? 'ipv4' : 'both';
  const broadcast = values.broadcast ?? [];
  if (broadcast.length > 0 && families === 'ipv6') return E.left('--broadcast is IPv4; it cannot go with --ipv6-only');
  const bad = broadcast.find((a) => !IPV4.test(a));
  if (bad) return E.left(`--broadcast: "${bad}" is not an IPv4 address`);
  const parts = sequenceS(E.Apply)({
    port: port('port', values.port, 0),
    discoveryPort: port('discovery-port', values['discovery-port'], 9999),
    beaconInterval: duration('beacon-interval', values['beacon-interval'], 5000),
    heartbeatInterval: duration('heartbeat-interval', values['heartbeat-interval'], 1000),
    staleAfter: duration('stale-after', values['stale-after'], 3000),
    goneAfter: duration('gone-after', values['gone-after'], 15000),
  });
  if (E.isLeft(parts)) return parts;
  const p = parts.right;
  if (p.staleAfter <= p.heartbeatInterval) {
    return E.left('--stale-after must be longer than --heartbeat-interval, or every peer goes stale between heartbeats');
  }
  if (p.discoveryPort === 0) return E.left('--discovery-port: must not be 0; every node must share one');
  const history = values.history === undefined ? LATER_DEFAULTS.history : Number(values.history);
  if (!Number.isInteger(history) || history < 0 || history > LIMITS.historyLines) {
    return E.left(`--history: expected a whole number 0-${LIMITS.historyLines}, got "${values.history}"`);
  }
  const expire = duration('expire', values.expire, LATER_DEFAULTS.expire);
  if (E.isLeft(expire)) return expire;
  const keep = values.keep === undefined ? E.right(null) : duration('keep', values.keep, 0);
  if (E.isLeft(keep)) return keep;
  const ui = port('ui', values['ui-port'], 0);
  if (E.isLeft(ui)) return ui;
  const chatRate = values['chat-rate'] === undefined ? LATER_DEFAULTS.chatRate : Number(values['chat-rate']);
  if (!Number.isInteger(chatRate) || chatRate < 1)
    return E.left(`--chat-rate: expected a whole number of messages per second, got "${values['chat-rate']}"`);
  const bootstrap = values.bootstrap ?? [];
  const badBoot = bootstrap.find((b) => !HOST_PORT.test(b));
  if (badBoot !== undefined) return E.left(`--bootstrap: expected HOST:PORT, got "${badBoot}"`);
  const acceptFrom = values['accept-from'] ?? 'ask';
  if (acceptFrom !== 'ask' && acceptFrom !== 'trusted') return E.left(`--accept-from: expected ask or trusted, got "${acceptFrom}"`);
  return E.right({
    kind: 'run',
    config: {
      name,
      port: p.port,
      discoveryPort: p.discoveryPort,
      beaconInterval: p.beaconInterval,
      broadcast,
      loopback: values.loopback ?? false,
      families,
      heartbeatInterval: p.heartbeatInterval,
      staleAfter: p.staleAfter,
      goneAfter: p.goneAfter,
      legacy: values.legacy ?? false,
      json: values.json ?? false,
      dataDir: values['data-dir'] ?? defaults.dataDir,
      record: values.record ?? null,
      force: values.force ?? false,
      quiet: values.quiet ?? false,
      timeFormat: tf.right,
      inspect: values.inspect ?? false,
      ui: values['ui-port'] === undefined ? null : ui.right,
      chatRate,
      history,
      expire: expire.right,
      keep: keep.right,
      downloads: values.downloads ?? defaults.downloads ?? path.join(defaults.dataDir, 'downloads'),
      acceptFrom,
      rooms: values.room ?? [],
      bootstrap,
      reachable: values.reachable ?? false,
    },
  });
}
