import * as E from 'fp-ts/lib/Either.js';
import { catchError, defer, EMPTY, from, map, merge, mergeMap, Observable, of } from 'rxjs';
import type { Emitted, ErrorView } from '../machines/events.js';
import { encodeMessage, legacyChat } from '../src/wire/protocol/encode.js';
import { errorView, ownErrorView } from '../machines/error-view.js';
import { LIMITS } from '../src/wire/protocol/limits.js';
import type { Link, LinkTransport } from '../src/wire/ports/index.js';
import type { P2PError } from '../src/wire/protocol/errors.js';
import type { Message } from '../src/wire/protocol/messages.js';
import { ofType } from './of-type.js';

/** What the fan-out needs from the world: handed in, never built here. */
export interface FanoutDeps {
  readonly transport: Pick<LinkTransport, 'sendOneShot'>;
  readonly link: (linkId: string) => Link | undefined;
}

/** A message that went on the wire (what the out counters count). */
export interface Written {
  readonly type: 'written';
  readonly peerId: string;
  readonly message: Message;
}

/**
 * Writes asked for by the machines. Link writes never block (the link buffers,
 * bounded); one-shot legacy sends run concurrently, each with its own timeout,
 * so one dead peer never holds up a message to another. Failures come back as
 * error views.
 */
export function writes(emitted$: Observable<Emitted>, deps: FanoutDeps): Observable<ErrorView | Written> {
  let seq = 0;
  const onLink = (
    linkId: string,
    send: (l: Link) => E.Either<P2PError, void>,
    written: Written | null,
  ): Observable<ErrorView | Written> => {
    const link = deps.link(linkId);
    if (!link) return EMPTY; // closed meanwhile: the machine hears LINK_DOWN and redials
    const r = send(link);
    if (E.isRight(r)) return written ? of(written) : EMPTY;
    // A link that is closing is no news: LINK_DOWN follows, and nothing unacknowledged is lost.
    if (r.left.code === 'LINK_CLOSED') return EMPTY;
    return of(errorView('SEND_FAILED', `to ${link.hello.name}: ${r.left.message}`));
  };
  return merge(
    emitted$.pipe(
      ofType('send'),
      mergeMap((e) => onLink(e.linkId, (l) => l.send(e.message), { type: 'written', peerId: e.peerId, message: e.message })),
    ),
    emitted$.pipe(
      ofType('ping'),
      mergeMap((e) => onLink(e.linkId, (l) => l.ping(seq++), null)),
    ),
    emitted$.pipe(
      ofType('closeLink'),
      mergeMap((e) => {
        // A replaced link may still carry the peer's last messages: read it to its end.
        const link = deps.link(e.linkId);
        if (e.refused) link?.send({ type: 'Refused', body: e.refused });
        void link?.close(LIMITS.linkDrainMs);
        return EMPTY;
      }),
    ),
    emitted$.pipe(
      ofType('sendLegacy'),
      mergeMap((e) => {
        // An original node reads only the original fields: ours are left out.
        const message = e.message.type === 'Chat' ? legacyChat(e.message.body) : e.message;
        const bytes = encodeMessage(message);
        // A chat refused or lost answers the user's own line: shown each time. An Exit at quit is not theirs.
        const fail = e.message.type === 'Chat' ? ownErrorView : errorView;
        if (bytes.byteLength > LIMITS.legacyMessageBytes) {
          return of(
            fail(
              'LEGACY_TOO_LONG',
              `message is ${bytes.byteLength} bytes; original nodes read at most ${LIMITS.legacyMessageBytes}. Not sent.`,
            ),
          );
        }
        return defer(() => from(deps.transport.sendOneShot(e.address, e.port, bytes))).pipe(
          map((): Written => ({ type: 'written', peerId: e.peerId, message })),
          catchError((err: Error) => of(fail('SEND_FAILED', `to ${e.address}:${e.port}: ${err.message}`))),
        );
      }),
    ),
  );
}
