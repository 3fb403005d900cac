import type { NodeEvent, PeerView } from '../../../machines/events.js';
import { encodeMessage } from '../../wire/protocol/encode.js';
import type { ErrorCode } from '../../wire/protocol/errors.js';
import type { Message } from '../../wire/protocol/messages.js';

/** Why an input was dropped, as `/stats` counts it. */
export type DropReason = 'rate_limit' | 'decode' | 'size' | 'refused';

const REASONS: Partial<Record<ErrorCode, DropReason>> = {
  RATE_LIMITED: 'rate_limit',
  DATAGRAM_TOO_LARGE: 'size',
  FRAME_TOO_LARGE: 'size',
  CONTENT_TOO_LONG: 'size',
  LEGACY_TOO_LONG: 'size',
  NAME_TOO_LONG: 'size',
  BAD_JSON: 'decode',
  NOT_UTF8: 'decode',
  TOO_DEEP: 'decode',
  NOT_A_MESSAGE: 'decode',
  UNKNOWN_VARIANT: 'decode',
  BAD_FIELDS: 'decode',
  BAD_PREFACE: 'decode',
  UNSIGNED_BEACON: 'refused',
  BAD_SIGNATURE: 'refused',
  ID_MISMATCH: 'refused',
  STALE_BEACON: 'refused',
  REPLAYED_BEACON: 'refused',
  KEY_CHANGED: 'refused',
  KEY_MISMATCH: 'refused',
  LEGACY_IMPERSONATION: 'refused',
  UNEXPECTED_MESSAGE: 'refused',
};

export interface PeerStats {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly rtt: number | null;
  readonly lastSeen: number;
  readonly messagesIn: number;
  readonly messagesOut: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
}

export interface Stats {
  /** Chats in and out per second over the last `windowSeconds`. */
  readonly messagesPerSecond: number;
  readonly windowSeconds: number;
  readonly drops: Readonly<Record<DropReason, number>>;
  readonly peers: readonly PeerStats[];
}

const WINDOW_S = 10;

/**
 * Live counters, fed from the same events the machines get and the effects they
 * emit. Time is handed in, so the numbers replay like everything else.
 */
export class Metrics {
  private readonly perPeer = new Map<string, { messagesIn: number; messagesOut: number; bytesIn: number; bytesOut: number }>();
  private readonly drops: Record<DropReason, number> = { rate_limit: 0, decode: 0, size: 0, refused: 0 };
  /** Every error by its code, and the beacons heard: the doctor's evidence (/doctor). */
  private readonly codes = new Map<string, number>();
  private beacons = 0;
  /** Chats per whole second, for the last WINDOW_S seconds. */
  private readonly buckets = new Map<number, number>();

  private peer(id: string) {
    let p = this.perPeer.get(id);
    if (!p) this.perPeer.set(id, (p = { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0 }));
    return p;
  }

  private tick(now: number): void {
    const s = Math.floor(now / 1000);
    this.buckets.set(s, (this.buckets.get(s) ?? 0) + 1);
    for (const k of this.buckets.keys()) if (k <= s - WINDOW_S) this.buckets.delete(k);
  }

  input(e: NodeEvent, now: number): void {
    if (e.type === 'BEACON') this.beacons++;
    if (e.type !== 'CHAT_IN') return;
    const p = this.peer(e.peerId);
    p.messagesIn++;
    p.bytesIn += encodeMessage({ type: 'Chat', body: e.chat }).byteLength;
    this.tick(now);
  }

  /** A message that went on the wire to `peerId` (a refused or failed send never gets here). */
  written(peerId: string, message: Message, now: number): void {
    if (message.type !== 'Chat') return;
    const p = this.peer(peerId);
    p.messagesOut++;
    // The bytes the link sent: the same memo, so counting costs no second encoding.
    p.bytesOut += encodeMessage(message).byteLength;
    this.tick(now);
  }

  error(code: ErrorCode): void {
    const reason = REASONS[code];
    if (reason) this.drops[reason]++;
    this.codes.set(code, (this.codes.get(code) ?? 0) + 1);
  }

  /** What the doctor reads: errors by code and beacons heard since start. */
  evidence(): { readonly errors: Readonly<Record<string, number>>; readonly beacons: number } {
    return { errors: Object.fromEntries(this.codes), beacons: this.beacons };
  }

  snapshot(now: number, peers: readonly PeerView[]): Stats {
    const since = Math.floor(now / 1000) - WINDOW_S;
    let n = 0;
    for (const [k, v] of this.buckets) if (k > since) n += v;
    return {
      messagesPerSecond: n / WINDOW_S,
      windowSeconds: WINDOW_S,
      drops: { ...this.drops },
      peers: peers.map((v) => {
        const c = this.perPeer.get(v.id) ?? { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0 };
        return { id: v.id, name: v.name, state: v.state, rtt: v.rtt, lastSeen: v.lastSeen, ...c };
      }),
    };
  }
}
