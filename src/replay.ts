import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { Subject, type Observable } from 'rxjs';
import type { InspectionEvent } from 'xstate';
import { IgnoreList, renderer, type ChannelNames, type Output } from './console/index.js';
import { LAN_CHANNEL } from './wire/protocol/channel-id.js';
import type { PeerView } from '../machines/index.js';
import { DrivenScheduler } from './base/driven-scheduler.js';
import { createNodeCore } from './core/index.js';
import { decodeValue } from './wire/protocol/decode.js';
import type { P2PError } from './wire/protocol/errors.js';
import type { Message } from './wire/protocol/messages.js';
import type { Datagram, FileResult, LegacyDelivery, Link, SystemFacts } from './wire/ports/index.js';
import { recordedFacts } from './wire/ports/system-facts.js';
import { recordedResult, replayedFiles } from './record/replayed-files.js';
import { trustStore } from './wire/identity/trust-store.js';
import { describeFirst, parseRecording, type InputRecord } from './record/format.js';
import { LATER_DEFAULTS, RecordedConfig } from './config/config-codec.js';
import { replayedStore } from './record/answering-store.js';

export interface ReplayOptions {
  readonly json: boolean;
  readonly formatTime: (unixSeconds: number) => string;
  readonly print: (line: string) => void;
  /** `--speed N`: wait between records (real ms); absent: as fast as possible. */
  readonly wait?: (ms: number) => Promise<void>;
  readonly speed?: number | null;
  /** What the node showed and what its actors did, at the recording's time (ms): `replay --ui` keeps them as a timeline. */
  readonly onOutput?: (o: Output, at: number) => void;
  readonly inspect?: (e: InspectionEvent, at: number) => void;
  /** Told once, before the replay shows anything: whose recording this is, and from when. */
  readonly banner?: (text: string) => void;
}

/** A link as the recording saw it: its messages arrive when the recording says. */
function replayLink(r: Extract<InputRecord, { kind: 'link-up' }>, messages$: Observable<E.Either<P2PError, Message>>): Link {
  return {
    id: r.link,
    direction: r.direction,
    hello: r.hello,
    remoteKey: r.key,
    remoteAddress: r.address,
    ...(r.via !== undefined ? { via: r.via } : {}),
    messages$,
    send: () => E.right(undefined),
    ping: () => E.right(undefined),
    close: () => Promise.resolve(),
  };
}

/**
 * The replay root: a recording in place of the sockets and the terminal, its
 * timestamps in place of the wall clock, the very same core. What the node
 * showed is shown again.
 */
export async function replay(text: string, opts: ReplayOptions): Promise<E.Either<string, { outputs: number }>> {
  const parsed = parseRecording(text);
  if (E.isLeft(parsed)) return parsed;
  const { header, records } = parsed.right;
  const config = RecordedConfig.decode(header.config);
  if (E.isLeft(config)) return E.left(`line 1: the header's config is not a p2p-chat config (${describeFirst(config.left)})`);

  opts.banner?.(
    `a replay of ${header.name} (${header.id.slice(0, 8)}), recorded from ${new Date(header.start).toISOString()}; nothing goes on the network`,
  );
  const scheduler = new DrivenScheduler(header.start);
  const datagrams = new Subject<Datagram>();
  const links = new Subject<Link>();
  const linkMessages = new Map<string, Subject<E.Either<P2PError, Message>>>();
  const dialFailures = new Subject<{ peerId: string; reason: string }>();
  const legacy = new Subject<LegacyDelivery>();
  const transportErrors = new Subject<P2PError>();
  const lines = new Subject<readonly string[]>();
  const ids = records.flatMap((r) => (r.kind === 'id' ? [r.value] : []));
  const answers = records.flatMap((r) => (r.kind === 'answer' ? [r.value] : []));
  const committed = new Subject<void>();
  const fileResults = new Subject<FileResult>();
  const facts = new Subject<SystemFacts>();
  const store = replayedStore(answers, committed);
  let outputs = 0;
  // The core comes later; until it does, nobody is present and no name needs an id.
  let present: () => readonly PeerView[] = () => [];
  let channels: () => ChannelNames = () => ({ joined: {}, current: LAN_CHANNEL });
  const render = renderer({
    json: opts.json,
    color: false,
    formatTime: opts.formatTime,
    present: () => present(),
    channels: () => channels(),
    now: () => scheduler.now(),
  });
  const ignores = new IgnoreList(header.ignored ?? []);
  const show = (shown: Output) => {
    const o = ignores.apply(shown);
    if (o === null) return;
    outputs++;
    render(o).forEach(opts.print);
    opts.onOutput?.(o, scheduler.now());
  };

  const core = createNodeCore(
    {
      datagrams$: datagrams,
      links$: links,
      dialFailures$: dialFailures,
      legacy$: legacy,
      transportErrors$: transportErrors,
      lines$: lines,
      dial: () => undefined, // the outcome is in the recording
      sendOneShot: () => Promise.resolve(),
      broadcast: () => undefined,
      show,
      // Trust as it stood when the recording began, kept in memory: the same decisions, no disk.
      trust: trustStore(header.pins),
      store,
      // What the rooms said a peer proves, as they said it live (the secrets are not in a recording).
      proven: () => {
        const r = t.array(t.string).decode(answers.shift());
        return E.isRight(r) ? r.right : [];
      },
      committed$: committed,
      files: replayedFiles(fileResults),
      // The doctor's system facts come from the recording, as they came live.
      probe: () => undefined,
      facts$: facts,
    },
    {
      // A recording made before a flag existed ran with its default (and before the store, showed no history).
      config: { ...LATER_DEFAULTS, history: 0, ...config.right, record: null, inspect: false, ui: null, keep: null },
      self: { id: header.id, name: header.name, fingerprint: header.fingerprint },
      ...(header.channels ? { joined: header.channels } : {}),
      ...(header.current !== undefined ? { current: header.current } : {}),
      scheduler,
      newId: () => ids.shift() ?? 'replay-ran-out-of-ids',
      beacon: () => Buffer.alloc(0),
      // The key is not in the recording; what a replay would sign goes nowhere and is never shown.
      signChat: (chat) => chat,
      publicKey: '',
      ...(opts.inspect ? { inspect: (e: InspectionEvent) => opts.inspect?.(e, scheduler.now()) } : {}),
      onQuit: () => void core.quit(),
    },
  );
  present = () => core.peers();
  channels = () => core.channels();
  core.start();
  show({
    type: 'ready',
    id: header.id,
    name: header.name,
    port: header.port,
    address: header.address,
    ...(header.newIdentity ? { newIdentity: header.newIdentity } : {}),
  });

  let last = header.start;
  for (const r of records) {
    if (r.kind === 'id' || r.kind === 'answer') continue;
    if (opts.wait && opts.speed) await opts.wait((r.t - last) / opts.speed);
    last = r.t;
    scheduler.advanceTo(r.t);
    deliver(r);
  }
  core.stop();
  // The live node said bye only if it got to stop; a node SIGKILLed did not, and neither does its replay.
  if (records.some((r) => r.kind === 'end')) show({ type: 'bye' });
  return E.right({ outputs });

  function deliver(r: InputRecord): void {
    switch (r.kind) {
      case 'datagram':
        return datagrams.next({ data: Buffer.from(r.data, 'base64'), address: r.address, port: r.port });
      case 'link-up': {
        const messages = new Subject<E.Either<P2PError, Message>>();
        linkMessages.set(r.link, messages);
        return links.next(replayLink(r, messages));
      }
      case 'link-message':
        return linkMessages.get(r.link)?.next(decodeValue(r.message));
      case 'link-error':
        return linkMessages.get(r.link)?.next(E.left({ code: r.code, message: r.message }));
      case 'link-down':
        return linkMessages.get(r.link)?.complete();
      case 'dial-failed':
        return dialFailures.next({ peerId: r.peer, reason: r.reason });
      case 'legacy':
        return legacy.next({ address: r.address, bytes: Buffer.from(r.data, 'base64') });
      case 'transport-error':
        return transportErrors.next({ code: r.code, message: r.message });
      case 'line':
        // A batch typed in one turn was recorded line by line at one moment; a line alone is
        // handled as the batch would have handled it (typed-lines.ts), so the outputs are the same.
        return lines.next([r.text]);
      case 'eof':
        return lines.complete();
      case 'commit':
        return committed.next();
      case 'probe': {
        const f = recordedFacts(r.facts);
        return void (f && facts.next(f));
      }
      case 'file': {
        const result = recordedResult(r.result);
        return void (result && fileResults.next(result));
      }
      case 'id':
      case 'answer':
      case 'end':
        return;
    }
  }
}
