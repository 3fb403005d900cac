import { pieceCount, pieceSpan } from '../src/wire/protocol/file-layout.js';

/**
 * A receiver's plan: which pieces it holds (verified), which it has asked for
 * on the current link, which are written and waiting for their hash check.
 * Immutable values and pure steps, so the transfer machine stays a machine and
 * a spec can walk a whole transfer, with breaks and bad pieces, in virtual time.
 *
 * The window counts bytes asked for and not yet checked: a receiver whose disk
 * is slow asks for nothing more until it has caught up, so the sender slows,
 * and a kill loses at most one window (what was asked for and not verified).
 */
export interface Plan {
  readonly size: number;
  readonly piece: number;
  readonly pieces: number;
  /** One bit per piece (1: verified), base64: kept in the store as it is. */
  readonly verified: string;
  readonly verifiedBytes: number;
  /** Bumped on each new link: writes asked for on an older link are ignored when they land. */
  readonly pass: number;
  /** Pieces still to ask for on this link, in order; the head may be asked for in part already. */
  readonly todo: readonly number[];
  /** Bytes of the head piece already asked for. */
  readonly headAsked: number;
  /** Ranges asked for, in order; chunks must arrive as their heads. */
  readonly asked: readonly { readonly offset: number; readonly bytes: number }[];
  /** Bytes asked for and not yet checked (the window). */
  readonly inFlight: number;
  /** Bytes written per piece on this pass, not yet checked. */
  readonly written: Readonly<Record<number, number>>;
  /** Bad hashes per piece, all passes. */
  readonly tries: Readonly<Record<number, number>>;
}

const bits = (verified: string, pieces: number): Buffer => {
  const b = Buffer.alloc(Math.ceil(pieces / 8));
  Buffer.from(verified, 'base64').copy(b);
  return b;
};
const isSet = (b: Buffer, i: number): boolean => ((b[i >> 3] ?? 0) & (1 << (i & 7))) !== 0;
export const isVerified = (p: Plan, i: number): boolean => isSet(bits(p.verified, p.pieces), i);

export function newPlan(size: number, piece: number, verified = ''): Plan {
  const pieces = pieceCount(size, piece);
  const plan: Plan = {
    size,
    piece,
    pieces,
    verified,
    verifiedBytes: 0,
    pass: 0,
    todo: [],
    headAsked: 0,
    asked: [],
    inFlight: 0,
    written: {},
    tries: {},
  };
  const b = bits(verified, pieces);
  let verifiedBytes = 0;
  for (let i = 0; i < pieces; i++) if (isSet(b, i)) verifiedBytes += pieceSpan(size, piece, i).bytes;
  return { ...plan, verifiedBytes };
}

export const complete = (p: Plan): boolean => p.verifiedBytes === p.size;

/** A new link: what was asked on the old one is lost; every unverified piece is asked for again, in order. */
export function restart(p: Plan): Plan {
  const b = bits(p.verified, p.pieces);
  const todo: number[] = [];
  for (let i = 0; i < p.pieces; i++) if (!isSet(b, i)) todo.push(i);
  return { ...p, pass: p.pass + 1, todo, headAsked: 0, asked: [], inFlight: 0, written: {} };
}

/** The Wants to send now: ranges within one piece, each at most `wantBytes`, while the window has room. */
export function nextWants(p: Plan, window: number, wantBytes: number): { plan: Plan; wants: { offset: number; bytes: number }[] } {
  const wants: { offset: number; bytes: number }[] = [];
  let { todo, headAsked, inFlight } = p;
  for (;;) {
    const head = todo[0];
    if (head === undefined) break;
    const span = pieceSpan(p.size, p.piece, head);
    const bytes = Math.min(wantBytes, span.bytes - headAsked);
    if (inFlight + bytes > window && inFlight > 0) break;
    wants.push({ offset: span.offset + headAsked, bytes });
    inFlight += bytes;
    headAsked += bytes;
    if (headAsked >= span.bytes) {
      todo = todo.slice(1);
      headAsked = 0;
    }
  }
  return { plan: { ...p, todo, headAsked, inFlight, asked: [...p.asked, ...wants] }, wants };
}

/** A chunk arrived: taken only as the head of what was asked for (a link delivers in order); null otherwise. */
export function takeChunk(p: Plan, offset: number, bytes: number): Plan | null {
  const [first, ...rest] = p.asked;
  if (!first || first.offset !== offset || bytes > first.bytes) return null;
  const left = first.bytes - bytes;
  return { ...p, asked: left > 0 ? [{ offset: offset + bytes, bytes: left }, ...rest] : rest };
}

/** A chunk is on disk; a piece whose bytes are all written is ready for its check. */
export function wrote(p: Plan, pass: number, offset: number, bytes: number): { plan: Plan; check: number | null } {
  if (pass !== p.pass) return { plan: p, check: null };
  const i = Math.floor(offset / p.piece);
  const done = (p.written[i] ?? 0) + bytes;
  const plan = { ...p, written: { ...p.written, [i]: done } };
  return { plan, check: done >= pieceSpan(p.size, p.piece, i).bytes ? i : null };
}

/**
 * A piece's check came back. Good: it is verified and leaves the window. Bad:
 * it is asked for again, first; after `retries` bad copies, `failed`.
 */
export function checked(p: Plan, pass: number, i: number, good: boolean, retries: number): { plan: Plan; failed: boolean } {
  if (pass !== p.pass || isVerified(p, i)) return { plan: p, failed: false };
  const span = pieceSpan(p.size, p.piece, i);
  const { [i]: _done, ...written } = p.written;
  const inFlight = Math.max(0, p.inFlight - span.bytes);
  if (good) {
    const b = bits(p.verified, p.pieces);
    b[i >> 3] = (b[i >> 3] ?? 0) | (1 << (i & 7));
    return {
      plan: { ...p, verified: b.toString('base64'), verifiedBytes: p.verifiedBytes + span.bytes, written, inFlight },
      failed: false,
    };
  }
  const tries = (p.tries[i] ?? 0) + 1;
  // Asked for again at once: ahead of the head piece, whose asking is left as it was.
  const head = p.todo[0];
  const todo = p.headAsked > 0 && head !== undefined ? [head, i, ...p.todo.slice(1)] : [i, ...p.todo];
  const plan = { ...p, todo, written, inFlight, tries: { ...p.tries, [i]: tries } };
  return { plan, failed: tries >= retries };
}
