import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { messageOf } from '../base/caught.js';
import { ErrorCodeC } from '../wire/protocol/errors.js';
import { Hello, PeerId } from '../wire/protocol/messages.js';
import { LIMITS } from '../wire/protocol/limits.js';

/**
 * The flight recording: JSON lines, a header then one record per input that
 * entered the node from outside, in the order the node handled them, each
 * stamped `t` by the node's clock (ms). Timers are not recorded: the same
 * inputs at the same times make them fire the same way again.
 */
export const FORMAT_VERSION = 1;

export const Header = t.intersection(
  [
    t.type({
      type: t.literal('header'),
      format: t.literal(FORMAT_VERSION),
      id: PeerId,
      name: t.string,
      fingerprint: t.string,
      start: t.number,
      port: t.number,
      address: t.string,
      config: t.UnknownRecord,
      /** Keys pinned when the recording began, so trust decisions replay too. */
      pins: t.record(t.string, t.string),
    }),
    /** Where a key made at this start was written (a first start): the replay shows the same welcome. */
    t.partial({
      newIdentity: t.type({ keyPath: t.string, fingerprint: t.string }),
      /** Peers /ignore'd when the recording began: the replay hides what the live node hid. */
      ignored: t.array(t.type({ id: t.string, name: t.string })),
      /** The channels the node was in when the recording began (besides #lan). */
      channels: t.array(t.type({ id: t.string, name: t.string, kind: t.keyof({ lan: null, secret: null }), since: t.number })),
      /** The channel plain lines went to at start. */
      current: t.string,
    }),
  ],
  'Header',
);
export type Header = t.TypeOf<typeof Header>;

const kind = <K extends string, P extends t.Props>(k: K, props: P) => t.intersection([t.type({ kind: t.literal(k) }), t.type(props)]);

/** What came in, without its time. */
export const InputBody = t.union([
  kind('datagram', { address: t.string, port: t.number, data: t.string }),
  t.intersection([
    kind('link-up', {
      link: t.string,
      direction: t.keyof({ inbound: null, outbound: null }),
      address: t.string,
      key: t.string,
      hello: Hello,
    }),
    /** Where the peer was met (a room); absent: the LAN. */
    t.partial({ via: t.string }),
  ]),
  kind('link-message', { link: t.string, message: t.unknown }),
  kind('link-error', { link: t.string, code: ErrorCodeC, message: t.string }),
  kind('link-down', { link: t.string }),
  kind('dial-failed', { peer: t.string, reason: t.string }),
  kind('legacy', { address: t.string, data: t.string }),
  kind('transport-error', { code: ErrorCodeC, message: t.string }),
  kind('line', { text: t.string }),
  kind('eof', {}),
  /** What the files' disk said (src/wire/file-result.ts); chunks' bytes are never here. */
  kind('file', { result: t.unknown }),
  /** What the system told the doctor (ports held, firewall rules, failed sends): src/wire/system-facts.ts decodes it. */
  kind('probe', { facts: t.unknown }),
  kind('id', { value: t.string }),
  /** What the message store answered to a read, in the order the core asked. */
  kind('answer', { value: t.unknown }),
  /** The store committed its queued writes (acks follow). */
  kind('commit', {}),
  kind('end', {}),
]);
export type InputBody = t.TypeOf<typeof InputBody>;

/** One line of a recording after the header: what came in, and when (`t`, ms on the node's clock). */
export const InputRecord = t.intersection([t.type({ t: t.number }), InputBody]);
export type InputRecord = t.TypeOf<typeof InputRecord>;
export type RecordKind = InputRecord['kind'];

/** The path and value of the first decoding error, for a message that points at what is wrong. */
export function describeFirst(errors: t.Errors): string {
  const first = errors[0];
  const path =
    first?.context
      .map((c) => c.key)
      .filter(Boolean)
      .join('.') ?? '';
  return `${path || '(root)'}: ${JSON.stringify(first?.value)?.slice(0, 40) ?? 'undefined'}`;
}

/** One line of a recording → a record, or an error that names the line. */
export function decodeLine<A>(codec: t.Decoder<unknown, A>, text: string, lineNo: number): E.Either<string, A> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return E.left(`line ${lineNo}: not JSON (${messageOf(e)})`);
  }
  const r = codec.decode(value);
  if (E.isRight(r)) return r;
  const first = r.left[0];
  const path =
    first?.context
      .map((c) => c.key)
      .filter(Boolean)
      .join('.') ?? '';
  const kind = typeof value === 'object' && value !== null && 'kind' in value ? ` (${String(value.kind)})` : '';
  return E.left(`line ${lineNo}${kind}: not a valid ${codec.name === 'Header' ? 'header' : 'record'}${path ? ` at ${path}` : ''}`);
}

/** A whole recording, checked line by line before anything is replayed. */
export function parseRecording(text: string): E.Either<string, { header: Header; records: InputRecord[] }> {
  const [first, ...rest] = text.split('\n').filter((l) => l.trim() !== '');
  if (first === undefined) return E.left('line 1: empty recording (no header)');
  const header = decodeLine(Header, first, 1);
  if (E.isLeft(header)) return header;
  const records: InputRecord[] = [];
  let last = header.right.start;
  for (const [i, line] of rest.entries()) {
    const r = decodeLine(InputRecord, line, i + 2);
    if (E.isLeft(r)) return r;
    // Times only go forward, and not past the span: a replay runs every timer up to each record's time.
    const t = r.right.t;
    if (!(t >= last && t <= header.right.start + LIMITS.recordingSpanMs)) {
      return E.left(
        `line ${i + 2} (${r.right.kind}): time ${t} is ${t < last ? 'before the record above it' : 'more than 31 days after the start'}`,
      );
    }
    last = t;
    records.push(r.right);
  }
  return E.right({ header: header.right, records });
}
