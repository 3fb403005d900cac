import * as E from 'fp-ts/lib/Either.js';
import { map, Observable } from 'rxjs';
import { toJson } from '../wire/protocol/encode.js';
import type { Link } from '../wire/ports/index.js';
import type { Message } from '../wire/protocol/messages.js';
import { createHash } from 'node:crypto';
import type { InputBody, InputRecord } from './format.js';

export interface BoundaryDeps {
  /** Moves the node's clock to now before an input is handled. */
  readonly advance: () => void;
  /** Re-arms the real timer after an input was handled (it may have scheduled more). */
  readonly arm: () => void;
  readonly now: () => number;
  /** Where records go; absent when not recording. */
  readonly write?: (record: InputRecord) => void;
}

/** JSON text we just wrote, back as a plain value (no `any` leaks out). */
const parsed = (text: string): unknown => JSON.parse(text);

/** A chunk is recorded as its length and SHA-256; its bytes stay out of the recording. */
function recordable(m: Message): Message {
  if (m.type !== 'FileChunk' || !m.body.data) return m;
  const { data, ...rest } = m.body;
  return { type: 'FileChunk', body: { ...rest, sha256: createHash('sha256').update(data).digest('hex') } };
}

/**
 * The transport boundary: every input passes here on its way into the core.
 * Each one first brings the clock to its moment, is recorded with that time,
 * and only then is handled, so a recording holds exactly what the core saw,
 * in the order and at the times it saw it.
 */
export class Boundary {
  constructor(private readonly deps: BoundaryDeps) {}

  /** Several records at one moment: the lines typed in one turn, handled as one batch. */
  private enter(body: InputBody | readonly InputBody[] | null): void {
    this.deps.advance();
    const t = this.deps.now();
    const bodies: readonly InputBody[] = body === null ? [] : Array.isArray(body) ? body : [body];
    if (this.deps.write) for (const b of bodies) this.deps.write({ ...b, t });
  }

  input<T>(source: Observable<T>, record: (v: T) => InputBody | readonly InputBody[] | null, end?: () => InputBody | null): Observable<T> {
    return new Observable<T>((sub) =>
      source.subscribe({
        next: (v) => {
          // Built only when recording: a chunk's record costs a hash of its bytes.
          this.enter(this.deps.write ? record(v) : null);
          sub.next(v);
          this.deps.arm();
        },
        error: (e) => sub.error(e),
        complete: () => {
          this.enter(end ? end() : null);
          sub.complete();
          this.deps.arm();
        },
      }),
    );
  }

  /** A link whose arrival, every message and whose end pass the boundary. */
  link(link: Link): Link {
    const messages$ = this.input(
      link.messages$,
      (m): InputBody =>
        E.isLeft(m)
          ? { kind: 'link-error', link: link.id, code: m.left.code, message: m.left.message }
          : { kind: 'link-message', link: link.id, message: parsed(toJson(recordable(m.right))) },
      () => ({ kind: 'link-down', link: link.id }),
    );
    return {
      id: link.id,
      direction: link.direction,
      hello: link.hello,
      remoteKey: link.remoteKey,
      remoteAddress: link.remoteAddress,
      ...(link.via !== undefined ? { via: link.via } : {}),
      messages$,
      send: (m) => link.send(m),
      ping: (seq) => link.ping(seq),
      drained: (low) => link.drained?.(low) ?? Promise.resolve(),
      close: (graceMs) => link.close(graceMs),
    };
  }

  /** Links as they come up (inbound or dialed): the arrival is an input, and so is all that follows. */
  links(source: Observable<Link>): Observable<Link> {
    return this.input(source, (link) => ({
      kind: 'link-up',
      link: link.id,
      direction: link.direction,
      address: link.remoteAddress,
      key: link.remoteKey,
      hello: { ...link.hello },
      ...(link.via !== undefined ? { via: link.via } : {}),
    })).pipe(map((link) => this.link(link)));
  }

  /** Ids made while handling an input are recorded, so a replay makes the same ones. */
  ids(newId: () => string): () => string {
    return () => {
      const value = newId();
      if (this.deps.write) this.deps.write({ kind: 'id', value, t: this.deps.now() });
      return value;
    };
  }

  /** An answer the core got from outside while handling an input (a store read): recorded, not an input itself. */
  answer(value: unknown): void {
    if (this.deps.write) this.deps.write({ kind: 'answer', value, t: this.deps.now() });
  }

  record(body: InputBody): void {
    this.enter(body);
  }
}
