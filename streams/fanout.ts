import * as E from 'fp-ts/lib/Either.js';
import { catchError, defer, filter, from, merge, mergeMap, Observable, of, EMPTY } from 'rxjs';
import type { Effect, Emitted, ViewEvent } from '../machines/events.js';
import { encodeMessage, legacyChat } from '../src/wire/protocol/encode.js';
import { errorView } from '../machines/error-view.js';
import { LIMITS } from '../src/wire/protocol/limits.js';
import type { Link, LinkTransport } from '../src/wire/ports.js';
import type { P2PError } from '../src/wire/protocol/errors.js';
import { pingOf } from '../src/wire/protocol/messages.js';

/** What the fan-out needs from the world: handed in, never built here. */
export interface FanoutDeps {
  readonly transport: Pick<LinkTransport, 'sendOneShot'>;
  readonly link: (linkId: string) => Link | undefined;
  readonly now: () => number;
}

export const ofType =
  <K extends Effect['type']>(type: K) =>
  (source: Observable<Emitted>) =>
    source.pipe(filter((e): e is Extract<Effect, { type: K }> => e.type === type));

/**
 * Writes asked for by the machines. Link writes never block (the link buffers,
 * bounded); one-shot legacy sends run concurrently, each with its own timeout,
 * so one dead peer never holds up a message to another. Failures come back as
 * error views.
 */
export function writes(emitted$: Observable<Emitted>, deps: FanoutDeps): Observable<ViewEvent> {
  let seq = 0;
  const onLink = (linkId: string, send: (l: Link) => E.Either<P2PError, void>): Observable<ViewEvent> => {
    const link = deps.link(linkId);
    if (!link) return EMPTY; // closed meanwhile: the machine hears LINK_DOWN and redials
    const r = send(link);
    // A link that is closing is no news: LINK_DOWN follows, and nothing unacknowledged is lost.
    if (E.isRight(r) || r.left.code === 'LINK_CLOSED') return EMPTY;
    return of(errorView('SEND_FAILED', `to ${link.hello.name}: ${r.left.message}`));
  };
  return merge(
    emitted$.pipe(
      ofType('send'),
      mergeMap((e) => onLink(e.linkId, (l) => l.send(e.message))),
    ),
    emitted$.pipe(
      ofType('ping'),
      mergeMap((e) => {
        const ping = pingOf(seq++, deps.now());
        return ping ? onLink(e.linkId, (l) => l.send({ type: 'Ping', body: ping })) : EMPTY;
      }),
    ),
    emitted$.pipe(
      ofType('closeLink'),
      mergeMap((e) => {
        // A replaced link may still carry the peer's last messages: read it to its end.
        void deps.link(e.linkId)?.close(LIMITS.linkDrainMs);
        return EMPTY;
      }),
    ),
    emitted$.pipe(
      ofType('sendLegacy'),
      mergeMap((e) => {
        // An original node reads only the original fields: ours are left out.
        const bytes = encodeMessage(e.message.type === 'Chat' ? legacyChat(e.message.body) : e.message);
        if (bytes.byteLength > LIMITS.legacyMessageBytes) {
          return of(
            errorView(
              'LEGACY_TOO_LONG',
              `message is ${bytes.byteLength} bytes; original nodes read at most ${LIMITS.legacyMessageBytes}. Not sent.`,
            ),
          );
        }
        return defer(() => from(deps.transport.sendOneShot(e.address, e.port, bytes))).pipe(
          mergeMap(() => EMPTY),
          catchError((err: Error) => of(errorView('SEND_FAILED', `to ${e.address}:${e.port}: ${err.message}`))),
        );
      }),
    ),
  );
}
