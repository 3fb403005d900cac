import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

/**
 * The flight recording: JSON lines, a header then one record per input that
 * entered the node from outside, in the order the node handled them, each
 * stamped `t` by the node's clock (ms). Timers are not recorded: the same
 * inputs at the same times make them fire the same way again.
 */
export const FORMAT_VERSION = 1;

const Hello = t.type({ id: t.string, name: t.string, port: t.number, version: t.number });

export const Header = t.type(
  {
    type: t.literal('header'),
    format: t.literal(FORMAT_VERSION),
    id: t.string,
    name: t.string,
    fingerprint: t.string,
    start: t.number,
    port: t.number,
    address: t.string,
    config: t.UnknownRecord,
    /** Keys pinned when the recording began, so trust decisions replay too. */
    pins: t.record(t.string, t.string),
  },
  'Header',
);
export type Header = t.TypeOf<typeof Header>;

const at = <K extends string, P extends t.Props>(kind: K, props: P) =>
  t.intersection([t.type({ t: t.number, kind: t.literal(kind) }), t.type(props)]);

export const Record = t.union([
  at('datagram', { address: t.string, port: t.number, data: t.string }),
  at('link-up', { link: t.string, direction: t.keyof({ inbound: null, outbound: null }), address: t.string, key: t.string, hello: Hello }),
  at('link-message', { link: t.string, message: t.unknown }),
  at('link-error', { link: t.string, code: t.string, message: t.string }),
  at('link-down', { link: t.string }),
  at('dial-failed', { peer: t.string, reason: t.string }),
  at('legacy', { address: t.string, data: t.string }),
  at('transport-error', { code: t.string, message: t.string }),
  at('line', { text: t.string }),
  at('eof', {}),
  at('id', { value: t.string }),
  /** What the message store answered to a read, in the order the core asked. */
  at('answer', { value: t.unknown }),
  /** The store committed its queued writes (acks follow). */
  at('commit', {}),
  at('end', {}),
]);
export type Record = t.TypeOf<typeof Record>;
export type RecordKind = Record['kind'];

/** One line of a recording → a record, or an error that names the line. */
export function decodeLine<A>(codec: t.Decoder<unknown, A>, text: string, lineNo: number): E.Either<string, A> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return E.left(`line ${lineNo}: not JSON (${(e as Error).message})`);
  }
  const r = codec.decode(value);
  if (E.isRight(r)) return r;
  const first = r.left[0];
  const path = first?.context.map((c) => c.key).filter(Boolean).join('.') ?? '';
  const kind = typeof value === 'object' && value !== null && 'kind' in value ? ` (${String((value as { kind: unknown }).kind)})` : '';
  return E.left(`line ${lineNo}${kind}: not a valid ${codec.name === 'Header' ? 'header' : 'record'}${path ? ` at ${path}` : ''}`);
}

/** A whole recording, checked line by line before anything is replayed. */
export function parseRecording(text: string): E.Either<string, { header: Header; records: Record[] }> {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return E.left('line 1: empty recording (no header)');
  const header = decodeLine(Header, lines[0] as string, 1);
  if (E.isLeft(header)) return header;
  const records: Record[] = [];
  for (let i = 1; i < lines.length; i++) {
    const r = decodeLine(Record, lines[i] as string, i + 1);
    if (E.isLeft(r)) return r;
    records.push(r.right);
  }
  return E.right({ header: header.right, records });
}
