import type { DeliveryState, ViewEvent } from '../../machines/index.js';

/** No imports but types: the page's script bundles this file (the unread counts are counted there). */

export interface UiChat {
  readonly id: string;
  readonly from: string;
  readonly fromId: string;
  /** The one recipient of a private message (own ones), by label. */
  readonly to: string | null;
  readonly content: string;
  readonly private: boolean;
  readonly own: boolean;
  readonly verified: boolean;
  readonly timestamp: number;
  /** Shown from the store at start or on /history, not as it happened. */
  readonly history: boolean;
  /** Own messages: where each recipient stands, by peer id. */
  readonly delivery: Record<string, { name: string; state: DeliveryState }>;
}

/** A channel the node is in: its name as its user typed it, its kind, since when. */
export type JoinedChannel = Extract<ViewEvent, { type: 'joined' }>['joined'][string];

/** One conversation (issue 23): a channel, or the private one with a peer. */
export interface UiConversation {
  /** `#lan`, `#tearn`, `~…` (a channel's wire id) or `@PEER-ID` (private with that peer). */
  readonly key: string;
  readonly kind: 'channel' | 'private';
  /** The channel's id or the peer's. */
  readonly id: string;
  /** A private one's peer as its messages named it (the peer may be gone from the table); '' for a channel. */
  name: string;
  /** Oldest first; the most recent RECENT_CHAT kept. */
  chats: UiChat[];
  /**
   * Messages of others that came live (not history, not own), ever, cut or not:
   * what a page counts unread against (unreadOf), so every page of a node,
   * live or replayed, counts by what it showed itself.
   */
  received: number;
  /** The latest message's time (s): private conversations are dropped oldest first. */
  last: number;
}

export const LAN = '#lan';
const RECENT_CHAT = 200;
const RECENT_PRIVATE = 100;

export const privateKey = (peerId: string): string => `@${peerId}`;
export const isPrivateKey = (key: string): boolean => key.startsWith('@');

/** The channels a fresh node is in: the LAN's own, from its start. */
export const onlyLan = (): Record<string, JoinedChannel> => ({ [LAN]: { name: LAN, kind: 'lan', since: 0 } });

export function conversation(all: Record<string, UiConversation>, key: string): UiConversation {
  const existing = all[key];
  if (existing) return existing;
  const fresh: UiConversation = {
    key,
    kind: isPrivateKey(key) ? 'private' : 'channel',
    id: isPrivateKey(key) ? key.slice(1) : key,
    name: '',
    chats: [],
    received: 0,
    last: 0,
  };
  all[key] = fresh;
  const privates = Object.values(all).filter((c) => c.kind === 'private');
  if (privates.length > RECENT_PRIVATE) {
    const oldest = privates.filter((c) => c !== fresh).sort((a, b) => a.last - b.last)[0];
    if (oldest) delete all[oldest.key];
  }
  return fresh;
}

/** Adds a chat once (by id), in time order (history can arrive after what it precedes); true if it is new. */
export function addChat(all: Record<string, UiConversation>, key: string, c: UiChat): boolean {
  const conv = conversation(all, key);
  if (conv.chats.some((x) => x.id === c.id)) return false;
  let i = conv.chats.length;
  while (i > 0 && (conv.chats[i - 1]?.timestamp ?? 0) > c.timestamp) i--;
  conv.chats.splice(i, 0, c);
  if (conv.chats.length > RECENT_CHAT) conv.chats.splice(0, conv.chats.length - RECENT_CHAT);
  if (!c.own && !c.history) conv.received++;
  if (conv.kind === 'private') conv.name = (c.own ? c.to : c.from) ?? conv.name;
  conv.last = Math.max(conv.last, c.timestamp);
  return true;
}

export function findChat(all: Record<string, UiConversation>, id: string): UiChat | undefined {
  for (const conv of Object.values(all)) {
    const found = conv.chats.find((c) => c.id === id);
    if (found) return found;
  }
  return undefined;
}

/** After a join, part or switch: a channel left takes its messages with it (a new join starts afresh). */
export function keepJoined(all: Record<string, UiConversation>, joined: Readonly<Record<string, JoinedChannel>>): void {
  for (const conv of Object.values(all)) if (conv.kind === 'channel' && joined[conv.id] === undefined) delete all[conv.key];
}

/** What one page has read: per conversation, how many it had received when last shown. */
export type Seen = Record<string, number>;

/** A message counts unread while its conversation is not the one shown. */
export const unreadOf = (conv: UiConversation | undefined, seen: Seen): number =>
  conv ? Math.max(0, conv.received - (seen[conv.key] ?? 0)) : 0;

/** The conversation is shown: all it received is read. */
export function markRead(conv: UiConversation | undefined, seen: Seen): void {
  if (conv) seen[conv.key] = conv.received;
}
