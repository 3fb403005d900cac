import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { p2pError, type P2PError } from './errors.js';
import { LIMITS } from './limits.js';
import {
  Ack,
  Chat,
  Discovery,
  Have,
  Hello,
  isVariant,
  PeerId,
  Ping,
  Pong,
  Refused,
  Relay,
  Status,
  Links,
  Channels,
  type Message,
  type MessageOf,
  type Variant,
} from './messages.js';
import { messageOf } from '../../base/caught.js';
import { ChunkHead, FileChunk, FileControl, Offer, Want } from './files.js';
import { CHUNK_TAG } from './encode.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Nesting depth of a JSON text, counted outside strings, so JSON.parse never sees a bomb. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

function describe(errors: t.Errors): string {
  const paths = errors.slice(0, 3).map((e) => {
    const path = e.context
      .map((c) => c.key)
      .filter((k) => k !== '' && !/^\d+$/.test(k))
      .join('.');
    const last = e.context[e.context.length - 1];
    const expected = last?.type.name ?? 'value';
    return `${path || '(root)'}: expected ${expected}, got ${JSON.stringify(e.value)?.slice(0, 40) ?? 'undefined'}`;
  });
  return paths.join('; ');
}

/** Decodes one already-parsed JSON value; the single key picks the codec, so errors name one branch. */
export function decodeValue(value: unknown): E.Either<P2PError, Message> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return E.left(p2pError('NOT_A_MESSAGE', 'expected an object with one variant key'));
  }
  const entries: [string, unknown][] = Object.entries(value);
  const [entry] = entries;
  if (entries.length !== 1 || entry === undefined) {
    return E.left(p2pError('NOT_A_MESSAGE', `expected exactly one variant key, got ${entries.length}`));
  }
  const [tag, body] = entry;
  if (!isVariant(tag)) return E.left(p2pError('UNKNOWN_VARIANT', `unknown variant ${JSON.stringify(tag.slice(0, 32))}`));
  const result = decodeBody(tag, body);
  if (E.isLeft(result)) {
    const errors = result.left;
    const tooLong = errors.find((e) => e.context.some((c) => c.type.name === 'Name' || c.type.name === 'Content'));
    if (tooLong && typeof tooLong.value === 'string' && tooLong.value.length > 0) {
      const which = tooLong.context.some((c) => c.type.name === 'Name') ? 'NAME_TOO_LONG' : 'CONTENT_TOO_LONG';
      return E.left(p2pError(which, `${tag}: ${describe([tooLong])}`));
    }
    return E.left(p2pError('BAD_FIELDS', `${tag}: ${describe(errors)}`));
  }
  return result;
}

/** `{ type, body }` from a tag and its codec; the tag stays a literal, so the result is a Message. */
const tagged = <K extends Variant, A>(type: K, codec: t.Decoder<unknown, A>, body: unknown) =>
  E.map((b: A) => ({ type, body: b }))(codec.decode(body));

/** One codec per variant; each case names its tag, so the result is a Message without a cast. */
function decodeBody(tag: Variant, body: unknown): E.Either<t.Errors, Message> {
  switch (tag) {
    case 'Discovery':
      return tagged('Discovery', Discovery, body);
    case 'Heartbeat':
      return tagged('Heartbeat', PeerId, body);
    case 'Chat':
      return tagged('Chat', Chat, body);
    case 'Exit':
      return tagged('Exit', PeerId, body);
    case 'Hello':
      return tagged('Hello', Hello, body);
    case 'Ping':
      return tagged('Ping', Ping, body);
    case 'Pong':
      return tagged('Pong', Pong, body);
    case 'Ack':
      return tagged('Ack', Ack, body);
    case 'Have':
      return tagged('Have', Have, body);
    case 'Relay':
      return tagged('Relay', Relay, body);
    case 'Refused':
      return tagged('Refused', Refused, body);
    case 'Status':
      return tagged('Status', Status, body);
    case 'Links':
      return tagged('Links', Links, body);
    case 'Channels':
      return tagged('Channels', Channels, body);
    case 'Offer':
      return tagged('Offer', Offer, body);
    case 'FileControl':
      return tagged('FileControl', FileControl, body);
    case 'Want':
      return tagged('Want', Want, body);
    case 'FileChunk':
      // In JSON (a recording) a chunk is its length and digest only: bytes never come this way.
      return tagged('FileChunk', FileChunk, body);
  }
}

/**
 * A binary chunk frame: the tag, a 2-byte header length, the JSON header
 * (`{"id","offset"}`), then the bytes. The header goes through its codec like
 * any message; the bytes are bounded by the chunk codec.
 */
function decodeChunkFrame(bytes: Uint8Array): E.Either<P2PError, MessageOf<'FileChunk'>> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.byteLength < 3) return E.left(p2pError('BAD_FIELDS', 'FileChunk: a frame too short for its header'));
  const headBytes = buf.readUInt16BE(1);
  if (3 + headBytes > buf.byteLength) return E.left(p2pError('BAD_FIELDS', 'FileChunk: a header longer than its frame'));
  let head: unknown;
  try {
    head = JSON.parse(utf8.decode(buf.subarray(3, 3 + headBytes)));
  } catch (e) {
    return E.left(p2pError('BAD_JSON', `FileChunk header: ${messageOf(e).slice(0, 80)}`));
  }
  const h = ChunkHead.decode(head);
  if (E.isLeft(h)) return E.left(p2pError('BAD_FIELDS', `FileChunk: ${describe(h.left)}`));
  const data = buf.subarray(3 + headBytes);
  const body = FileChunk.decode({ id: h.right.id, offset: h.right.offset, bytes: data.byteLength, data });
  return E.isRight(body)
    ? E.right({ type: 'FileChunk', body: body.right })
    : E.left(p2pError('BAD_FIELDS', `FileChunk: ${describe(body.left)}`));
}

/** Bytes → message: UTF-8, depth and size checked before anything is parsed. */
export function decodeMessage(bytes: Uint8Array, maxBytes: number = LIMITS.frameBytes): E.Either<P2PError, Message> {
  if (bytes.byteLength > maxBytes) {
    return E.left(p2pError('FRAME_TOO_LARGE', `message of ${bytes.byteLength} bytes exceeds ${maxBytes}`));
  }
  // JSON never starts with this byte: it marks a binary chunk frame (native links only; an original node never sends one).
  if (bytes[0] === CHUNK_TAG && maxBytes === LIMITS.frameBytes) return decodeChunkFrame(bytes);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return E.left(p2pError('NOT_UTF8', 'message is not valid UTF-8'));
  }
  if (jsonDepth(text) > LIMITS.jsonDepth) {
    return E.left(p2pError('TOO_DEEP', `JSON nested deeper than ${LIMITS.jsonDepth}`));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return E.left(p2pError('BAD_JSON', `not JSON: ${messageOf(e).slice(0, 80)}`));
  }
  const decoded = decodeValue(value);
  // A chunk's bytes come in a binary frame only; as JSON it is a recording's note, never a peer's chunk.
  if (E.isRight(decoded) && decoded.right.type === 'FileChunk')
    return E.left(p2pError('BAD_FIELDS', 'FileChunk: sent as JSON, not as a chunk frame'));
  return decoded;
}
