import type { Effect, NodeEvent, PeerView, ViewEvent } from '../../machines/index.js';
import { DeliveryNotes, type Output, type Query, type Self } from '../console/index.js';
import type { Link, MessageStore } from '../wire/ports/index.js';
import { LIMITS } from '../wire/protocol/limits.js';
import { LAN_CHANNEL } from '../wire/protocol/channel-id.js';
import { chatChannel, chatOf, haveOf, type IdChat, type Message } from '../wire/protocol/messages.js';

type SendChat = Extract<NodeEvent, { type: 'SEND_CHAT' }>;

export interface KeeperDeps {
  readonly store: MessageStore;
  readonly show: (o: Output) => void;
  readonly self: Self;
  readonly publicKey: string;
  readonly signChat: (chat: IdChat, seq: number) => IdChat;
  readonly now: () => number;
  readonly link: (linkId: string) => Link | undefined;
  /** The links open now, by id. */
  readonly linkIds: () => Iterable<string>;
  readonly peers: () => readonly PeerView[];
  readonly pending: () => { id: string; peerName: string; queuedAt: number; content: string }[];
  /** Own chats a peer's outbox still holds: they go by the outbox, not by catch-up. */
  readonly owed: (peerId: string) => ReadonlySet<string>;
  /** The channels the node is in now: nothing of another is passed on, even what it kept from before a /part. */
  readonly joined: () => readonly string[];
}

export interface Keeper {
  /** Signs an own room message with the next sequence number. */
  readonly signed: (e: SendChat) => SendChat;
  /** Puts an own message on disk before it is shown. */
  readonly keepOwn: (e: SendChat) => void;
  /** What the machines decided, remembered (and told to the console where it concerns own messages). */
  readonly remember: (e: Effect | ViewEvent) => void;
  /** `/history`, `/search`, `/pending`. */
  readonly answer: (q: Query) => void;
  /** The last `n` messages, at start. */
  readonly showHistory: (n: number) => void;
}

/**
 * The node's memory at work: the store remembers what the machines decide
 * (chats kept, outbox rows, deliveries, peers met), catch-up answers a peer's
 * heads from it, and the console hears how own messages fare. The machines
 * decide; this only keeps and tells.
 */
export function storeKeeper(deps: KeeperDeps): Keeper {
  /** Own room messages carry the next sequence number and our signature, so others can pass them on. */
  let ownSeq = deps.store.lastSeq(deps.self.id);
  const signed = (e: SendChat): SendChat => (e.to === null ? { ...e, chat: deps.signChat(e.chat, ++ownSeq) } : e);
  /**
   * Written, for the caller to commit (typed-lines.ts) before it is shown or sent.
   * An own message is on disk before it is shown: what the user saw as sent
   * survives a crash a moment later. A private one is owed to its recipient from
   * then on; a room message reaches whoever was away through catch-up.
   */
  const keepOwn = (e: SendChat) => {
    const at = deps.now();
    const c = e.chat;
    deps.store.save(
      {
        id: c.id,
        fromId: deps.self.id,
        fromName: c.from_name,
        toId: e.to?.id ?? null,
        channel: chatChannel(c),
        content: c.content,
        timestamp: c.timestamp,
        own: true,
        legacy: false,
        deliveredTo: [],
        ...(c.seq !== undefined && c.sig !== undefined ? { seq: c.seq, sig: c.sig, key: deps.publicKey } : {}),
      },
      at,
    );
    const legacyTo = e.to !== null && deps.peers().some((p) => p.id === e.to?.id && p.legacy);
    if (e.to !== null && !legacyTo) deps.store.enqueue(c.id, [e.to], at);
  };
  const notes = new DeliveryNotes();
  const names = (): Record<string, string> => {
    const pairs: [string, string][] = [...deps.store.knownPeers(), ...deps.peers()].map((p) => [p.id, p.name]);
    return Object.fromEntries(pairs);
  };
  /** The store remembers what the machines decided; the console hears how own messages fare. */
  const remember = (e: Effect | ViewEvent): void => {
    const at = deps.now();
    switch (e.type) {
      case 'received': {
        // Held already: nothing to write, but its ack still waits for (and needs) a commit signal.
        if (e.duplicate) return deps.store.sync();
        const key = e.relayedKey ?? (e.linkId !== null ? deps.link(e.linkId)?.remoteKey : undefined);
        const room = !e.chat.private && e.chat.seq !== undefined && e.chat.sig !== undefined && key !== undefined;
        deps.store.save(
          {
            id: e.chat.id ?? '',
            fromId: e.chat.from_id,
            fromName: e.chat.from_name,
            toId: e.chat.private ? deps.self.id : null,
            channel: chatChannel(e.chat),
            content: e.chat.content,
            timestamp: e.chat.timestamp,
            own: false,
            legacy: e.legacy,
            deliveredTo: [],
            ...(room ? { seq: e.chat.seq, sig: e.chat.sig, key } : {}),
            ...(e.relayedKey !== undefined ? { caughtUp: true } : {}),
          },
          at,
        );
        return;
      }
      case 'link':
        if (e.linkId !== null) sendHave(e.linkId);
        return;
      // Our channels changed, and every link was just told: each is asked again, so a channel
      // joined while linked is caught up as on a new link (scoped, after its membership began).
      case 'channels':
        for (const linkId of deps.linkIds()) sendHave(linkId);
        return;
      case 'catchUp':
        return catchUp(e.peerId, e.linkId, e.authors, e.channels);
      case 'membership':
        return deps.store.noteMembership(e.peerId, e.channels, at);
      // Nothing of it is kept; its ack waits for a commit signal like any other.
      case 'refusedChat':
        return deps.store.sync();
      case 'queue':
        // A private one was put in the outbox with the message itself (keepOwn), before it was shown.
        if (e.to === null) deps.store.enqueue(e.chat.id, e.recipients, at);
        return notes.queued(e).forEach((text) => deps.show({ type: 'note', id: e.chat.id, text }));
      case 'delivery':
        if (e.delivery.state === 'delivered' || e.delivery.state === 'expired')
          deps.store.settle(e.delivery.id, e.delivery.peerId, e.delivery.state, at);
        return notes.delivery(e.delivery).forEach((text) => deps.show({ type: 'note', id: e.delivery.id, text }));
      case 'peer':
        if (e.peer.state === 'connected' && e.peer.verified) deps.store.notePeer({ id: e.peer.id, name: e.peer.name, lastSeen: at });
        return;
      default:
        return;
    }
  };
  const send = (linkId: string, m: Message) => deps.link(linkId)?.send(m);
  const sendHave = (linkId: string) => {
    send(linkId, { type: 'Have', body: haveOf(deps.store.heads()) });
  };
  /**
   * What the peer lacks after its heads, oldest first per author, within the catch-up bounds,
   * and only what it was a member for: messages of channels it is in (on this link, and so are
   * we), kept here after this node saw it join them. Its start is what this node observed
   * (the store's first meeting, its first announcement of a channel), never what the peer
   * claims: a newcomer, or a fresh identity, is handed nothing of the past.
   */
  const catchUp = (peerId: string, linkId: string, theirs: Readonly<Record<string, number>>, channels: readonly string[]) => {
    const joined = new Set(deps.joined());
    const scope = { channels: channels.filter((c) => joined.has(c)), after: deps.store.memberSince(peerId) };
    if (scope.channels.length === 0) return;
    let count = 0;
    let bytes = 0;
    const owed = deps.owed(peerId);
    for (const author of Object.keys(deps.store.heads())) {
      if (author === peerId) continue; // its own messages it has
      const from = theirs[author] ?? 0;
      if (deps.store.lastSeq(author) <= from) continue;
      for (const m of deps.store.since(author, from, LIMITS.catchUpMessages - count, scope)) {
        if (m.seq === undefined || m.sig === undefined || m.key === undefined || owed.has(m.id)) continue;
        const chat = chatOf({
          id: m.id,
          from_id: m.fromId,
          from_name: m.fromName,
          content: m.content,
          timestamp: m.timestamp,
          seq: m.seq,
          sig: m.sig,
          ...(m.channel !== null && m.channel !== LAN_CHANNEL ? { channel: m.channel } : {}),
        });
        if (chat === null) continue;
        bytes += Buffer.byteLength(m.content) + 300;
        if (++count > LIMITS.catchUpMessages || bytes > LIMITS.catchUpBytes) return;
        send(linkId, { type: 'Relay', body: { chat, key: m.key } });
      }
    }
  };
  const answer = (q: Query): void => {
    if (q.kind === 'pending') return deps.show({ type: 'pending', items: deps.pending(), now: deps.now() });
    const messages =
      q.kind === 'history'
        ? deps.store.history({ ...(q.peerId ? { peerId: q.peerId } : {}), ...(q.channel ? { channel: q.channel } : {}), limit: q.count })
        : deps.store.search(q.text, LIMITS.historyLines);
    deps.show({ type: 'history', messages, title: q.kind === 'history' ? q.title : `matching "${q.text}", newest first`, names: names() });
  };
  const showHistory = (n: number) => {
    const messages = deps.store.history({ limit: n });
    if (messages.length > 0) deps.show({ type: 'history', messages, title: 'history', names: names() });
  };
  return { signed, keepOwn, remember, answer, showHistory };
}
