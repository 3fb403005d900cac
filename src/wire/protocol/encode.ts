import { LAN_CHANNEL } from './channel-id.js';
import type { Chat, Hello, Message, Ping } from './messages.js';

/**
 * Encoders write keys in the original's field order so that the original
 * messages come out byte for byte as serde_json writes them (compact, raw UTF-8).
 * Optional fields of ours follow the original ones and are left out when absent.
 */
/** A Discovery's fields as plain values: what a beacon we sign holds before any codec has seen it. */
export interface DiscoveryFields {
  readonly id: string;
  readonly name: string;
  readonly ip: string;
  readonly port: number;
  readonly version?: number;
  readonly key?: string;
  readonly ts?: number;
  readonly ctr?: number;
  readonly sig?: string;
}

function discovery(d: DiscoveryFields): object {
  const out: Record<string, unknown> = { id: d.id, name: d.name, ip: d.ip, port: d.port };
  for (const k of ['version', 'key', 'ts', 'ctr', 'sig'] as const) if (d[k] !== undefined) out[k] = d[k];
  return out;
}

function chat(c: Chat): object {
  const out: Record<string, unknown> = {
    from_id: c.from_id,
    from_name: c.from_name,
    content: c.content,
    timestamp: c.timestamp,
  };
  if (c.id !== undefined) out['id'] = c.id;
  if (c.private !== undefined) out['private'] = c.private;
  if (c.seq !== undefined) out['seq'] = c.seq;
  if (c.sig !== undefined) out['sig'] = c.sig;
  // A `#lan` chat is written as before channels, byte for byte: absent means `#lan`.
  if (c.channel !== undefined && c.channel !== LAN_CHANNEL) out['channel'] = c.channel;
  return out;
}

const hello = (h: Hello): object => ({ id: h.id, name: h.name, port: h.port, version: h.version });
const ping = (p: Ping): object => ({ seq: p.seq, sent: p.sent });

export function toJson(m: Message): string {
  switch (m.type) {
    case 'Discovery':
      return JSON.stringify({ Discovery: discovery(m.body) });
    case 'Chat':
      return JSON.stringify({ Chat: chat(m.body) });
    case 'Heartbeat':
      return JSON.stringify({ Heartbeat: m.body });
    case 'Exit':
      return JSON.stringify({ Exit: m.body });
    case 'Hello':
      return JSON.stringify({ Hello: hello(m.body) });
    case 'Ping':
      return JSON.stringify({ Ping: ping(m.body) });
    case 'Pong':
      return JSON.stringify({ Pong: ping(m.body) });
    case 'Ack':
      return JSON.stringify({ Ack: { ids: m.body.ids } });
    case 'Have':
      return JSON.stringify({ Have: { authors: m.body.authors } });
    case 'Relay':
      return JSON.stringify({ Relay: { chat: chat(m.body.chat), key: m.body.key } });
    case 'Refused':
      return JSON.stringify({ Refused: { code: m.body.code, reason: m.body.reason } });
    case 'Status':
      return JSON.stringify({ Status: { away: m.body.away } });
    case 'Links':
      return JSON.stringify({ Links: { peers: m.body.peers } });
    case 'Channels':
      return JSON.stringify({ Channels: { lan: m.body.lan, secret: m.body.secret } });
    case 'Offer': {
      const o = m.body;
      return JSON.stringify({ Offer: { id: o.id, name: o.name, size: o.size, files: o.files, piece: o.piece, pieces: o.pieces } });
    }
    case 'FileControl':
      return JSON.stringify({ FileControl: m.body });
    case 'Want':
      return JSON.stringify({ Want: { id: m.body.id, offset: m.body.offset, bytes: m.body.bytes } });
    case 'FileChunk': {
      // As JSON (a recording), a chunk is its length and digest: the bytes are not kept.
      const c = m.body;
      return JSON.stringify({ FileChunk: { id: c.id, offset: c.offset, bytes: c.bytes, ...(c.sha256 ? { sha256: c.sha256 } : {}) } });
    }
  }
}

/** First byte of a binary chunk frame; JSON never starts with it. */
export const CHUNK_TAG = 0x00;

/** A chunk frame: the tag, a 2-byte header length, `{"id","offset"}`, the bytes. */
function chunkFrame(c: Extract<Message, { type: 'FileChunk' }>['body']): Buffer {
  const head = Buffer.from(JSON.stringify({ id: c.id, offset: c.offset }), 'utf8');
  const data = c.data ?? Buffer.alloc(0);
  const out = Buffer.allocUnsafe(3 + head.byteLength + data.byteLength);
  out[0] = CHUNK_TAG;
  out.writeUInt16BE(head.byteLength, 1);
  out.set(head, 3);
  out.set(data, 3 + head.byteLength);
  return out;
}

/**
 * A chat's bytes, by chat: a broadcast to 16 peers hands the same chat object
 * to 16 links, and it is encoded once (the memo goes with the chat).
 */
const chatBytes = new WeakMap<object, Buffer>();

export const encodeMessage = (m: Message): Buffer => {
  if (m.type === 'FileChunk') return chunkFrame(m.body);
  if (m.type !== 'Chat') return Buffer.from(toJson(m), 'utf8');
  const known = chatBytes.get(m.body);
  if (known) return known;
  const bytes = Buffer.from(toJson(m), 'utf8');
  chatBytes.set(m.body, bytes);
  return bytes;
};

/** One of our beacons, byte for byte as the original Discovery with our fields after. */
export const encodeBeacon = (d: DiscoveryFields): Buffer => Buffer.from(JSON.stringify({ Discovery: discovery(d) }), 'utf8');

/** The original Chat, without our fields: what a legacy peer is sent. */
export const legacyChat = (c: Chat): Message => ({
  type: 'Chat',
  body: { from_id: c.from_id, from_name: c.from_name, content: c.content, timestamp: c.timestamp },
});
