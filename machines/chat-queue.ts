import type { IdChat } from '../src/wire/protocol/messages.js';

/** One own chat owed to one recipient. */
export interface Queued {
  readonly chat: IdChat;
  readonly queuedAt: number;
  /** Written on some link at least once (the `sent` report goes out once). */
  readonly sent: boolean;
}

/**
 * An outbox's queue as an immutable value that costs O(1) to append to and O(k)
 * to drop k chats from the head: every version shares one append-only backing
 * array and sees only its own [start, start + length) window of it, so an older
 * snapshot never sees a later append. The naive `[...queue, chat]` made a paste
 * of 10 000 lines cost 50 million copies (issue 12's profile: 18% of the
 * sender's CPU in the garbage collector).
 *
 * Chats are sent in order, so the ones sent at least once are always a prefix:
 * `sent` counts it, instead of a flag per chat that would need a copy to set.
 */
export class ChatQueue {
  private constructor(
    private readonly backing: Queued[],
    private readonly start: number,
    readonly length: number,
    /** How many at the head have been written on some link at least once. */
    readonly sent: number,
  ) {}

  static of(items: readonly Queued[]): ChatQueue {
    let sent = 0;
    while (sent < items.length && items[sent]?.sent) sent++;
    return new ChatQueue([...items], 0, items.length, sent);
  }

  static readonly empty = ChatQueue.of([]);

  at(i: number): Queued | undefined {
    return i >= 0 && i < this.length ? this.backing[this.start + i] : undefined;
  }

  push(q: Queued): ChatQueue {
    const end = this.start + this.length;
    // Another version appended here already (a stale one being extended): copy, never overwrite.
    const backing = end === this.backing.length ? this.backing : this.backing.slice(this.start, end);
    const start = backing === this.backing ? this.start : 0;
    backing.push(q);
    return new ChatQueue(backing, start, this.length + 1, this.sent);
  }

  /** The first `n` are gone (acknowledged in order, or expired). */
  dropHead(n: number): ChatQueue {
    const k = Math.min(Math.max(0, n), this.length);
    return k === 0 ? this : new ChatQueue(this.backing, this.start + k, this.length - k, Math.max(0, this.sent - k));
  }

  /** Marks the first `n` as sent (they were written on a link). */
  sentUpTo(n: number): ChatQueue {
    return n <= this.sent ? this : new ChatQueue(this.backing, this.start, this.length, Math.min(n, this.length));
  }

  /**
   * Without the acknowledged chats. Only chats written on a link can be
   * acknowledged, so only the sent prefix is searched; a run at the head (acks
   * come for the oldest in flight) costs its length, anything else one rebuild
   * of that prefix.
   */
  without(ids: ReadonlySet<string>): { queue: ChatQueue; dropped: { item: Queued; index: number }[] } {
    const dropped: { item: Queued; index: number }[] = [];
    let head = 0;
    for (let q = this.at(0); q && head < this.sent && ids.has(q.chat.id); q = this.at(++head)) dropped.push({ item: q, index: head });
    const rest = this.dropHead(head);
    if (dropped.length === ids.size) return { queue: rest, dropped };
    const middle = new Set<number>();
    for (let i = 0; i < rest.sent; i++) {
      const item = rest.at(i);
      if (item && ids.has(item.chat.id)) {
        middle.add(i);
        dropped.push({ item, index: head + i });
      }
    }
    if (middle.size === 0) return { queue: rest, dropped };
    const keep = rest.map((q) => q).filter((_, i) => !middle.has(i));
    return { queue: new ChatQueue(keep, 0, keep.length, rest.sent - middle.size), dropped };
  }

  map<T>(f: (q: Queued) => T): T[] {
    return this.backing.slice(this.start, this.start + this.length).map(f);
  }
}
