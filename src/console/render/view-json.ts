import type { ChatView, PeerView } from '../../../machines/events.js';
import type { TransferView } from '../../../machines/transfer-events.js';
import type { StoredChat } from '../../wire/ports/index.js';
import type { Output } from '../output.js';

/**
 * The `--json` form of every output: one object per line, snake_case fields,
 * for scripts. Names and content go out as they came (JSON escapes them); the
 * human form (view.ts) is the one that sanitises for a terminal.
 */

const peerJson = (p: PeerView) => ({
  id: p.id,
  name: p.name,
  address: p.address,
  port: p.port,
  state: p.state,
  legacy: p.legacy,
  verified: p.verified,
  fingerprint: p.fingerprint,
  ...(p.reason ? { reason: p.reason } : {}),
  ...(p.away !== undefined ? { away: p.away } : {}),
  ...(p.via !== undefined && p.via !== 'lan' ? { via: p.via } : {}),
  last_seen: p.lastSeen,
  rtt: p.rtt,
});

/** A channel id as its members know it (`#team`): the wire id is a normal form, not what people typed. */
type ChannelName = (id: string) => string;

const chatJson = (c: ChatView, name: ChannelName) => ({
  id: c.id,
  from_id: c.fromId,
  from_name: c.fromName,
  content: c.content,
  timestamp: c.timestamp,
  private: c.private,
  legacy: c.legacy,
  verified: c.verified,
  ...(c.caughtUp ? { caught_up: true } : {}),
  ...(c.channel !== undefined ? { channel: name(c.channel) } : {}),
});

const storedJson = (m: StoredChat, name: ChannelName) => ({
  id: m.id,
  from_id: m.fromId,
  from_name: m.fromName,
  content: m.content,
  timestamp: m.timestamp,
  private: m.toId !== null,
  legacy: m.legacy,
  verified: !m.legacy,
  ...(m.caughtUp ? { caught_up: true } : {}),
  ...(m.own ? { own: true, ...(m.toId ? { to_id: m.toId } : {}), delivered_to: m.deliveredTo } : {}),
  ...(m.channel !== null ? { channel: name(m.channel) } : {}),
});

/** One output → one JSON object per line, for scripts (`--json`); null: nothing to say in JSON. */
export function renderJson(out: Output, channelName: ChannelName = (id) => id): object | null {
  switch (out.type) {
    case 'ready':
      return {
        event: 'ready',
        id: out.id,
        name: out.name,
        port: out.port,
        address: out.address,
        ...(out.newIdentity ? { new_identity: { key_file: out.newIdentity.keyPath, fingerprint: out.newIdentity.fingerprint } } : {}),
      };
    case 'peer':
      return { event: 'peer', ...peerJson(out.peer) };
    case 'chat':
      return { event: 'chat', ...chatJson(out.chat, channelName) };
    case 'own':
      return {
        event: 'chat',
        ...chatJson(out.chat, channelName),
        own: true,
        ...(out.to ? { to_id: out.to.id, to_name: out.to.name } : {}),
      };
    case 'error':
      return { event: 'error', code: out.error.code, message: out.error.message };
    case 'joined':
      return { event: 'joined', act: out.change.act, channel: out.change.name, current: channelName(out.current) };
    case 'channels':
      return {
        event: 'channels',
        channels: out.channels.map((c) => ({
          name: c.name,
          kind: c.kind,
          current: c.current,
          members: c.members.map((m) => m.id),
          unread: c.unread,
        })),
      };
    case 'help':
      return { event: 'help', lines: out.lines };
    case 'peers':
      return { event: 'peers', peers: out.peers.map(peerJson) };
    case 'identity':
      return { event: 'identity', id: out.id, name: out.name, fingerprint: out.fingerprint };
    case 'whois':
      return { event: 'whois', ...peerJson(out.peer), refused: out.refused };
    case 'refused-keys':
      return { event: 'whois', name: out.name, refused: out.refused };
    case 'trusted': {
      const a = out.answer;
      return {
        event: 'trusted',
        name: a.name,
        fingerprint: a.kind === 'trusted' ? a.fingerprint : null,
        ...(a.kind === 'choose' || a.kind === 'no-match' ? { refused: a.fingerprints } : {}),
      };
    }
    case 'doctor':
      return { event: 'doctor', findings: out.findings.map((f) => ({ code: f.code, level: f.level, text: f.text, fix: f.fix })) };
    case 'stats':
      return {
        event: 'stats',
        messages_per_second: out.stats.messagesPerSecond,
        window_seconds: out.stats.windowSeconds,
        drops: out.stats.drops,
        peers: out.stats.peers.map((p) => ({
          id: p.id,
          name: p.name,
          state: p.state,
          rtt: p.rtt,
          last_seen: p.lastSeen,
          messages_in: p.messagesIn,
          messages_out: p.messagesOut,
          bytes_in: p.bytesIn,
          bytes_out: p.bytesOut,
        })),
      };
    case 'delivery': {
      const d = out.delivery;
      return { event: 'delivery', id: d.id, peer_id: d.peerId, peer_name: d.peerName, state: d.state, queued_at: d.queuedAt };
    }
    case 'note':
      return null; // scripts read the delivery events
    case 'history':
      return { event: 'history', messages: out.messages.map((m) => storedJson(m, channelName)) };
    case 'pending':
      return {
        event: 'pending',
        items: out.items.map((p) => ({ id: p.id, peer_name: p.peerName, queued_at: p.queuedAt, content: p.content })),
      };
    case 'bye':
      return { event: 'bye' };
    case 'clear':
      return null;
    case 'away':
      return { event: 'away', id: out.peerId, name: out.name, away: out.away };
    case 'renamed':
      return { event: 'renamed', id: out.peerId, from: out.from, to: out.to };
    case 'ignore':
      return { event: 'ignore', id: out.id, name: out.name, on: out.on };
    case 'transfer':
      return { event: 'transfer', ...transferJson(out.transfer), ...(out.rate !== undefined ? { rate: Math.round(out.rate) } : {}) };
    case 'transfers':
      return { event: 'transfers', transfers: out.transfers.map(transferJson) };
    case 'room': {
      const a = out.answer;
      if (a.kind === 'error') return { event: 'error', code: a.error.code, message: a.error.message };
      if (a.kind === 'rooms') return { event: 'rooms', rooms: a.rooms };
      const { kind, ...rest } = a;
      return { event: 'room', action: kind, ...rest };
    }
  }
}

/** A transfer for scripts: the fields, then why (failed, refused) and where it landed (done). */
const transferJson = (t: TransferView) => ({
  id: t.id,
  peer_id: t.peerId,
  direction: t.direction,
  name: t.name,
  size: t.size,
  bytes: t.bytes,
  state: t.state,
  peer_name: t.peerName,
  files: t.files,
  ...(t.reason ? { reason: t.reason } : {}),
  ...(t.path ? { path: t.path } : {}),
  ...(t.served !== undefined ? { served: t.served } : {}),
});
